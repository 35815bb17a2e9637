import { readFileSync } from 'node:fs';
import type { Lab } from './fixtures.js';

// Shared by the tests of adopting and leaving sw-isr in every engine (removal, updates, logout and beside-worker specs,
// e2e/webkit/reader.spec.ts): the script tag and the worker are served from the lab origin at paths of the test's
// own, so that each "deploy" is a change at the origin, as on a real host; and what sw-isr holds or left is read
// in the page.

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

/** Run in the page: how many pages and files sw-isr holds under the default names, and how many page records. */
export async function swIsrHeld(): Promise<{ pages: number; files: number; records: number }> {
  // Looked at without opening (which would make the cache).
  const entries = async (name: string) =>
    (await caches.has(name)) ? (await (await caches.open(name)).keys()).length : 0;
  let records = 0;
  if ((await indexedDB.databases()).some((db) => db.name === 'sw-isr')) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('sw-isr');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const request = db.transaction('pages').objectStore('pages').count();
    records = await new Promise<number>((resolve) => (request.onsuccess = () => resolve(request.result)));
    db.close();
  }
  return { pages: await entries('sw-isr-pages-v1'), files: await entries('sw-isr-assets-v1'), records };
}

/** A worker of the site's own that is not sw-isr: it takes over at once and answers nothing. */
export const otherWorker =
  "self.addEventListener('install', () => self.skipWaiting());\n" +
  "self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));";

/**
 * Run in the page: what the origin holds after a scenario, for the closing notes' tables: each registration's worker
 * (its file name), every Cache Storage cache, every IndexedDB database with its version.
 */
export async function originState(): Promise<{ registrations: string[]; caches: string[]; databases: string[] }> {
  const registrations = await navigator.serviceWorker.getRegistrations();
  return {
    registrations: registrations
      .map((r) => new URL((r.active ?? r.waiting ?? r.installing)?.scriptURL ?? 'none:').pathname.split('/').pop()!)
      .sort(),
    caches: (await caches.keys()).sort(),
    databases: (await indexedDB.databases()).map(({ name, version }) => `${name} v${version}`).sort(),
  };
}

/** What {@link originState} reads where sw-isr is installed under the default names, with `worker` registered. */
export const installedState = (worker: string) => ({
  registrations: [worker],
  caches: ['sw-isr-assets-v1', 'sw-isr-pages-v1'],
  databases: ['sw-isr v2'],
});
