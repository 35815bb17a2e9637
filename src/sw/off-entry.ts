// Entry of the prebuilt `dist/sw-isr-off-worker.js`: the way out. Deployed at the worker's own URL (what
// `sw-isr build <dir> --remove` does), it is what every returning reader's browser finds at its next update check:
// it takes over at once, deletes what sw-isr stored (its caches and its database, by the names the worker URL's
// query gives, else the defaults), and unregisters itself. It has no fetch listener, so from the moment it is
// active every request goes to the network as if there had never been a worker; open tabs keep working and load
// their next page from the network. `?reload=once` also reloads open tabs once, after the clean-up.
import { WORKER_DEFAULTS } from '../shared/options.js';

declare let self: ServiceWorkerGlobalScope;

const query = new URLSearchParams(self.location.search);
const name = (key: 'cacheName' | 'assetCacheName' | 'dbName') => query.get(key) || WORKER_DEFAULTS[key];

async function removeAll(): Promise<void> {
  const ours = new Set([name('cacheName'), name('assetCacheName')]);
  // Every cache sw-isr named, this release's or an earlier one's (sw-isr-pages-v1, sw-isr-assets-v0…), and the
  // configured ones; the site's own caches stay.
  for (const cache of await caches.keys()) {
    if (ours.has(cache) || /^sw-isr-(pages|assets)-v\d+$/.test(cache)) await caches.delete(cache);
  }
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name('dbName'));
    // Blocked: a tab of the site holds it open (the inspector of an older release did); it goes when that closes.
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  await self.registration.unregister();
  if (query.get('reload') === 'once') {
    for (const client of await self.clients.matchAll({ type: 'window' }))
      void client.navigate(client.url).catch(() => {});
  }
}

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(removeAll()));
