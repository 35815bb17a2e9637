import { clientsClaim } from 'workbox-core';
import type { RouteHandlerCallback, RouteMatchCallback } from 'workbox-core/types.js';
// The default router and Route themselves, not registerRoute and setCatchHandler: those also carry the string and
// RegExp captures this worker never uses (161 B min+gzip of the prebuilt worker). The same router a site's own
// registerRoute() calls reach (the .mjs entry re-exports these files). getOrCreateDefaultRouter is marked private in
// Workbox, though unchanged since Workbox 5 (2019): a 7.x release that moved it would fail a bundler's resolution
// loudly (e2e/bundle-site-worker.ts bundles sw-isr/sw as a site would), not at run time.
import { Route } from 'workbox-routing/Route.js';
import { getOrCreateDefaultRouter } from 'workbox-routing/utils/getOrCreateDefaultRouter.js';
import { createFileRoute } from './routes/file-route.js';
import { fileKey } from './storage/cache-key.js';
import { checkManifest } from './engine/check-manifest.js';
import { createIsrContext } from './context/isr-context.js';
import { createNavigationRoute } from './routes/navigation-route.js';
import { createMessageRoute } from './routes/message-route.js';
import { isPageFetch } from './routes/page-fetch.js';
import { resolveOptions, type IsrOptions } from './context/options.js';
import { precacheRan, runPrecache } from './engine/precache.js';
import { evictForRoom } from './upkeep/evict-for-room.js';
import { deleteOldCaches } from './upkeep/delete-old-caches.js';
import { dropPersonalFiles } from './upkeep/drop-personal-files.js';
import { reconcileAtStart } from './upkeep/reconcile.js';
import { afterClear } from './engine/clear-all.js';
import { within } from './util/within.js';

declare let self: ServiceWorkerGlobalScope;

const ASSET_DESTINATIONS = new Set<RequestDestination>(['script', 'style', 'font']);
/** How long an install waits for the precache pass. */
const INSTALL_PRECACHE_MS = 60_000;

/**
 * Installs the ISR engine in this worker: same-origin GET navigations inside the worker's scope are served from
 * Cache Storage and revalidated in the background; every other request is left alone. Call it once, at the top
 * level of the worker script (browsers only accept fetch listeners added during the script's first run).
 *
 * @throws IsrOptionError when an option is unknown or has an unusable value.
 */
export function installIsr(options: IsrOptions = {}): void {
  const resolved = resolveOptions(options);
  const ctx = createIsrContext(resolved);
  // Wired here, above both: the file store (storage) may not import the upkeep that makes room.
  ctx.assets.makeRoom = (bytes) => evictForRoom(ctx, '', bytes);
  // After a clear (a logout), the precache is stored again, in a pass of its own: one under way began before it.
  afterClear(ctx).run = () => runPrecache(ctx, true);
  if (resolved.claim) clientsClaim();
  // Precache at install: the worker takes control with what the site declared already stored. A failed entry does
  // not fail the install (see precache.ts); the manifest check also picks up the manifest's precache list.
  self.addEventListener('install', (event) => {
    if (resolved.claim) void self.skipWaiting();
    const precached = checkManifest(ctx, true).then(() => (precacheRan(ctx) ? undefined : runPrecache(ctx)));
    // Bounded: a browser gives up on an install that takes minutes, and then there would be no worker at all. What
    // is not stored by then goes on in the background and is taken up again at the next manifest check.
    event.waitUntil(within(precached, INSTALL_PRECACHE_MS));
    // Chromium's auto preload (ServiceWorkerAutoPreload) sends a navigation to the network while a stopped worker
    // starts: one origin request for every read of a fresh stored page after the worker went idle (measured in
    // bench/results/navigation-preload.md). A static route opts a registration out; this one sends navigations to
    // the fetch event, where they go anyway. A rule with the network as its source did not opt out in Chromium 156.
    const routed = event as ExtendableEvent & { addRoutes?: (rules: unknown) => Promise<void> };
    if (!resolved.navigationPreload && routed.addRoutes) {
      event.waitUntil(
        routed.addRoutes({ condition: { requestMode: 'navigate' }, source: 'fetch-event' }).catch(() => {}),
      );
    }
  });
  self.addEventListener('activate', (event) => {
    // What earlier releases left that this one would not keep: caches of older names (quick: one listing), and
    // one reader's files. The latter reads every stored file's headers, so it runs beside the activation rather
    // than in it: fetch events wait for an activation to end.
    event.waitUntil(deleteOldCaches([resolved.cacheName, resolved.assetCacheName]).catch(() => {}));
    event.waitUntil(reconcileAtStart(ctx).catch(() => {}));
    void dropPersonalFiles(ctx.assets).catch(() => {});
    // Set either way: a previous version of the worker may have enabled it.
    const preload = self.registration.navigationPreload;
    if (preload) event.waitUntil((resolved.navigationPreload ? preload.enable() : preload.disable()).catch(() => {}));
  });
  const router = getOrCreateDefaultRouter();
  const registerRoute = (match: RouteMatchCallback, handler: RouteHandlerCallback) =>
    router.registerRoute(new Route(match, handler));
  const pages = createNavigationRoute(ctx);
  registerRoute(
    ({ request, url, sameOrigin }) =>
      sameOrigin && request.method === 'GET' && request.mode === 'navigate' && ctx.scope.page(url),
    pages,
  );
  // A client-side router's fetch of a page is answered as a navigation to it is: one stored copy for both.
  registerRoute(
    ({ request, url, sameOrigin }) => sameOrigin && isPageFetch(request, url) && ctx.scope.page(url),
    pages,
  );
  registerRoute(
    ({ request, url, sameOrigin }) =>
      sameOrigin &&
      request.method === 'GET' &&
      request.mode !== 'navigate' &&
      (ctx.assets.known.has(fileKey(url)) ||
        // Until the list of stored files has loaded, any script, style or font may be one of them, and so may a
        // Next.js payload (`_rsc`). It loads on the first such request, not at worker start, where it would compete
        // with the navigation that woke the worker.
        (!ctx.assets.loaded &&
          (ASSET_DESTINATIONS.has(request.destination) || url.searchParams.has('_rsc')) &&
          (void ctx.assets.load(), true))) &&
      // Checked last, so that only the requests this route would answer pay for it: an excluded file that an older
      // configuration stored is left to the network.
      ctx.scope.file(url),
    createFileRoute(ctx),
  );
  // The handler already falls back to the network on its own failures; this covers a throw inside Workbox itself.
  router.setCatchHandler(async ({ request }) => fetch(request));
  self.addEventListener('message', createMessageRoute(ctx));
}
