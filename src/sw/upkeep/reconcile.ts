import { cacheKey } from '../storage/cache-key.js';
import type { IsrContext } from '../context/isr-context.js';
import { readStamp } from '../storage/page-stamp.js';
import { removePage } from './remove-page.js';
import { pageFlights } from '../context/page-flights.js';
import { perContext } from '../context/per-context.js';
import { warn } from '../util/log.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * A reconciliation holds this long. It lists every stored page (O(stored pages): 0.4 s of a worker's start at 10,000
 * pages, bench/results/worker-start.md), and what it heals is rare (a worker stopped between two writes), so a
 * worker that starts again within a day skips it; a new worker (a release, other options: other rules for what it
 * keeps) does it at its first start.
 */
const RECONCILE_EVERY = 24 * 3600 * 1000;

/**
 * Heals the two stores at most once a day, in the background: metadata whose page is gone from the cache is
 * deleted, and a page without metadata (a worker stopped between the two writes, or an IndexedDB that was cleared)
 * gets its record back from the stamp on the page itself. A page without a readable stamp cannot be trusted and is
 * dropped; its next visit stores it again. A page this worker may not store (under `exclude`, outside its scope: an
 * older worker's or an older configuration's), or stored under a key the current cache-key rules would not give it
 * (keys of an older release), is dropped and its tabs told.
 */
export const reconcile = (ctx: IsrContext): Promise<void> =>
  // Not while installing: the mark it would read is the worker before's, which activation sets back.
  ['installing', 'installed'].includes(self.serviceWorker?.state) ? Promise.resolve() : once(ctx);

const once = perContext(async (ctx: IsrContext) => {
  try {
    const age = Date.now() - ((await ctx.db.getState('reconciled')) ?? 0);
    // A mark from the future (the clock was put back) is no reason to wait.
    if (age >= 0 && age < RECONCILE_EVERY) return;
    await heal(ctx);
    await ctx.db.setState('reconciled', Date.now());
  } catch (error) {
    warn('reconcile-failed', error);
  }
});

/** A new worker reconciles at its first start: its rules for what it keeps may not be its predecessor's. */
export const reconcileAtStart = (ctx: IsrContext): Promise<void> => ctx.db.setState('reconciled', 0);

async function heal(ctx: IsrContext): Promise<void> {
  const cache = await ctx.cache();
  const stored = new Set((await cache.keys()).map((request) => request.url));
  for (const url of stored) {
    if (ctx.scope.page(url) && cacheKey(url, ctx.options.ignoreParams) === url) continue;
    await removePage(ctx, url, ctx.scope.page(url) ? 'unknown' : 'excluded');
    stored.delete(url);
  }
  const records = await ctx.db.all();
  const recorded = new Set(records.map((record) => record.url));
  for (const record of records) if (!stored.has(record.url)) await ctx.db.delete(record.url);
  for (const url of stored) {
    if (recorded.has(url) || pageFlights(ctx).has(url)) continue;
    const response = await cache.match(url);
    const stamp = response ? readStamp(response.headers) : null;
    if (!response || !stamp) {
      await cache.delete(url);
      continue;
    }
    await ctx.db.put({
      url,
      fetchedAt: stamp.fetchedAt,
      version: stamp.version,
      revalidate: stamp.revalidate,
      hash: stamp.hash,
      tags: stamp.tags,
      assets: stamp.assets,
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
      size: (await response.arrayBuffer()).byteLength,
      lastAccessedAt: 0,
    });
  }
}
