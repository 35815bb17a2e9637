import type { IsrContext } from '../context/isr-context.js';
import { perContext } from '../context/per-context.js';
import { precacheState } from '../context/precache-state.js';
import { forgetLandings } from './remembered-redirects.js';

/**
 * Forgets everything this worker stored, as if the reader had never visited: every page (each tab showing one is
 * told, as of any dropped page), every file, every page's record and the worker's own state (the manifest's
 * validators, so the next check reads it in full; remembered redirects). For a logout: `swIsr.clear()`, and a
 * response that says `Clear-Site-Data`. The stores count the clear first, so that work which fetched before it
 * (a revalidation, a manifest check's refreshes) does not write afterwards. Entry by entry rather than deleting the
 * caches: the handles this worker opened once stay valid. Then what runs after a clear (`afterClear`: the
 * entry wires the precache, the site's declared offline set and no reader's own, stored again as at a first install;
 * this layer's revalidation may not import it) starts, in `waitUntil`; tabs hear the precache not ready meanwhile.
 * Resolves to the number of pages dropped, once they are.
 */
export async function clearAll(
  ctx: IsrContext,
  reason: 'cleared' | 'site-cleared',
  waitUntil: (work: Promise<unknown>) => void,
): Promise<number> {
  // Counted before anything else, synchronously: from here on, no work begun earlier writes.
  const records = ctx.db.clear();
  const files = ctx.assets.clear();
  // Awaited below; marked as heard now, so that a failure of the pages' deletion first leaves no unhandled rejection.
  for (const step of [records, files]) step.catch(() => {});
  forgetLandings(ctx);
  const declared = precacheState(ctx).progress;
  const cache = await ctx.cache();
  const pages = (await cache.keys()).map(({ url }) => url);
  await Promise.all(pages.map((url) => cache.delete(url)));
  await files;
  await records;
  // A site that declares a precache hears that none of it is stored now; one that declares none hears nothing.
  const precache = declared && { ...declared, done: 0, failed: 0, ready: false };
  precacheState(ctx).progress = precache;
  if (precache) ctx.announce({ type: 'precache', url: '', precache });
  for (const url of pages) ctx.announce({ type: 'removed', url, reason });
  const after = afterClear(ctx).run;
  if (after) waitUntil(after().catch(() => {}));
  return pages.length;
}

/** What runs after each clear, wired by the entry (see {@link clearAll}). */
export const afterClear = perContext(() => ({ run: null as (() => Promise<unknown>) | null }));
