import { readFileSync } from 'node:fs';
import type { Lab } from './fixtures.js';

// Shared by the way-out tests in every engine (e2e/removal.spec.ts, e2e/webkit/reader.spec.ts): the script tag and
// the worker are served from the lab origin at paths of the test's own, so that each "deploy" is a change at the
// origin, as on a real host.

/**
 * Deploys the real script tag and worker (`on`), or the off versions `sw-isr build --remove` writes. `release`
 * appends a line to the worker that answers `'release?'` with it, as a new release changes the worker's bytes;
 * `cacheControl` is what the host sends with both files.
 */
export async function deploySwIsr(
  lab: Lab,
  on: boolean,
  { release, cacheControl = 'no-cache' }: { release?: number; cacheControl?: string } = {},
): Promise<void> {
  const serve = (file: string, extra = '') => ({
    body: readFileSync(`dist/${file}`, 'utf8') + extra,
    headers: { 'content-type': 'text/javascript', 'cache-control': cacheControl },
  });
  const tell =
    release === undefined
      ? ''
      : `\nself.addEventListener('message', (e) => e.data === 'release?' && e.ports[0].postMessage(${release}));`;
  await lab.set('tag.js', serve(on ? 'sw-isr.js' : 'sw-isr-off.js'));
  await lab.set('worker.js', serve(on ? 'sw-isr-worker.js' : 'sw-isr-off-worker.js', tell));
}

/** Run in the page: the release of the worker controlling it (see {@link deploySwIsr}), or null. */
export function controllerRelease(): Promise<number | null> {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = ({ data }) => resolve(data as number);
    worker.postMessage('release?', [port2]);
    setTimeout(() => resolve(null), 2000);
  });
}

/** The script tag of a page of the site deployed by {@link deploySwIsr}. */
export const wayOutTag = (lab: Lab) =>
  `<script src="${lab.prefix}/tag.js" data-worker="${lab.prefix}/worker.js" data-scope="${lab.prefix}/" defer></script>`;

/** Run in the page: what sw-isr left in the origin's registrations, Cache Storage and IndexedDB. */
export async function swIsrLeft(): Promise<{ registrations: number; caches: string[]; databases: unknown[] }> {
  return {
    registrations: (await navigator.serviceWorker.getRegistrations()).length,
    caches: (await caches.keys()).filter((name) => name.startsWith('sw-isr')),
    databases: (await indexedDB.databases()).map((db) => db.name).filter((name) => name === 'sw-isr'),
  };
}
