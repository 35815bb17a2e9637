import type { RouteHandlerCallback } from 'workbox-core/types.js';
import {
  CACHE_STATUS_HEADER,
  STALE_IF_ERROR_HEADER,
  withServerTiming,
  type CacheStatus,
} from '../../shared/protocol.js';
import { cacheKey } from '../storage/cache-key.js';
import { checkManifest } from '../engine/check-manifest.js';
import type { IsrContext } from '../context/isr-context.js';
import { labelled } from '../http/labelled.js';
import {
  anchoredFetchedAt,
  isBackingOff,
  isExpired,
  isStale,
  readStamp,
  type PageStamp,
} from '../storage/page-stamp.js';
import { reconcile } from '../upkeep/reconcile.js';
import { revalidatePage } from '../engine/revalidate-page.js';
import { storePage } from '../engine/store-page.js';
import { release } from '../storage/stored-headers.js';
import { unstorableReason } from '../http/unstorable-reason.js';
import { pageFlights } from '../context/page-flights.js';
import { inspection } from './inspection.js';
import { warn } from '../util/log.js';
import { within } from '../util/within.js';
import { watchCookies } from '../http/cookie-watch.js';
import { landed, noteRedirect, rememberRedirect, rememberedRedirect } from '../engine/remembered-redirects.js';
import { clearsSiteData } from '../http/clear-site-data.js';
import { clearAll } from '../engine/clear-all.js';
import { ClearedError } from '../storage/cleared.js';

declare let self: ServiceWorkerGlobalScope;

const OFFLINE_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Offline</title><body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">
<h1>This page is not available offline</h1><p>The site could not be reached and this page has not been saved on this
device yet. Pages you have read before are still available.</p><p><button onclick="location.reload()">Try again</button></p>`;

/** The page for a navigation neither stored nor reachable: the site's own (`offlinePage`, precached), else ours. */
async function offlinePage(ctx: IsrContext): Promise<Response> {
  const own = ctx.options.offlinePage
    ? await ctx.assets
        .cache()
        .then((cache) => cache.match(new URL(ctx.options.offlinePage, self.registration.scope).href))
        .catch(() => undefined)
    : undefined;
  const headers = new Headers(own ? own.headers : { 'content-type': 'text/html; charset=utf-8' });
  headers.set('cache-control', 'no-store');
  headers.set(CACHE_STATUS_HEADER, 'OFFLINE');
  // The page side reads the verdict here too: an offline page is not a stored version of the page asked for.
  headers.set('server-timing', withServerTiming(null, 'OFFLINE', null));
  return new Response(own ? own.body : OFFLINE_PAGE, { status: 503, headers });
}

/** The navigation's response from the network: the browser's preload when it started one, else a fetch. */
async function fromNetwork(event: FetchEvent, request: Request): Promise<Response> {
  const preloaded = (await event.preloadResponse) as Response | undefined;
  return preloaded && !preloaded.bodyUsed ? preloaded : fetch(wholePage(request));
}

/**
 * The navigation asking for the whole page. WebKitGTK 2.50 hands the worker a navigation carrying its HTTP cache's
 * validators (`If-None-Match`; measured: Chromium and Firefox add theirs inside the fetch and answer it from their
 * cache), so the origin may answer 304, which is no page to answer with or to store: a page read before and since
 * dropped from the store came back as the offline page. Without them, as the other engines' fetch is in effect; the
 * copy keeps a same-origin referrer and the referrer policy (a Request built from another resets them; another
 * origin's referrer becomes the worker's own, as the Request constructor allows no other), its redirect mode
 * (manual) and credentials.
 */
function wholePage(request: Request): Request {
  if (!request.headers.has('if-none-match') && !request.headers.has('if-modified-since')) return request;
  const headers = new Headers(request.headers);
  headers.delete('if-none-match');
  headers.delete('if-modified-since');
  return new Request(request, { headers, referrer: request.referrer, referrerPolicy: request.referrerPolicy });
}

/** A reader's reload (`no-cache`) or hard reload (`reload`): they asked for the network, not for our copy. */
function wantsNetwork(request: Request): boolean {
  return request.cache === 'no-cache' || request.cache === 'reload';
}

/**
 * The navigation handler, also for page fetches (page-fetch.ts). The hot path is `cache.match` → stamp check →
 * answer: no IndexedDB read and nothing the revalidation does stands between a stored page and its reader.
 */
export function createNavigationRoute(ctx: IsrContext): RouteHandlerCallback {
  const answer = createAnswer(ctx);
  return async (options) => {
    const response = await answer(options);
    // A page fetch (page-fetch.ts) that neither the store nor the network can answer fails as a fetch does: its
    // caller's own offline handling runs (Astro's router then navigates, and that navigation gets the offline page).
    if (options.request.mode !== 'navigate' && response.headers.get(CACHE_STATUS_HEADER) === 'OFFLINE')
      return Response.error();
    if (inspection(ctx).until > Date.now()) {
      // Told after the answer is on its way, and only while an inspector asked for it.
      const status = response.headers.get(CACHE_STATUS_HEADER) as CacheStatus | null;
      if (status) setTimeout(() => ctx.announce({ type: 'served', url: options.request.url, status }));
    }
    return response;
  };
}

function createAnswer(ctx: IsrContext): RouteHandlerCallback {
  return async ({ request, event }) => {
    const fetchEvent = event as FetchEvent;
    /** The network's answer as it is, else the offline page. */
    const bypass = () =>
      fromNetwork(fetchEvent, request).then(
        (response) => labelled(response, 'BYPASS', null),
        () => offlinePage(ctx),
      );
    try {
      const key = cacheKey(request.url, ctx.options.ignoreParams);
      // Where a redirect answered just before led (see remembered-redirects.ts): nothing to do on almost every read.
      const landing = landed(ctx, fetchEvent.resultingClientId, key);
      if (landing) fetchEvent.waitUntil(landing.catch(() => {}));
      // One call, not caches.open and then cache.match: in a worker that just started, each is a round trip to the
      // browser's storage, and this one is on the reader's path.
      const lookup = { cacheName: ctx.options.cacheName };
      let cached = await caches.match(key, lookup);
      // Background work of this worker's life, started a task after this answer is on its way: in a worker that
      // just started, its first IndexedDB open and cache listing would otherwise compete with the answer.
      fetchEvent.waitUntil(nextTask().then(() => Promise.all([checkManifest(ctx, false), reconcile(ctx)])));
      const flights = cached ? null : pageFlights(ctx);
      if (flights?.label(key) === 'miss') {
        // Another tab's first visit is storing this page: share it rather than fetch the page twice, but wait no
        // longer than `timeout` (its files may be slow, or one stalled): then the network answers this reader.
        const stored = await within(flights.get(key)!, ctx.options.timeout * 1000);
        if (stored === undefined) return await bypass();
        if (stored) cached = await caches.match(key, lookup);
      }
      if (cached) {
        const now = Date.now();
        const stamp = readStamp(cached.headers);
        fetchEvent.waitUntil(ctx.db.touch(key, now));
        // A preload the answer does not use is let go, after it settles so the browser does not warn of a cancel.
        if (ctx.options.navigationPreload) fetchEvent.waitUntil(fetchEvent.preloadResponse.then(release, () => {}));
        if (wantsNetwork(request) || isExpired(stamp, now, ctx.options.expire))
          return await networkFirst(ctx, key, await ctx.cache(), cached, stamp, fetchEvent);
        const stale = isStale(stamp, now);
        // A stored copy carries its HIT labels already (store-page.ts), so a fresh one is answered as it is: a
        // response rebuilt around the cached body measured 1.2× the bare caches.match floor; this one is the floor.
        if (!stale && cached.headers.get(CACHE_STATUS_HEADER) === 'HIT') return cached;
        // After failures, automatic revalidation waits for its backoff: a failing origin is not hit on every read.
        if (stale && !isBackingOff(stamp, now)) fetchEvent.waitUntil(revalidatePage(ctx, key));
        return labelled(cached, stale ? 'STALE' : 'HIT', stamp?.version ?? null);
      }
      return await fetchAndStore(ctx, key, request, fetchEvent);
    } catch (error) {
      console.error('sw-isr handler-failed', error);
      return bypass();
    }
  };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve));

/**
 * The network first, the stored copy only when it fails: for a copy past its hard expiry, and for a reader's
 * reload. The revalidation is conditional (a 304 costs no body) and shared with any other tab's. A failure never
 * puts an error page in place of a good copy: the stored copy is answered, marked stale-if-error.
 */
async function networkFirst(
  ctx: IsrContext,
  key: string,
  cache: Cache,
  cached: Response,
  stamp: PageStamp | null,
  event: FetchEvent,
): Promise<Response> {
  // A reload is the reader's own attempt (an expired copy's wait is not: it is every read's).
  const revalidation = revalidatePage(ctx, key, false, wantsNetwork(event.request));
  event.waitUntil(revalidation);
  // The reader waits `timeout` seconds at most, as a background revalidation would: a new version whose files are
  // slow to come is committed in the background, and the stored copy is shown meanwhile.
  const answered = await within(revalidation, ctx.options.timeout * 1000);
  // Still running when the reader's wait ran out: the stored copy stands, and there is nothing new to look up.
  const fresh = answered === undefined ? undefined : await cache.match(key);
  if (answered && fresh) {
    release(cached);
    return labelled(fresh, 'MISS', readStamp(fresh.headers)?.version ?? null);
  }
  if (answered === false && !fresh) {
    // The revalidation dropped the page (gone, or private now): the reader gets the origin's own answer (its 404,
    // its login page), never the copy that was just dropped.
    release(cached);
    return labelled(await fetch(wholePage(event.request)), 'BYPASS', null);
  }
  release(fresh);
  const response = labelled(cached, 'STALE', stamp?.version ?? null);
  response.headers.set(STALE_IF_ERROR_HEADER, '1');
  return response;
}

async function fetchAndStore(ctx: IsrContext, key: string, request: Request, event: FetchEvent): Promise<Response> {
  const cookiesChanged = watchCookies();
  const clears = ctx.db.clears;
  let response: Response;
  try {
    response = await fromNetwork(event, request);
  } catch {
    // Offline: a moved page leads to where it was seen to lead, when that is stored; else the offline page.
    return (await rememberedRedirect(ctx, key).catch(() => null)) ?? offlinePage(ctx);
  }
  if (response.type === 'opaqueredirect') noteRedirect(ctx, event.resultingClientId, key);
  // A page fetch (see page-fetch.ts) follows redirects: what it reached is another URL's page, not this one's, and
  // goes to the reader as it is, its final URL kept. Where it led is remembered, as a navigation's redirect is, when
  // that is a page of this worker: offline, the same fetch is then redirected there (a link to /about that the host
  // sends to /about/), and the browser follows to the stored page.
  if (response.redirected) {
    const to = cacheKey(response.url, ctx.options.ignoreParams);
    // (The scope is this origin's: a page of it is a same-origin URL.)
    if (ctx.scope.page(to) && to !== key) event.waitUntil(rememberRedirect(ctx, key, to, clears).catch(() => {}));
    return response;
  }
  if (clearsSiteData(response.headers)) {
    // A logout page that clears the site's data: what the worker stored goes too, and this answer is not stored.
    event.waitUntil(
      clearAll(ctx, 'site-cleared', (work) => event.waitUntil(work)).catch((error: unknown) =>
        warn('clear-failed', error),
      ),
    );
    return labelled(response, 'BYPASS', null);
  }
  const reason =
    unstorableReason(request.headers, response, ctx.options.maxBodyBytes) ??
    ((await cookiesChanged()) ? 'it set cookies' : null);
  if (reason) return labelled(response, 'BYPASS', null);
  const fetchedAt = anchoredFetchedAt(Date.now(), response.headers.get('date'), response.headers.get('age'));
  const done = storePage(ctx, key, response.clone(), null, fetchedAt, clears).then(
    () => true,
    (error: unknown) => {
      // A clear (a logout) while it was stored: not stored, by design, and nothing to tell.
      if (error instanceof ClearedError) return false;
      warn('store-failed', key, error);
      ctx.announce({ type: 'failed', url: key, error: `could not store the page: ${String(error)}` });
      return false;
    },
  );
  // Shared with a second tab's first visit (see above), unless a revalidation of the page runs already.
  void pageFlights(ctx).join(key, () => done, 'miss');
  event.waitUntil(done);
  event.waitUntil(ctx.db.touch(key, Date.now()));
  return labelled(response, 'MISS', fetchedAt);
}
