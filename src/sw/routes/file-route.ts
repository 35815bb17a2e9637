import type { RouteHandlerCallback } from 'workbox-core/types.js';
import { isFreshFile, payloadOf } from '../storage/asset-store.js';
import type { IsrContext } from '../context/isr-context.js';
import { labelled } from '../http/labelled.js';
import { release } from '../storage/stored-headers.js';
import { isPersonal } from '../http/unstorable-reason.js';
import { isExpired, isStale, readStamp, type PageStamp } from '../storage/page-stamp.js';
import { fileKey } from '../storage/cache-key.js';

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
    // A page's payload (see page-directives.ts) goes by its page's stamp, not by its own caching headers: answered
    // from the stored copy as the page would be (HIT or STALE), which the page's revalidation replaces together with
    // the page, so that a client-side router's click shows the version a full load shows.
    const owners = cached ? payloadOf(cached.headers) : [];
    let owner: string | undefined;
    let stamp: PageStamp | null = null;
    for (const page of owners) {
      stamp = await pageStamp(ctx, page);
      if (stamp?.assets.includes(url)) {
        owner = page;
        break;
      }
    }
    if (owners.length) {
      const now = Date.now();
      if (!owner || !stamp) {
        // No stored page lists it any more (dropped, evicted, private now; or an earlier build's): it must not stay
        // readable through the router, and goes, unless a store under way is about to commit a page listing it. The
        // network answers.
        release(cached);
        cached = undefined;
        if (!ctx.assets.pinned(url)) event.waitUntil(ctx.assets.delete(url));
      } else if (plain && !isExpired(stamp, now, ctx.options.expire)) {
        // A read (not a router's prefetch of a link in view) counts for the page's eviction order. Its revalidation
        // when stale is asked for by the page side, which follows the router there (see message-route.ts): begun
        // here, it could land before the page side asks which version is on screen, and hide the banner.
        if (!request.headers.has('next-router-prefetch')) event.waitUntil(ctx.db.touch(owner, now));
        return labelled(cached!, isStale(stamp, now) ? 'STALE' : 'HIT', stamp.version);
      }
      // A reload, or a page past its hard expiry (a full load waits for the network there): the network first, and
      // the stored copy only when it fails, as for the page.
    } else if (cached && plain && isFreshFile(cached.headers, Date.now())) return cached;
    try {
      const response = await fetch(request);
      // Behind a login now (401, 403: the reader logged out), or one reader's own now (a 200 saying private,
      // no-store or Vary: Cookie): the origin's answer stands, and the stored copy, which must not outlive a logout,
      // goes. Other errors keep the copy (a deploy deleted the file), and so does an error page's own no-store.
      // A payload whose page is past its hard expiry and now gone at the origin (404, 410) goes too: the router
      // gets the origin's answer, as a full load of the page would.
      const locked =
        response.status === 401 ||
        response.status === 403 ||
        (response.status === 200 && isPersonal(response.headers)) ||
        (!!owner && (response.status === 404 || response.status === 410));
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
 * The stamp of a stored page, or null when it is not stored or its cache cannot be read.
 *
 * A page's payloads are written just before the page (store-page.ts): for that moment, or when the page's write then
 * fails, a payload may be a version ahead of its page. Next.js's router, meeting a build id other than its own in a
 * payload, loads the page in full instead (fetch-server-response.js, Next 16.4), which the stored page answers; a
 * site that keeps one build id across builds (`generateBuildId`) may show that newer version for that moment.
 */
async function pageStamp(ctx: IsrContext, key: string): Promise<PageStamp | null> {
  const page = await caches.match(key, { cacheName: ctx.options.cacheName }).catch(() => undefined);
  const stamp = page ? readStamp(page.headers) : null;
  release(page);
  return stamp;
}
