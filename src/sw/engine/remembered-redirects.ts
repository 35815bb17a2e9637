import type { IsrContext } from '../context/isr-context.js';
import { cacheKey } from '../storage/cache-key.js';
import { release } from '../storage/stored-headers.js';

declare let self: ServiceWorkerGlobalScope;

/** How many redirects are remembered; the oldest learnt goes first. */
const KEPT = 200;

/**
 * Learns where a navigation that the origin redirected ends (a moved page), so that it can be answered offline.
 * A navigation's redirect reaches the worker opaque, without its Location; a HEAD request that follows it tells
 * the final URL. Only a same-origin target this worker may store is remembered: another origin's is not ours to
 * send a reader to offline. Learnt once per URL; never rejects.
 */
export async function learnRedirect(ctx: IsrContext, key: string): Promise<void> {
  const known = (await ctx.db.getState('redirects')) ?? {};
  if (known[key]) return;
  const response = await fetch(key, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' }).catch(
    () => null,
  );
  release(response);
  if (!response?.ok || !response.redirected) return;
  const target = cacheKey(response.url, ctx.options.ignoreParams);
  if (new URL(target).origin !== self.location.origin || !ctx.scope.page(target)) return;
  const entries = Object.entries({ ...known, [key]: target });
  await ctx.db.setState('redirects', Object.fromEntries(entries.slice(-KEPT)));
}

/**
 * The redirect to answer a navigation with when the network is gone: where `key` was last seen to lead, if that
 * page is stored (the browser follows it, and the address bar shows the page's own URL). Null otherwise.
 */
export async function rememberedRedirect(ctx: IsrContext, key: string): Promise<Response | null> {
  const target = (await ctx.db.getState('redirects'))?.[key];
  return target && (await caches.match(target, { cacheName: ctx.options.cacheName }))
    ? Response.redirect(target, 302)
    : null;
}
