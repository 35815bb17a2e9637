// Entry of the prebuilt `dist/sw-isr-off.js`, deployed in place of the script tag's `sw-isr.js` by
// `sw-isr build <dir> --remove`: instead of registering sw-isr's worker, pages that still load it ask the browser
// to check that worker's script now (any registration whose worker is the tag's `data-worker`,
// `/sw-isr-worker.js` by default), so the removal takes hold at the first page a returning reader opens rather
// than at the browser's own next check. What is found there, sw-isr-off-worker.js, takes over from the old worker
// and deletes what it stored: deleting from here, beside a worker still running, could race its writes.
import { CLIENT_DEFAULTS } from '../shared/options.js';

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
