import type { IsrContext } from '../context/isr-context.js';
import { readStamp } from '../storage/page-stamp.js';
import { removePage } from '../upkeep/remove-page.js';
import { revalidatePage } from './revalidate-page.js';
import { release, storedHeaders } from '../storage/stored-headers.js';
import { scheduleUpkeep } from '../upkeep/schedule-upkeep.js';
import { restamp } from '../storage/cleared.js';

/**
 * Marks a stored page stale whatever its age (on its own stamp, so every path that reads it agrees) and refreshes
 * it in the background. If the refresh fails, the mark stays and the next visit tries again.
 */
async function invalidatePage(ctx: IsrContext, url: string): Promise<boolean> {
  // A mark made while a revalidation runs forces one more: the running one may predate the change.
  return (await markStale(ctx, url)) && revalidatePage(ctx, url, true);
}

/** Marks a stored page stale (see invalidatePage) without refreshing it; resolves to whether it is stored. */
export async function markStale(ctx: IsrContext, url: string): Promise<boolean> {
  const clears = ctx.db.clears;
  const cache = await ctx.cache();
  const cached = await cache.match(url);
  const stamp = cached ? readStamp(cached.headers) : null;
  if (!cached || !stamp) {
    release(cached);
    return false;
  }
  if (stamp.invalidated) release(cached);
  else {
    return restamp(ctx.db, clears, cache, url, cached, { ...stamp, invalidated: true });
  }
  return true;
}

/** Applies an on-demand revalidation to stored pages; resolves to the URLs it applied to once marked or dropped. */
export async function invalidatePages(
  ctx: IsrContext,
  urls: Iterable<string>,
  hard: boolean,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<string[]> {
  const cache = await ctx.cache();
  const stored: string[] = [];
  for (const url of new Set(urls)) if (await storedHeaders(cache, url)) stored.push(url);
  if (hard) {
    await Promise.all(stored.map((url) => removePage(ctx, url, 'hard')));
    waitUntil(scheduleUpkeep(ctx));
  } else for (const url of stored) waitUntil(invalidatePage(ctx, url));
  return stored;
}
