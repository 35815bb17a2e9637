import { clientsClaim } from 'workbox-core';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { createIsrContext } from './isr-context.js';
import { createIsrHandler } from './isr-handler.js';
import { createMessageHandler } from './message-handler.js';
import { resolveOptions, type IsrOptions } from './options.js';

declare let self: ServiceWorkerGlobalScope;

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
  if (resolved.claim) {
    self.addEventListener('install', () => void self.skipWaiting());
    clientsClaim();
  }
  const scope = new URL(self.registration.scope);
  const excluded = resolved.exclude.map((prefix) => new URL(prefix, scope).pathname);
  registerRoute(
    ({ request, url, sameOrigin }) =>
      sameOrigin &&
      request.method === 'GET' &&
      request.mode === 'navigate' &&
      url.href.startsWith(scope.href) &&
      !excluded.some((prefix) => url.pathname.startsWith(prefix)),
    createIsrHandler(ctx),
  );
  // The handler already falls back to the network on its own failures; this covers a throw inside Workbox itself.
  setCatchHandler(async ({ request }) => fetch(request));
  self.addEventListener('message', createMessageHandler(ctx));
}
