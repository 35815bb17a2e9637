import { isProtocolMessage, MESSAGE_META, type ReplyMessage, type RequestMessage } from '../shared/protocol.js';
import { cacheKey } from './cache-key.js';
import type { IsrContext } from './isr-context.js';
import { isStale, readStamp } from './page-stamp.js';
import { revalidatePage } from './revalidate-page.js';
import { pageInfo } from './store-page.js';

/**
 * Answers pages' requests. A `state` request from a page the worker did not serve (the first visit, which loaded
 * before the worker controlled the tab) also stores that page, so it is served from cache and readable offline
 * from the next visit on, as every later page is.
 */
export function createMessageHandler(ctx: IsrContext): (event: ExtendableMessageEvent) => void {
  return (event) => {
    const data: unknown = event.data;
    const port = event.ports[0];
    if (!isProtocolMessage<RequestMessage>(data) || !port) return;
    const reply = (message: ReplyMessage) => port.postMessage(message);
    event.waitUntil(answer(ctx, data, reply).catch((error: unknown) => {
      console.error('sw-isr: could not answer a page request', error);
    }));
  };
}

async function answer(ctx: IsrContext, request: RequestMessage, reply: (message: ReplyMessage) => void): Promise<void> {
  const key = cacheKey(request.url, ctx.options.ignoreParams);
  if (new URL(key).origin !== self.location.origin) throw new Error(`not this origin's page: ${request.url}`);
  if (request.type === 'revalidate') {
    const cached = request.ifStale ? await (await ctx.cache()).match(key) : undefined;
    const fresh = cached !== undefined && !isStale(readStamp(cached.headers), Date.now());
    const ok = fresh || (await revalidatePage(ctx, key));
    reply({ meta: MESSAGE_META, type: 'revalidated', url: key, ok });
    return;
  }
  const cache = await ctx.cache();
  const cached = await cache.match(key);
  const stamp = cached ? readStamp(cached.headers) : null;
  let pending = ctx.inflight.has(key);
  let warm: Promise<boolean> | null = null;
  if (!cached && !pending && request.warm) {
    warm = revalidatePage(ctx, key);
    pending = true;
  }
  reply({ meta: MESSAGE_META, type: 'state', url: key, page: stamp ? pageInfo(key, stamp) : null, pending, cacheName: ctx.options.cacheName });
  await warm;
}

declare let self: ServiceWorkerGlobalScope;
