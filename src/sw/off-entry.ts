// Entry of the prebuilt `dist/sw-isr-off-worker.js`: the way out. Deployed at the worker's own URL (what
// `sw-isr build <dir> --remove` does), it is what every returning reader's browser finds at its next update check
// (at every navigation within the worker's scope): it takes over at once, deletes what sw-isr stored (its caches
// and its database, by the names the worker read from the same URL's query), and unregisters itself. It has
// no fetch listener, so from the moment it is active every request goes to the network as if there had never been
// a worker; open tabs keep working and load their next page from the network.
import { WORKER_DEFAULTS } from '../shared/options.js';
import { optionsFromQuery } from './context/options.js';

declare let self: ServiceWorkerGlobalScope;

// Read as the worker read them, by the same function: of a name given twice the last good one, and both default cache
// names for a query naming one cache for both.
const { options } = optionsFromQuery(self.location.search);
const name = (key: 'cacheName' | 'assetCacheName' | 'dbName') => options[key] ?? WORKER_DEFAULTS[key];
const ours = [name('cacheName'), name('assetCacheName')];
/** A versioned name's family (`sw-isr-pages-v`), so that earlier versions of this install's caches go too. */
const family = (cache: string) => /^(sw-isr-(?:pages|assets)-v)\d+$/.exec(cache)?.[1];

/** Each step on its own: one that fails must not keep the next, least of all the unregistering, from running. */
async function removeAll(): Promise<void> {
  try {
    // This install's caches and their earlier versions; another install's on the same origin (other names), and
    // the site's own caches, stay.
    const families = new Set(ours.map(family).filter(Boolean));
    for (const cache of await caches.keys()) {
      if (ours.includes(cache) || families.has(family(cache))) await caches.delete(cache).catch(() => {});
    }
  } catch {
    // Cache Storage unavailable: nothing of it to delete.
  }
  await new Promise<void>((resolve) => {
    // Bounded: a deletion queued behind another version change can fire no event at all, and the activation
    // (which fetches wait for) must end.
    setTimeout(resolve, 3000);
    try {
      const request = indexedDB.deleteDatabase(name('dbName'));
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
  await self.registration.unregister();
}

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(removeAll()));
