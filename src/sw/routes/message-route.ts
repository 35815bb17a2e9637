import {
  isProtocolMessage,
  MESSAGE_META,
  type ReplyTo,
  type RequestMessage,
  type RequestOf,
} from '../../shared/protocol.js';
import { cacheKey } from '../storage/cache-key.js';
import { checkManifest } from '../engine/check-manifest.js';
import { invalidatePages } from '../engine/invalidate-pages.js';
import type { IsrContext } from '../context/isr-context.js';
import { isBackingOff, isExpired, isStale, readStamp } from '../storage/page-stamp.js';
import { perContext } from '../context/per-context.js';
import { revalidatePage } from '../engine/revalidate-page.js';
import { precacheProgress } from '../context/precache-state.js';
import { pageFlights } from '../context/page-flights.js';
import { inspection } from './inspection.js';
import { pageInfo } from '../engine/store-page.js';
import { storedHeaders } from '../storage/stored-headers.js';
import { clearAll } from '../engine/clear-all.js';
import { warn } from '../util/log.js';

declare let self: ServiceWorkerGlobalScope;

/** Answers pages' requests, each on the port it came with. */
export function createMessageRoute(ctx: IsrContext): (event: ExtendableMessageEvent) => void {
  return (event) => {
    const data: unknown = event.data;
    const port = event.ports[0];
    if (!isProtocolMessage<RequestMessage>(data) || !port) return;
    // A request type this worker does not know (a page of a newer release) goes unanswered: the page times out.
    const handle = Object.hasOwn(HANDLERS, data.type)
      ? (HANDLERS[data.type] as Handler<RequestMessage['type']>)
      : undefined;
    if (!handle) return;
    const waitUntil = (work: Promise<unknown>) => event.waitUntil(work);
    waitUntil(
      handle(ctx, data, waitUntil).then(
        (reply) => port.postMessage(reply),
        (error: unknown) => console.error('sw-isr message-failed', error),
      ),
    );
  };
}

type Handler<T extends RequestMessage['type']> = (
  ctx: IsrContext,
  request: RequestOf<T>,
  waitUntil: (work: Promise<unknown>) => void,
) => Promise<ReplyTo<T>>;

/** One handler per request type: a request type added to the protocol and not handled here does not compile. */
const HANDLERS: { [T in RequestMessage['type']]: Handler<T> } = {
  async inspect(ctx) {
    const until = (inspection(ctx).until = Date.now() + 60_000);
    return { meta: MESSAGE_META, type: 'inspecting', until };
  },

  async pages(ctx) {
    const pages = (await ctx.db.all()).map(
      ({ url, fetchedAt, revalidate, tags, size, lastAccessedAt, lastError, failures }) => ({
        url,
        fetchedAt,
        revalidate,
        tags,
        size,
        lastAccessedAt,
        lastError,
        failures,
      }),
    );
    return { meta: MESSAGE_META, type: 'pages', pages };
  },

  async clear(ctx, _request, waitUntil) {
    // Answered either way, so that a logout waiting on it goes on at once.
    try {
      const pages = await clearAll(ctx, 'cleared', waitUntil);
      return { meta: MESSAGE_META, type: 'cleared', ok: true, pages };
    } catch (error) {
      warn('clear-failed', error);
      return { meta: MESSAGE_META, type: 'cleared', ok: false, pages: 0 };
    }
  },

  async invalidate(ctx, request, waitUntil) {
    const tagged = await Promise.all(request.tags.map((tag) => ctx.db.urlsTagged(tag)));
    const urls = [...request.paths.map((path) => keyOf(ctx, path)), ...tagged.flat()];
    return { meta: MESSAGE_META, type: 'invalidated', urls: await invalidatePages(ctx, urls, request.hard, waitUntil) };
  },

  async revalidate(ctx, request, waitUntil) {
    const key = keyOf(ctx, request.url);
    // A focus or reconnect check: also the moment to learn of pages republished ahead of their interval.
    if (request.ifStale) waitUntil(checkManifest(ctx, true));
    // A check of a page that is fresh, or not stored at all (a page that is never stored), costs no request.
    const headers = request.ifStale ? await storedHeaders(await ctx.cache(), key) : null;
    const skip = request.ifStale && (!headers || !isStale(readStamp(headers), Date.now()));
    // An explicit revalidation wants the origin's word from now on: it does not share one already running.
    const ok = skip || (await revalidatePage(ctx, key, !request.ifStale, !request.ifStale));
    return { meta: MESSAGE_META, type: 'revalidated', url: key, ok };
  },

  async state(ctx, request, waitUntil) {
    const key = keyOf(ctx, request.url);
    // Read before the page's own state: an await between reading `pending` and replying would let a revalidation
    // end (and its broadcast go out) in between, and the page would take the stale `pending` for the latest word.
    const precache = await precacheProgress(ctx);
    const cached = await storedHeaders(await ctx.cache(), key);
    const stamp = cached ? readStamp(cached) : null;
    // The record's own failure count and message, read together: a success since clears both.
    const record = stamp?.failures ? await ctx.db.get(key) : undefined;
    const failed = record?.failures ? (record.lastError ?? null) : null;
    let pending = pageFlights(ctx).has(key);
    // A page the worker did not serve (the visit that installed it, a route a client-side router showed from its
    // payloads) is stored now, so that it is served from cache and readable offline from the next visit on, as every
    // later page is; stored and stale, it is revalidated, as a read of it would be (asked for here, after the page
    // side knows which version it shows: see file-route.ts). A reload the worker could not see as one (it answered a
    // HIT) is revalidated now: the reader sees the stored copy at once and the banner if it changed. The banner's own
    // reload is a reload too (one conditional request, as a network-first reload costs elsewhere).
    // A page whose first store failed (private, too big, a file it needs missing) is not tried again on every
    // router move to it: not before `retryMax` has passed.
    const now = Date.now();
    const failedUntil = unstored(ctx);
    const stale = isStale(stamp, now) || isExpired(stamp, now, ctx.options.expire);
    const read = request.warm && (cached ? stale && !isBackingOff(stamp, now) : (failedUntil.get(key) ?? 0) <= now);
    if (!pending && ctx.scope.page(key) && (read || (cached && request.reload))) {
      const revalidation = revalidatePage(ctx, key, false, request.reload);
      if (!cached)
        void revalidation.then((ok) => {
          for (const [page, until] of failedUntil) if (until <= Date.now()) failedUntil.delete(page);
          if (!ok) failedUntil.set(key, Date.now() + ctx.options.retryMax * 1000);
        });
      waitUntil(revalidation);
      pending = true;
    }
    const page = stamp ? pageInfo(key, stamp) : null;
    return {
      meta: MESSAGE_META,
      type: 'state',
      url: key,
      page,
      pending,
      error: pending ? null : failed,
      cacheName: ctx.options.cacheName,
      precache,
    };
  },
};

/** Pages a state request asked to store whose store failed, with when they may be tried again (ms). */
const unstored = perContext(() => new Map<string, number>());

/** A page's URL as a cache key of this origin; throws for another origin's. */
function keyOf(ctx: IsrContext, url: string): string {
  const key = cacheKey(new URL(url, self.registration.scope).href, ctx.options.ignoreParams);
  if (new URL(key).origin !== self.location.origin) throw new Error(`not this origin's page: ${url}`);
  return key;
}
