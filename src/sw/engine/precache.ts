import type { PrecacheProgress } from '../../shared/protocol.js';
import { FETCH_CONCURRENCY, UnstorableAsset } from '../storage/asset-store.js';
import { cacheKey } from '../storage/cache-key.js';
import type { IsrContext } from '../context/isr-context.js';
import { pageAssets } from '../http/page-assets.js';
import { readStamp } from '../storage/page-stamp.js';
import { revalidatePage } from './revalidate-page.js';
import { runLimited } from '../util/run-limited.js';
import { release, storedHeaders } from '../storage/stored-headers.js';
import type { PrecacheEntry } from '../storage/worker-state.js';
import { perContext } from '../context/per-context.js';
import { precacheState } from '../context/precache-state.js';
import { Flights } from '../util/flights.js';
import { warn } from '../util/log.js';
import { pageFlights } from '../context/page-flights.js';

declare let self: ServiceWorkerGlobalScope;

/** The pass under way (one at a time). */
const passes = perContext(() => new Flights<'', void>());

/** A URL whose last segment has no extension, or ends in '/' or .html, is a page; anything else is a file. */
function looksLikePage(url: string): boolean {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  return last === '' || /\.x?html?$/i.test(last) || !last.includes('.');
}

/**
 * Stores what the site declared for offline reading: the `precache` option, the offline page and the manifest's
 * `precache` list. Entries already stored at their revision cost nothing, so a new deploy fetches only what changed.
 * A failed entry does not fail the pass (nor the install it runs in); the next manifest check tries it again.
 * Tabs hear the progress after each entry. One pass at a time.
 */
export function runPrecache(ctx: IsrContext, again = false): Promise<void> {
  const start = () =>
    pass(ctx)
      .catch((error: unknown) => warn('precache-failed', error))
      .finally(() => precacheState(ctx).storing.clear());
  // `again`: a pass that starts after the one under way (which began before a clear), not that one.
  return again ? passes(ctx).after('', start) : passes(ctx).join('', start);
}

/** Whether a precache pass has run in this worker's life. */
export function precacheRan(ctx: IsrContext): boolean {
  return precacheState(ctx).progress !== null;
}

async function pass(ctx: IsrContext): Promise<void> {
  const scope = self.registration.scope;
  const declared = (await ctx.db.getState('manifest-precache')) ?? [];
  const state = precacheState(ctx);
  const entries = new Map<string, PrecacheEntry>();
  for (const url of ctx.options.precache) {
    const absolute = new URL(url, scope).href;
    entries.set(absolute, { url: absolute, revision: null, page: null });
  }
  for (const entry of declared) entries.set(entry.url, entry);
  if (ctx.options.offlinePage) {
    // Stored as a file, not a page: it is shown in place of pages, and is not itself revalidated on reads.
    const url = new URL(ctx.options.offlinePage, scope).href;
    entries.set(url, { url, revision: entries.get(url)?.revision ?? null, page: false });
  }
  // Another origin's URL (a `//cdn.example/x.js` passes as a path) or one under `exclude` is never stored, whoever
  // listed it; said once per pass, and not counted as a failure to retry.
  for (const [url, entry] of entries) {
    const ours =
      (entry.page ?? looksLikePage(url))
        ? ctx.scope.page(cacheKey(url, ctx.options.ignoreParams))
        : ctx.scope.file(url);
    if (ours) continue;
    entries.delete(url);
    warn('precache-refused', url);
  }
  const previous = (await ctx.db.getState('precache'))?.urls ?? [];
  if (!entries.size) {
    state.progress = null;
    await ctx.db.setState('precache', { urls: [], progress: null });
    return;
  }
  const progress: PrecacheProgress = { done: 0, total: entries.size, failed: 0, ready: false };
  const tell = () => {
    state.progress = { ...progress };
    ctx.announce({ type: 'precache', url: '', precache: state.progress });
  };
  tell();
  const kept = new Set<string>();
  const storing = state.storing;
  for (const entry of entries.values()) storing.add(entry.url).add(cacheKey(entry.url, ctx.options.ignoreParams));
  // Recorded before anything is fetched, so that another version of the worker, whose collector cannot see this
  // one's memory, spares them too while this pass runs.
  await ctx.db.setState('precache', { urls: [...new Set([...previous, ...storing])], progress });
  await runLimited(entries.values(), FETCH_CONCURRENCY, async (entry) => {
    try {
      for (const url of await precacheOne(ctx, entry)) kept.add(url);
    } catch (error) {
      progress.failed++;
      warn('precache-entry-failed', entry.url, (error as Error).message);
    }
    progress.done++;
    tell();
  });
  // After a failure, what the last pass kept stays kept: nothing stored is given up for a pass that did not finish.
  if (progress.failed) for (const url of previous) kept.add(url);
  progress.ready = progress.failed === 0;
  tell();
  await ctx.db.setState('precache', { urls: [...kept], progress });
}

/** Stores one entry unless it is stored at its revision already; resolves to the URLs it keeps. */
async function precacheOne(ctx: IsrContext, entry: PrecacheEntry): Promise<string[]> {
  if (entry.page ?? looksLikePage(entry.url)) {
    const key = cacheKey(entry.url, ctx.options.ignoreParams);
    // A fetch of this page under way (the manifest check refreshing it for this same deploy) is waited for, then
    // the stamp read: read during it, the stamp is the old one, and the page would be fetched a second time.
    await pageFlights(ctx).get(key);
    const headers = await storedHeaders(await ctx.cache(), key);
    const stamp = headers ? readStamp(headers) : null;
    const current = stamp !== null && (entry.revision === null || entry.revision === stamp.hash);
    // A page is fetched and stored as every page is (single flight, storability checks, its files first).
    if (!current && !(await revalidatePage(ctx, key))) throw new Error('not stored');
    return [key];
  }
  const stored = await ctx.assets.hash(entry.url);
  if (stored === null || (entry.revision !== null && stored !== entry.revision)) {
    // An HTML file (the offline page) is expected as HTML; for anything else an HTML answer is a host's fallback.
    try {
      await ctx.assets.fetch(entry.url, looksLikePage(entry.url));
    } catch (error) {
      // Not to be kept (private, or redirected): refused, not failed, so it does not hold back `ready` forever.
      if (!(error instanceof UnstorableAsset)) throw error;
      warn('precache-refused', entry.url);
      return [];
    }
    const now = await ctx.assets.hash(entry.url);
    if (entry.revision !== null && now !== entry.revision) warn('precache-hash-differs', entry.url);
  }
  const file = await (await ctx.assets.cache()).match(entry.url);
  if (!file || !/html/i.test(file.headers.get('content-type') ?? '')) {
    release(file);
    return [entry.url];
  }
  // An HTML file (the offline page) needs its own scripts and styles to show offline.
  const files = pageAssets(await file.text(), entry.url).filter((url) => ctx.scope.file(url));
  for (const url of files) precacheState(ctx).storing.add(url);
  return [entry.url, ...(await ctx.assets.ensure(files, false, () => true)).kept];
}
