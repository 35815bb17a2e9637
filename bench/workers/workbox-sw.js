// The peer a user would pick for the same job: Workbox's StaleWhileRevalidate for navigations, with
// ExpirationPlugin (a cap and a max age) and BroadcastUpdatePlugin (tell tabs about changes). Bundled by the
// benchmark with Vite, as a site would bundle it.
import { clientsClaim } from 'workbox-core';
import { registerRoute } from 'workbox-routing';
import { StaleWhileRevalidate } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { BroadcastUpdatePlugin } from 'workbox-broadcast-update';

self.skipWaiting();
clientsClaim();
registerRoute(
  ({ request }) => request.mode === 'navigate',
  new StaleWhileRevalidate({
    cacheName: 'wb-pages',
    plugins: [new ExpirationPlugin({ maxEntries: 20000, maxAgeSeconds: 86400 }), new BroadcastUpdatePlugin()],
  }),
);
