// Entry of the prebuilt `dist/sw-isr-off.js`, deployed in place of the script tag's `sw-isr.js` by
// `sw-isr build <dir> --remove`. Instead of registering sw-isr's worker, it nudges the browser to check that
// worker's script now (any registration whose worker is the tag's `data-worker`, `/sw-isr-worker.js` by default;
// browsers check it at every navigation in its scope anyway), where sw-isr-off-worker.js takes over from the old
// worker and deletes what it stored: deleting from here, beside a worker still running, could race its writes.
// `window.swIsr` stays, as a store of a page without a worker (`unsupported`), so that a site's own code calling it
// keeps running.
import { CLIENT_DEFAULTS } from '../shared/options.js';
import { initialState } from './freshness-reduce.js';
import { freshnessSnapshot } from './freshness-snapshot.js';
import type { FreshnessStore } from './freshness-store.js';

const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};
const worker = new URL(data.worker ?? CLIENT_DEFAULTS.worker, location.href).pathname;

void navigator.serviceWorker
  ?.getRegistrations()
  .then((registrations) => {
    for (const registration of registrations) {
      const script = (registration.active ?? registration.waiting ?? registration.installing)?.scriptURL;
      if (script && new URL(script).pathname === worker) void registration.update().catch(() => {});
    }
  })
  .catch(() => {});

const snapshot = freshnessSnapshot(
  initialState(location.href.split('#')[0]!, false, navigator.onLine, null),
  Date.now(),
);
const inert: FreshnessStore & { registration: Promise<null> } = {
  getSnapshot: () => snapshot,
  subscribe: () => () => {},
  revalidate: async () => false,
  applyUpdate: async () => {},
  dismiss: () => {},
  // Nothing to clear here: the way out's worker deletes everything sw-isr stored.
  clear: async () => false,
  destroy: () => {},
  registration: Promise.resolve(null),
};
(window as unknown as { swIsr: typeof inert }).swIsr = inert;
