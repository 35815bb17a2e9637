import type { RouteHandlerCallback } from 'workbox-core/types.js';
import { isFreshFile, payloadOf } from '../storage/asset-store.js';
import type { IsrContext } from '../context/isr-context.js';
import { labelled } from '../http/labelled.js';
import { release } from '../storage/stored-headers.js';
import { isPersonal } from '../http/unstorable-reason.js';
import { isBackingOff, isStale, readStamp } from '../storage/page-stamp.js';
import { revalidatePage } from '../engine/revalidate-page.js';

/**
 * The URL a file is stored under: without fragment, and without Next.js's `_rsc` parameter, which its router adds
 * to every payload fetch as a cache buster computed from the router's own state (the page it leaves), not from the
 * file: a static host ignores it, and one file comes back under many `_rsc` values.
 */
export function fileKey(url: URL): string {
  if (!url.hash && !url.searchParams.has('_rsc')) return url.href;
  const key = new URL(url);
  key.hash = '';
  key.searchParams.delete('_rsc');
  return key.href;
}

/**
 * Answers a request for a stored file (see asset-store.ts). A copy still fresh by its own caching headers is
 * answered at once, as the HTTP cache would; otherwise the network is asked, through the HTTP cache, and the stored
 * copy answers when the network fails or no longer has the file: the deploy that deleted an old chunk must not
 * break the tab still showing the page built with it.
 */
export function createFileRoute(ctx: IsrContext): RouteHandlerCallback {
  return async ({ request, event, url: asked }) => {
    const url = fileKey(asked);
    let cached: Response | undefined;
    try {
      cached = await (await ctx.assets.cache()).match(url);
    } catch {
      // No cache to read: the request goes to the network untouched, as if the worker were not there.
    }
    // One reader's own, stored by an earlier release (see drop-personal-files.ts, which may not have finished):
    // never answered, and deleted.
    if (cached && isPersonal(cached.headers)) {
      release(cached);
      cached = undefined;
      event.waitUntil(ctx.assets.delete(url));
    }
    // The stored copy at once when it is fresh, unless the page asked past caches (a reload) or for a range.
    const plain =
      request.cache !== 'no-store' &&
      request.cache !== 'reload' &&
      request.cache !== 'no-cache' &&
      !request.headers.has('range');
    // A page's payload goes by its page's stamp, not by its own caching headers.
    const owner = cached && plain ? payloadOf(cached.headers) : null;
    if (owner) {
      const answer = await asPage(ctx, owner, cached!, event as FetchEvent);
      if (answer) return answer;
    }
    if (cached && plain && isFreshFile(cached.headers, Date.now())) return cached;
    try {
      const response = await fetch(request);
      // Behind a login now (401, 403: the reader logged out), or one reader's own now (a 200 saying private,
      // no-store or Vary: Cookie): the origin's answer stands, and the stored copy, which must not outlive a logout,
      // goes. Other errors keep the copy (a deploy deleted the file), and so does an error page's own no-store.
      const locked =
        response.status === 401 || response.status === 403 || (response.status === 200 && isPersonal(response.headers));
      if (cached && locked) event.waitUntil(ctx.assets.delete(url));
      if (!cached || locked || response.status < 400) {
        release(cached);
        return labelled(response, 'BYPASS', null);
      }
      release(response);
    } catch (error) {
      if (!cached) throw error;
    }
    return labelled(cached, 'STALE', null);
  };
}

/**
 * A page's payload (see page-directives.ts) is answered as its page would be: from the stored copy, which its page's
 * revalidation replaces together with the page, labelled and revalidated by the page's stamp. A client-side
 * router's click then shows the version a full load shows. Undefined when the page is no longer stored (evicted,
 * dropped): the payload is then a file like any other until the collector takes it.
 *
 * The payloads are written just before their page (store-page.ts): for that moment, or when the page's write then
 * fails, a payload may be a version ahead of the page. Next.js's router, meeting a build id other than its own in
 * a payload, loads the page in full instead (fetch-server-response.js, Next 16.4), which the stored page answers.
 */
async function asPage(
  ctx: IsrContext,
  owner: string,
  cached: Response,
  event: FetchEvent,
): Promise<Response | undefined> {
  let page: Response | undefined;
  try {
    page = await caches.match(owner, { cacheName: ctx.options.cacheName });
  } catch {
    // Unreadable: answered as a file.
  }
  if (!page) return undefined;
  const stamp = readStamp(page.headers);
  release(page);
  const now = Date.now();
  event.waitUntil(ctx.db.touch(owner, now));
  const stale = isStale(stamp, now);
  // Past its hard expiry a full load waits for the network; the payload goes there too (as a file, below) rather
  // than answer a version the page would not show, and the page is fetched again.
  const expire = ctx.options.expire;
  const expired = expire !== null && stamp !== null && now - stamp.fetchedAt >= expire * 1000;
  if (expired || (stale && !isBackingOff(stamp, now))) event.waitUntil(revalidatePage(ctx, owner));
  if (expired) return undefined;
  return labelled(cached, stale ? 'STALE' : 'HIT', stamp?.version ?? null);
}
