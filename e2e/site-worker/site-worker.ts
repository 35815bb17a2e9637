// A site's own worker with sw-isr inside, as the README's "Beside another worker" shows it: the site's routes and
// push notifications, and ISR for its pages. e2e/beside-worker.spec.ts bundles it (Vite) against the built
// `sw-isr/sw` and serves it as the site's worker.
import { installIsr } from 'sw-isr/sw';

declare let self: ServiceWorkerGlobalScope;

// The site's own handler first: it answers what it owns and leaves every other request to the next listener.
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname.endsWith('/api/hello')) event.respondWith(Response.json({ from: 'site' }));
});

installIsr({ revalidate: 60 });

self.addEventListener('push', (event) => {
  const text = event.data?.text() ?? '';
  new BroadcastChannel('news').postMessage(text);
  event.waitUntil(self.registration.showNotification('News', { body: text }).catch(() => {}));
});

// The test's stand-in for a push service (none answers here): a page asks, and a push event is dispatched, where
// the engine has push at all.
self.addEventListener('message', (event) => {
  if (event.data !== 'push-test') return;
  if (typeof PushEvent === 'undefined') new BroadcastChannel('news').postMessage('no PushEvent in this engine');
  else self.dispatchEvent(new PushEvent('push', { data: 'hello' }));
});
