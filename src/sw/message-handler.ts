import { isProtocolMessage, MESSAGE_META, type ReplyMessage, type RequestMessage } from '../shared/protocol.js';
import { cacheKey } from './cache-key.js';
import { checkManifest } from './check-manifest.js';
import { invalidatePages } from './invalidate-pages.js';
import type { IsrContext } from './isr-context.js';
import { isStale, readStamp } from './page-stamp.js';
import { revalidatePage } from './revalidate-page.js';
import { precacheProgress } from './precache.js';
import { pageInfo } from './store-page.js';
import { storedHeaders } from './stored-headers.js';

declare let self: ServiceWorkerGlobalScope;

/** Answers pages' requests, each on the port it came with. */
export function createMessageHandler(ctx: IsrContext): (event: ExtendableMessageEvent) => void {
  return (event) => {
    const data: unknown = event.data;
    const port = event.ports[0];
    if (!isProtocolMessage<RequestMessage>(data) || !port) return;
    const reply = (message: ReplyMessage) => port.postMessage(message);
    event.waitUntil(answer(ctx, data, reply, (work) => event.waitUntil(work)).catch((error: unknown) => {
      console.error('sw-isr: could not answer a page request', error);
    }));
  };
}

/** A page's URL as a cache key of this origin; throws for another origin's. */
function keyOf(ctx: IsrContext, url: string): string {
  const key = cacheKey(new URL(url, self.registration.scope).href, ctx.options.ignoreParams);
  if (new URL(key).origin !== self.location.origin) throw new Error(`not this origin's page: ${url}`);
  return key;
}

async function answer(
  ctx: IsrContext,
  request: RequestMessage,
  reply: (message: ReplyMessage) => void,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<void> {
  if (request.type === 'inspect') {
    ctx.inspectingUntil = Date.now() + 60_000;
    reply({ meta: MESSAGE_META, type: 'inspecting', until: ctx.inspectingUntil });
    return;
  }
  if (request.type === 'invalidate') {
    const tagged = await Promise.all(request.tags.map((tag) => ctx.db.urlsTagged(tag)));
    const urls = [...request.paths.map((path) => keyOf(ctx, path)), ...tagged.flat()];
    reply({ meta: MESSAGE_META, type: 'invalidated', urls: await invalidatePages(ctx, urls, request.hard, waitUntil) });
    return;
  }
  const key = keyOf(ctx, request.url);
  if (request.type === 'revalidate') {
    // A focus or reconnect check: also the moment to learn of pages republished ahead of their interval.
    if (request.ifStale) waitUntil(checkManifest(ctx, true));
    // A check of a page that is fresh, or not stored at all (a page that is never stored), costs no request.
    const headers = request.ifStale ? await storedHeaders(await ctx.cache(), key) : null;
    const skip = request.ifStale && (!headers || !isStale(readStamp(headers), Date.now()));
    // An explicit revalidation wants the origin's word from now on: it does not share one already running.
    const ok = skip || (await revalidatePage(ctx, key, !request.ifStale));
    reply({ meta: MESSAGE_META, type: 'revalidated', url: key, ok });
    return;
  }
  // Read before the page's own state: an await between reading `pending` and replying would let a revalidation end
  // (and its broadcast go out) in between, and the page would take the stale `pending` for the latest word.
  const precache = await precacheProgress(ctx);
  const cached = await storedHeaders(await ctx.cache(), key);
  const stamp = cached ? readStamp(cached) : null;
  // The record's own failure count and message, read together: a success since clears both.
  const record = stamp?.failures ? await ctx.db.get(key) : undefined;
  const failed = record?.failures ? (record.lastError ?? null) : null;
  let pending = ctx.inflight.has(key);
  // A page the worker did not serve (the visit that installed it) is stored now, so that it is served from cache
  // and readable offline from the next visit on, as every later page is. A reload the worker could not see as one
  // (it answered a HIT) is revalidated now: the reader sees the stored copy at once and the banner if it changed.
  // The banner's own reload is a reload too (one conditional request, as a network-first reload costs elsewhere).
  const warm = !pending && ctx.scope.page(key) && ((!cached && request.warm) || (cached && request.reload)) ? revalidatePage(ctx, key) : null;
  if (warm) pending = true;
  reply({ meta: MESSAGE_META, type: 'state', url: key, page: stamp ? pageInfo(key, stamp) : null, pending, error: pending ? null : failed, cacheName: ctx.options.cacheName, precache });
  await warm;
}
