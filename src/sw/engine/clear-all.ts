import type { IsrContext } from '../context/isr-context.js';
import { precacheProgress, precacheState } from '../context/precache-state.js';

/** The reason tabs are told when a response's `Clear-Site-Data` dropped their page. */
export const SITE_CLEARED = 'the site cleared its data (Clear-Site-Data)';

/**
 * Forgets everything this worker stored, as if the reader had never visited: every page (each tab showing one is
 * told, as of any dropped page), every file, every page's record and the worker's own state (the manifest's
 * validators, so the next check reads it in full; remembered redirects). For a logout: `swIsr.clear()`, and a
 * response that says `Clear-Site-Data`. The stores count the clear first, so that work which fetched before it
 * (a revalidation, a manifest check's refreshes) does not write afterwards. Entry by entry rather than deleting the
 * caches: the handles this worker opened once stay valid. The precache (the site's declared offline set, no
 * reader's own) is left to store again, as at a first install: tabs hear that it is not ready, and the next manifest
 * check runs it, or the caller at once (`runPrecache`, which this layer's revalidation may not import). Resolves
 * to the number of pages dropped, once they are.
 */
export async function clearAll(ctx: IsrContext, reason: string): Promise<number> {
  const declared = await precacheProgress(ctx);
  const cleared = ctx.db.clear();
  const cache = await ctx.cache();
  const pages = (await cache.keys()).map(({ url }) => url);
  await Promise.all(pages.map((url) => cache.delete(url)));
  await ctx.assets.clear();
  await cleared;
  // A site that declares a precache hears that none of it is stored now; one that declares none hears nothing.
  const precache = declared && { ...declared, done: 0, failed: 0, ready: false };
  precacheState(ctx).progress = precache;
  if (precache) ctx.announce({ type: 'precache', url: '', precache });
  for (const url of pages) ctx.announce({ type: 'removed', url, reason });
  return pages.length;
}
