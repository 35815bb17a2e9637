// The floor: a worker that answers navigations with caches.match and nothing else (storing what it fetches).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (event.request.mode !== 'navigate') return;
  event.respondWith(
    caches.match(event.request).then(
      (hit) =>
        hit ||
        fetch(event.request).then((response) => {
          const copy = response.clone();
          event.waitUntil(caches.open('bare').then((cache) => cache.put(event.request, copy)));
          return response;
        }),
    ),
  );
});
