import type { RouteHandlerCallback } from 'workbox-core/types.js';
import { isFreshFile } from '../storage/asset-store.js';
import type { IsrContext } from '../context/isr-context.js';
import { labelled } from '../http/labelled.js';
import { release } from '../storage/stored-headers.js';
import { isPersonal } from '../http/unstorable-reason.js';

/**
 * Answers a request for a stored file (see asset-store.ts). A copy still fresh by its own caching headers is
 * answered at once, as the HTTP cache would; otherwise the network is asked, through the HTTP cache, and the stored
 * copy answers when the network fails or no longer has the file: the deploy that deleted an old chunk must not
 * break the tab still showing the page built with it.
 */
export function createFileRoute(ctx: IsrContext): RouteHandlerCallback {
  return async ({ request, event }) => {
    const url = request.url.replace(/#.*$/, '');
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
