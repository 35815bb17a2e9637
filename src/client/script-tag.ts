// Entry of the prebuilt `dist/sw-isr.js`, for `<script src="/sw-isr.js" defer>` on any static site.
// data-worker, data-scope and data-banner="off" configure this script; every other data- attribute is an option of
// the prebuilt worker (data-revalidate="300" → ?revalidate=300), which reports a bad one in its own console.
import { CLIENT_DEFAULTS } from '../shared/defaults.js';
import { defineBanner, SwIsrBanner } from './banner.js';
import { createFreshnessStore, type FreshnessStore } from './freshness-store.js';
import { registerWorker } from './register-worker.js';

declare global {
  interface Window {
    swIsr: FreshnessStore & { registration: Promise<ServiceWorkerRegistration | null> };
  }
}

const { worker, scope, banner, ...workerOptions } = { ...(document.currentScript as HTMLScriptElement | null)?.dataset };
const registration = new Promise<ServiceWorkerRegistration | null>((resolve) => {
  // Registering after load keeps the worker's install from competing with the page's own requests.
  const go = () => resolve(registerWorker({ worker, scope, workerOptions: workerOptions as Record<string, string> }).catch((error: unknown) => {
    console.error('sw-isr: the worker could not be registered; the site works on without it', error);
    return null;
  }));
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
});
const store = createFreshnessStore();
window.swIsr = Object.assign(store, { registration });

if ((banner ?? String(CLIENT_DEFAULTS.banner)) !== 'off' && banner !== 'false') {
  defineBanner();
  const element = document.createElement('sw-isr-banner') as SwIsrBanner;
  element.store = store;
  const mount = () => document.body.append(element);
  if (document.body) mount();
  else addEventListener('DOMContentLoaded', mount, { once: true });
}
