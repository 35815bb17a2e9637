import type { IsrContext } from '../context/isr-context.js';
import { precachedUrls } from '../context/precache-state.js';
import { removePage } from './remove-page.js';
import { warn } from '../util/log.js';

/**
 * A write met the browser's quota: drops the pages read longest ago, sparing `keep` and precached pages, until about
 * twice `bytes` is free (or twenty pages are gone). Reads recorded but not written yet count.
 */
export async function evictForRoom(ctx: IsrContext, keep: string, bytes: number): Promise<void> {
  await ctx.db.flushTouches();
  const spared = new Set([keep, ...((await precachedUrls(ctx)) ?? [])]);
  let freed = 0;
  let evicted = 0;
  for (const record of await ctx.db.leastRecentlyRead(20 + spared.size, keep)) {
    if (freed >= bytes * 2 || evicted >= 20) break;
    if (spared.has(record.url)) continue;
    await removePage(ctx, record.url, 'full');
    freed += record.size;
    evicted++;
  }
  warn('quota-evicted', { pages: evicted, bytes: freed });
}
