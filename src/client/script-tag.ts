// Entry of the prebuilt `dist/sw-isr.js`, for `<script src="/sw-isr.js" defer>` on any static site.
// data-worker, data-scope, data-banner="off" and data-update="morph" configure this script; every other data-
// attribute is an option of the prebuilt worker (data-revalidate="300" → ?revalidate=300), which reports a bad one
// in its own console.
import { defineBanner, SwIsrBanner } from './banner.js';
import { createFreshnessStore, type FreshnessStore } from './freshness-store.js';
import { registerWorker } from './register-worker.js';

declare global {
  interface Window {
    swIsr: FreshnessStore & { registration: Promise<ServiceWorkerRegistration | null> };
    /** Set by dist/sw-isr-morph.js. */
    swIsrMorph?: (next: Document) => boolean;
  }
}

const { worker, scope, banner, update, ...workerOptions } = { ...(document.currentScript as HTMLScriptElement | null)?.dataset };
const registration = new Promise<ServiceWorkerRegistration | null>((resolve) => {
  // Registering after load keeps the worker's install from competing with the page's own requests.
  const go = () => resolve(registerWorker({ worker, scope, workerOptions: workerOptions as Record<string, string> }).catch((error: unknown) => {
    console.error('sw-isr: no worker; the site works from the network', error);
    return null;
  }));
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
});
const morph = update === 'morph';
if (morph) {
  // The morph code is a file of its own, fetched only by pages that ask for it, next to this script.
  const script = document.createElement('script');
  // Marked as the page's own, so that morphing does not count it as a script the new version lacks.
  script.dataset.isrKeep = '';
  script.src = new URL('sw-isr-morph.js', (document.currentScript as HTMLScriptElement).src).href;
  document.head.append(script);
}
const store = createFreshnessStore({
  updateMode: morph ? 'morph' : 'reload',
  morph: (next) => window.swIsrMorph?.(next) ?? false,
});
window.swIsr = Object.assign(store, { registration });

// The banner is on unless data-banner says off (CLIENT_DEFAULTS.banner).
if (banner !== 'off' && banner !== 'false') {
  defineBanner();
  const element = document.createElement('sw-isr-banner') as SwIsrBanner;
  element.store = store;
  const mount = () => document.body.append(element);
  if (document.body) mount();
  else addEventListener('DOMContentLoaded', mount, { once: true });
}
