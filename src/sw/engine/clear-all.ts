import type { IsrContext } from '../context/isr-context.js';
import { precacheState } from '../context/precache-state.js';

/** The reason tabs are told when a response's `Clear-Site-Data` dropped their page. */
export const SITE_CLEARED = 'the site cleared its data (Clear-Site-Data)';

/**
 * Forgets everything this worker stored, as if the reader had never visited: every page (each tab showing one is
 * told, as of any dropped page), every file, every page's record and the worker's own state (the manifest's
 * validators and precache list, so that the next manifest check reads it in full and stores the precache again).
 * For a logout: `swIsr.clear()`, and a response that says `Clear-Site-Data`. Entry by entry rather than deleting the
 * caches: the handles this worker opened once stay valid. Resolves to the number of pages dropped.
 */
export async function clearAll(ctx: IsrContext, reason: string): Promise<number> {
  const cache = await ctx.cache();
  const pages = (await cache.keys()).map(({ url }) => url);
  await Promise.all(pages.map((url) => cache.delete(url)));
  await ctx.assets.clear();
  await ctx.db.clear();
  precacheState(ctx).progress = null;
  for (const url of pages) ctx.announce({ type: 'removed', url, reason });
  return pages.length;
}
