import { asNetworkFailure, NetworkFailure } from '../http/network-failure.js';
import { removePage } from '../upkeep/remove-page.js';
import type { IsrContext } from '../context/isr-context.js';
import { anchoredFetchedAt, backoffSeconds, readStamp, type PageStamp } from '../storage/page-stamp.js';
import { pageInfo, storePage } from './store-page.js';
import { release, storedHeaders } from '../storage/stored-headers.js';
import { unstorableReason } from '../http/unstorable-reason.js';
import { privateDirective } from '../http/cache-control.js';
import { conditionalOn } from '../http/conditional-headers.js';
import { scheduleUpkeep } from '../upkeep/schedule-upkeep.js';
import { pageFlights } from '../context/page-flights.js';
import { warn } from '../util/log.js';
import { watchCookies } from '../http/cookie-watch.js';
import { clearsSiteData } from '../http/clear-site-data.js';
import { clearAll } from './clear-all.js';
import { ClearedError, restamp } from '../storage/cleared.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * Fetches a page again and keeps whichever copy is right: a changed 200 replaces it and is announced as changed, an
 * unchanged one (304, or a 200 with the same body) only renews its fetchedAt. 404 and 410 drop it (`dropGonePages`).
 * Anything else keeps the stored copy untouched, is announced as a failure, and holds back automatic revalidation
 * with an exponential backoff. Resolves to whether the origin answered usably; never rejects.
 *
 * One revalidation per page at a time: a caller arriving while one runs shares it, and a lease in IndexedDB keeps
 * a restarted worker from starting a second one while the first may still be running. A caller that needs the
 * origin's word from after its call (`again`: an explicit revalidation, an on-demand mark) does not share a running
 * one, whose request may have gone out before the change it knows of: one more revalidation follows it, shared by
 * every such caller meanwhile. (Seen in a CI run: an explicit revalidation right after a first visit joined the
 * warm-up fetch, still releasing its lease, and reported a success while the origin was failing.)
 *
 * `reader`: a reader asked (a reload, an explicit revalidate()): it goes through a backoff, and its failure does not
 * lengthen the backoff, only keeps it.
 */
export function revalidatePage(ctx: IsrContext, key: string, again = false, reader = false): Promise<boolean> {
  // Every way a page enters the cache but a first visit's MISS (whose route checks the same) comes through here: a
  // page outside the scope or under `exclude` is never fetched to be stored, whoever asks (a tab, the manifest, the
  // precache list).
  if (!ctx.scope.page(key)) return dropOutOfScope(ctx, key);
  const flights = pageFlights(ctx);
  const start = () => leased(ctx, key, reader);
  return again ? flights.after(key, start) : flights.join(key, start, 'revalidate');
}

/** A page this worker may not store, stored all the same (by an older worker or configuration): dropped, tabs told. */
async function dropOutOfScope(ctx: IsrContext, key: string): Promise<false> {
  if (await storedHeaders(await ctx.cache(), key)) await removePage(ctx, key, 'excluded');
  return false;
}

async function leased(ctx: IsrContext, key: string, reader: boolean): Promise<boolean> {
  // Long enough for the fetch and the write after it; short enough that a killed worker's lease lapses soon.
  const leaseMs = ctx.options.timeout * 1000 + 5000;
  if (!(await ctx.db.takeLease(key, leaseMs))) return false;
  try {
    return await revalidate(ctx, key, reader);
  } catch (error) {
    // Only the cache itself failing to open or read gets here (the fetch's failures are handled in revalidate).
    warn('revalidate-failed', key, error);
    return false;
  } finally {
    await ctx.db.patch(new Map([[key, { leaseUntil: 0 }]]));
  }
}

/** The page is no one's to store any more: gone at the origin, or private now. */
class GoneError extends Error {
  constructor(readonly reason: 'gone' | 'private') {
    super(reason);
  }
}

async function revalidate(ctx: IsrContext, key: string, reader: boolean): Promise<boolean> {
  // A clear (a logout) from now on means that what this fetches is not written.
  const clears = ctx.db.clears;
  ctx.announce({ type: 'revalidating', url: key });
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`no answer within ${ctx.options.timeout} s`)),
    ctx.options.timeout * 1000,
  );
  const cache = await ctx.cache();
  const cached = await cache.match(key);
  const previous = cached ? readStamp(cached.headers) : null;
  try {
    // Validators come from the stored response itself (one with a readable stamp); cache: 'no-store' makes sure
    // the answer is the origin's, not a copy the browser kept.
    const headers = conditionalOn(previous && cached?.headers);
    // redirect: 'manual': a page that now redirects (say, to another origin) is a failure, not a new copy.
    const request = new Request(key, {
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
      redirect: 'manual',
      signal: abort.signal,
    });
    const cookiesChanged = watchCookies();
    const response = await fetch(request).catch(asNetworkFailure);
    if (clearsSiteData(response.headers)) {
      // The site clears its data (a page that now logs out whoever fetches it): so does the worker. Tabs that heard
      // 'revalidating' of a page not stored hear that it ended.
      await response.body?.cancel();
      // The precache comes back after it as after any clear; nothing here waits on it.
      await clearAll(ctx, 'site-cleared', (work) => void work);
      ctx.announce({ type: 'removed', url: key, reason: 'site-cleared' });
      return false;
    }
    const fetchedAt = anchoredFetchedAt(Date.now(), response.headers.get('date'), response.headers.get('age'));
    // Now behind a login (401, 403), or a page the origin now marks private (its 200, or a 304 confirming the same
    // body with new headers): the stored copy must not stay readable on this device, where it would outlive a
    // logout. An error page's own Cache-Control (a 5xx with no-store, as CDNs send) says nothing of the page: a
    // failing origin keeps the last good copy.
    // A page that sets cookies now (as far as the worker can see, see cookie-watch.ts) is one reader's too.
    const answered = response.status === 200 || response.status === 304;
    const privately = answered ? privateDirective(response.headers.get('cache-control')) : null;
    const setsCookies = answered && !privately && (await cookiesChanged());
    if (response.status === 401 || response.status === 403 || privately || setsCookies) {
      await response.body?.cancel();
      throw new GoneError('private');
    }
    if (response.status === 304 && cached && previous) {
      const renewed: PageStamp = { ...previous, fetchedAt, invalidated: false, failures: 0 };
      if (!(await restamp(ctx.db, clears, cache, key, cached, renewed))) throw new ClearedError();
      await ctx.db.patch(new Map([[key, { fetchedAt, lastError: null, failures: 0 }]]));
      ctx.announce({ type: 'fetched', url: key, page: pageInfo(key, renewed), changed: false });
      return true;
    }
    if ((response.status === 404 || response.status === 410) && ctx.options.dropGonePages) {
      await response.body?.cancel();
      throw new GoneError('gone');
    }
    const reason = unstorableReason(request.headers, response);
    if (reason) {
      await response.body?.cancel();
      throw new Error(`origin answered with a response that is not stored (${reason})`);
    }
    await storePage(ctx, key, response, previous, fetchedAt, clears);
    return true;
  } catch (error) {
    // A clear (a logout) since this began: nothing is stored, and the origin did not fail. The tabs that heard
    // 'revalidating' hear that it ended.
    if (error instanceof ClearedError) {
      ctx.announce({ type: 'removed', url: key, reason: 'cleared' });
      return false;
    }
    if (error instanceof GoneError) {
      if (cached) {
        await removePage(ctx, key, error.reason);
        await scheduleUpkeep(ctx);
      } else {
        // Nothing stored to drop, but the tabs that heard 'revalidating' must hear that it ended.
        ctx.announce({ type: 'removed', url: key, reason: error.reason });
      }
      return false;
    }
    const message = abort.signal.aborted
      ? String((abort.signal.reason as Error).message)
      : String((error as Error)?.message ?? error);
    // An attempt while the browser is offline says nothing of the origin: no backoff, nothing recorded.
    const offline = error instanceof NetworkFailure && self.navigator.onLine === false;
    if (!offline) await recordFailure(ctx, clears, key, cache, cached, previous, message, reader).catch(() => {});
    warn('revalidate-failed', key, message);
    ctx.announce({ type: 'failed', url: key, error: message });
    return false;
  } finally {
    clearTimeout(timer);
    release(cached);
  }
}

async function recordFailure(
  ctx: IsrContext,
  clears: number,
  key: string,
  cache: Cache,
  cached: Response | undefined,
  previous: PageStamp | null,
  message: string,
  reader: boolean,
): Promise<void> {
  if (!cached || !previous) return;
  // The copy in the cache may have been replaced meanwhile (a reader's MISS); only a copy still the same is marked.
  const current = await cache.match(key);
  const stamp = current ? readStamp(current.headers) : null;
  if (!current || !stamp || stamp.hash !== previous.hash) return release(current);
  // A reader's failed attempt does not raise the failure count (one at least): the wait is drawn again from the same
  // step, so a reader who reloads during an outage does not push automatic attempts a step further out each time.
  const failures = reader ? Math.max(stamp.failures ?? 0, 1) : (stamp.failures ?? 0) + 1;
  const retryAt = Date.now() + backoffSeconds(failures, ctx.options.retryBase, ctx.options.retryMax) * 1000;
  await restamp(ctx.db, clears, cache, key, current, { ...stamp, failures, retryAt });
  await ctx.db.patch(new Map([[key, { lastError: message, failures }]]));
}
