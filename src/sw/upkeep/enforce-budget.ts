import type { IsrContext } from '../context/isr-context.js';
import type { PageRecord } from '../storage/page-meta-db.js';
import { precachedUrls } from '../context/precache-state.js';
import { removePage } from './remove-page.js';
import { pageFlights } from '../context/page-flights.js';
import { warn } from '../util/log.js';

/**
 * Drops the pages read longest ago until at most `maxEntries` pages and `maxBytes` bytes (pages plus the files only
 * they need) are kept. Reads are recorded in batches (page-meta-db.ts), so the batch in hand is written first and
 * the order is today's. Precached pages are spared: the site declared them for offline reading. Each page goes
 * whole, cache entry and record; its files go with the collector that runs next.
 */
export async function enforceBudget(ctx: IsrContext): Promise<void> {
  const { maxEntries, maxBytes } = ctx.options;
  if (maxEntries === null && maxBytes === null) return;
  await ctx.db.flushTouches();
  const records = await ctx.db.allOrNull();
  if (!records) return; // without metadata there is no read order to go by; the quota still guards the device
  const assetSizes =
    maxBytes === null
      ? new Map<string, number>()
      : new Map([...(await ctx.assets.list())].map(([url, asset]) => [url, asset.size]));
  const spared = new Set((await precachedUrls(ctx)) ?? []);
  // A file counts for as long as a kept page or the precache needs it. Files no longer needed (kept a while for the
  // tabs still showing an older version, see collect-assets.ts) do not count: no eviction could free them sooner.
  const users = new Map<string, number>();
  for (const record of records) for (const url of record.assets ?? []) users.set(url, (users.get(url) ?? 0) + 1);
  let fileBytes = 0;
  for (const [url, size] of assetSizes) if (users.has(url) || spared.has(url)) fileBytes += size;
  let count = records.length;
  let bytes = records.reduce((sum, record) => sum + record.size, 0) + fileBytes;
  const over = () => (maxEntries !== null && count > maxEntries) || (maxBytes !== null && bytes > maxBytes);
  if (!over()) return;
  const candidates = records
    .filter((record) => !spared.has(record.url) && !pageFlights(ctx).has(record.url))
    .sort((a, b) => a.lastAccessedAt - b.lastAccessedAt || a.fetchedAt - b.fetchedAt);
  const evicted: PageRecord[] = [];
  for (const record of candidates) {
    if (!over()) break;
    await removePage(ctx, record.url, 'evicted');
    evicted.push(record);
    count--;
    bytes -= record.size;
    for (const url of record.assets ?? []) {
      const left = (users.get(url) ?? 1) - 1;
      users.set(url, left);
      if (left === 0 && !spared.has(url)) bytes -= assetSizes.get(url) ?? 0;
    }
  }
  console.info('sw-isr budget-evicted', evicted.length, { pages: count, bytes });
  if (over()) warn('budget-exceeded-by-precache', { maxEntries, maxBytes });
}
