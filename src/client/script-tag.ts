// Entry of the prebuilt `dist/sw-isr.js`, for `<script src="/sw-isr.js" defer>` on any static site.
// data-worker, data-scope, data-banner="off", data-update="morph", data-inspector and data-replace configure this
// script; every other data-attribute is an option of the prebuilt worker (data-revalidate="300" → ?revalidate=300),
// which reports a bad one in its own console.
import type { SwIsrBanner } from './banner.js';
import { freshnessStoreWith, type FreshnessStore } from './freshness-store.js';
import type { RouterWatch } from './follow-routers.js';
import { registerWorker } from './register-worker.js';
import type { morphStored } from './morph-document.js';
import { ROUTER_METAS, scriptTagParts } from '../shared/script-tag-parts.js';

declare global {
  interface Window {
    swIsr: FreshnessStore & { registration: Promise<ServiceWorkerRegistration | null> };
    /** Set by dist/sw-isr-morph.js. */
    swIsrMorph?: typeof morphStored;
    /** The store's router watch, taken up by dist/sw-isr-routers.js. */
    swIsrRouters?: Parameters<RouterWatch>;
  }
}

const tag = document.currentScript as HTMLScriptElement;
// astroExec excepted: Astro's router marks every script it finds at load (data-astro-exec), before this one runs
// (measured in Chromium with Astro 5.18: the worker was registered as ?revalidate=3600&astroExec=).
const { worker, scope, banner, update, inspector, replace, astroExec, ...workerOptions } = tag.dataset;
const registration = new Promise<ServiceWorkerRegistration | null>((resolve) => {
  // Registering after load keeps the worker's install from competing with the page's own requests.
  const go = () =>
    resolve(
      registerWorker({
        worker,
        scope,
        replace: replace !== undefined,
        workerOptions: workerOptions as Record<string, string>,
      }).catch((error: unknown) => {
        // The error says what failed (the browser's, or the refusal to replace another worker), as one string: an
        // Error object logs as just "Error" where the console is read over WebDriver BiDi (Firefox).
        console.error(`sw-isr: ${String(error)}`);
        return null;
      }),
    );
  if (document.readyState === 'complete') go();
  else addEventListener('load', go);
});
// The parts, each from its own file next to this script, so that pages do not carry what they do not use and this
// script stays small: the banner (sw-isr-banner.js), the morph, the inspector, and the router glue on a page with a
// router to follow (its meta tag is in the head: this script runs deferred, or after it).
const parts = scriptTagParts(
  (name) => tag.dataset[name],
  ROUTER_METAS.some((name) => document.querySelector(`meta[name="${name}"]`)),
);
for (const file of parts) {
  const script = document.createElement('script');
  // Marked as the page's own, so that morphing does not count it as a script the new version lacks.
  script.dataset.isrKeep = '';
  // A page whose policy allows scripts by nonce allows this one's parts too.
  script.nonce = tag.nonce;
  script.src = new URL(file, tag.src).href;
  document.head.append(script);
}
const morph = update === 'morph';
// The watch is left for sw-isr-routers.js, which runs after this script (an inserted script runs in a task of its
// own), and catches up with a router's move made before it ran.
const store = freshnessStoreWith((...watch) => (window.swIsrRouters = watch), {
  updateMode: morph ? 'morph' : 'reload',
  // Until sw-isr-morph.js has loaded, a reload.
  morph: (url, cacheName) => window.swIsrMorph!(url, cacheName),
});
// The store itself, with the registration added: no copy, so the banner and window.swIsr share one store.
(window.swIsr = store as Window['swIsr']).registration = registration;

if (parts.includes('sw-isr-banner.js')) {
  // In the document from the start, as a polite live region, because screen readers announce changes to a region
  // that already exists, not one inserted with its text. sw-isr-banner.js defines the element, which upgrades it
  // with the store given here (a property the class leaves alone, see banner.ts).
  const element = document.createElement('sw-isr-banner') as SwIsrBanner;
  element.role = 'status';
  element.store = store;
  const mount = () => document.body.append(element);
  if (document.body) mount();
  else addEventListener('DOMContentLoaded', mount);
  // Astro's <ClientRouter /> replaces <body> on each swap: the banner goes into the new one. Here, not with the
  // router glue: a swap before that file has run (or without it) must not leave the banner in the old body.
  document.addEventListener('astro:after-swap', mount);
}
