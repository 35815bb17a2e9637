import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { cacheStatus, expect, readCache, test } from './fixtures.js';
import { StaticSite } from './static-site.js';

// A site built by Next.js (e2e/next-site: four routes, a static export with trailingSlash), made an ISR site by the
// packed package's `sw-isr build out`, served as any static host would. Next's router reads a route through its
// RSC payload (`/about/index.txt?_rsc=…`), never its HTML. Each test gets its own build, server and browser context:
// the packed tarball installed and `next build` run (twice with a rebuild), about 15 s on two cores.
test.describe.configure({ timeout: 90_000 });

let site: StaticSite;
test.beforeEach(async () => {
  site = new StaticSite('next');
  await site.start();
});
test.afterEach(async () => {
  await site.stop();
});

/** The stored copy's text, or null: of a page in sw-isr's page cache, of a payload in its file cache. */
const stored = async (page: Page, path: string) => (await readCache(page, `${site.origin}${path}`))?.body ?? null;
const storedFile = (page: Page, path: string) =>
  page.evaluate(
    async (url) => (await (await caches.open('sw-isr-assets-v1')).match(url))?.text() ?? null,
    `${site.origin}${path}`,
  );

/**
 * A click through Next's router: the route's payload is fetched and rendered, no navigation. A mark on `window`
 * outlives a route change, not a load: had the payload's fetch failed, Next would have navigated instead (and the
 * worker would have answered that navigation, hiding the failure). Resolves to the payload's response.
 */
async function follow(page: Page, name: string, text: string) {
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  const payload = page.waitForResponse((response) => response.url().includes('index.txt?_rsc='));
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.locator('#text')).toHaveText(text);
  expect(await page.evaluate(() => 'routed' in window)).toBe(true);
  return payload;
}

async function firstVisit(page: Page): Promise<void> {
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
}

test('Next.js export: routes read through the router are stored with their payloads, answered from them, refreshed with the page, and read offline', async ({
  page,
}) => {
  await firstVisit(page);
  expect(cacheStatus(await page.goto(`${site.origin}/`))).toBe('HIT');
  // The build listed each route's payloads in it; the worker stored the home page's with it.
  await expect.poll(() => storedFile(page, '/index.txt')).toContain('home, first edition');

  // The first read of /about/ through the router: its payload from the network (nothing stored yet); the store
  // follows the router there and asks the worker to keep the route, which stores its HTML and payloads together.
  expect(cacheStatus(await follow(page, 'About', 'about, first edition'))).toBeUndefined();
  await expect.poll(() => stored(page, '/about/')).toContain('about, first edition');
  await expect.poll(() => storedFile(page, '/about/index.txt')).toContain('about, first edition');
  expect(await page.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/about/`);
  const payloadReads = site.reached('/about/index.txt');
  // The router's next reads are the worker's answers from the stored payload: nothing more reaches the origin.
  await follow(page, 'Home', 'home, first edition');
  expect(cacheStatus(await follow(page, 'About', 'about, first edition'))).toBe('HIT');
  expect(site.reached('/about/index.txt')).toBe(payloadReads);
  expect(site.reached('/about/')).toBe(1);

  // A rebuild changes /about/; the worker learns of it from the manifest at the next check (here: the tab's focus),
  // and fetches the page and its payloads again, together.
  const home = await storedFile(page, '/index.txt');
  site.republish('app/about/page.jsx', (text) => text.replace('about, first edition', 'about, second edition'));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect.poll(() => stored(page, '/about/')).toContain('about, second edition');
  expect(await storedFile(page, '/about/index.txt')).toContain('about, second edition');
  // Every page carries its build's id, so a rebuild changes them all (measured with Next 16.4), and the home page is
  // fetched again too. Awaited: Next's router loads a page in full when a payload's build id is not its own.
  await expect.poll(() => storedFile(page, '/index.txt')).not.toBe(home);
  // The tab, on /about/ through the router, is told; the banner's button reloads /about/.
  await page.getByRole('button', { name: 'Show new version' }).click();
  await expect(page.locator('#text')).toHaveText('about, second edition');
  // Both kinds of read show the new version: the router's and a full load.
  await follow(page, 'Home', 'home, first edition');
  expect(cacheStatus(await follow(page, 'About', 'about, second edition'))).toBe('HIT');
  await expect(page.getByRole('button', { name: 'Show new version' })).toBeHidden();
  const load = await page.goto(`${site.origin}/about/`);
  expect(cacheStatus(load)).toBe('HIT');
  await expect(page.locator('#text')).toHaveText('about, second edition');

  // Offline: the routes read are there through the router; a route never read is the offline page (Next navigates
  // when the payload's fetch fails, and the worker answers that navigation).
  site.down = true;
  await follow(page, 'Home', 'home, first edition');
  await follow(page, 'About', 'about, second edition');
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  const offline = page.waitForResponse(`${site.origin}/news/`);
  await page.getByRole('link', { name: 'News', exact: true }).click();
  expect(cacheStatus(await offline)).toBe('OFFLINE');
  await expect(page.getByRole('heading', { name: 'This page is not available offline' })).toBeVisible();
  expect(cacheStatus(await page.goto(`${site.origin}/about/`))).toBe('HIT');
});

test('Next.js export: a stale route read through the router shows the stored version, is refreshed with its payloads, and the banner offers the new one', async ({
  page,
}) => {
  await firstVisit(page);
  // /news/ says revalidate 1 (its own meta tag, through Next's metadata): stale a second after it is stored.
  await follow(page, 'News', 'news, first edition');
  await expect.poll(() => storedFile(page, '/news/index.txt')).toContain('news, first edition');
  await follow(page, 'Home', 'home, first edition');

  site.republish('app/news/page.jsx', (text) => text.replace('news, first edition', 'news, second edition'));
  await page.waitForTimeout(1100);
  // The stale copy at once, as a stale page is served; its page and payloads are fetched again behind it.
  expect(cacheStatus(await follow(page, 'News', 'news, first edition'))).toBe('STALE');
  await expect.poll(() => storedFile(page, '/news/index.txt')).toContain('news, second edition');
  expect(await stored(page, '/news/')).toContain('news, second edition');
  // The store followed the router to /news/: the banner offers the new version, and shows it.
  await page.getByRole('button', { name: 'Show new version' }).click();
  await expect(page.locator('#text')).toHaveText('news, second edition');
  // Polled: the new version may be a new document, whose script tag has not run yet when its text shows (seen once
  // in a clean-clone run: window.swIsr undefined).
  await expect
    .poll(() => page.evaluate(() => window.swIsr?.getSnapshot() ?? null))
    .toMatchObject({ url: `${site.origin}/news/`, hasUpdate: false });
});

test("Next.js export: a link's prefetch of a stored route is answered from the payloads stored with it, and its click needs nothing more", async ({
  page,
}) => {
  // Opened from a link with a tracking parameter: the same stored page (the worker's key drops it).
  await page.goto(`${site.origin}/about/?utm_source=newsletter`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  await expect.poll(() => storedFile(page, '/about/__next.about.__PAGE__.txt')).toContain('about, first edition');
  // /news/ links to /about/ with Next's default prefetch, which fetches the route's segment files (not index.txt):
  // stored with /about/, they come from the store.
  const prefetched = page.waitForResponse((response) =>
    response.url().includes('/about/__next.about.__PAGE__.txt?_rsc='),
  );
  await page.goto(`${site.origin}/news/`);
  expect(cacheStatus(await prefetched)).toBe('HIT');
  const before = site.requests.length;
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  await page.getByRole('link', { name: 'About, prefetched' }).click();
  await expect(page.locator('#text')).toHaveText('about, first edition');
  expect(await page.evaluate(() => 'routed' in window)).toBe(true);
  expect(site.requests.slice(before).filter((request) => request.path.startsWith('/about/'))).toEqual([]);
  expect(await page.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/about/`);
});

test('Next.js export: a stale route that a link prefetched is shown as stored on the click, then refreshed, and the banner offers the new version', async ({
  page,
}) => {
  // /docs/ (revalidate 1) and /about/, which links to it with Next's default prefetch, stored from one build.
  await page.goto(`${site.origin}/docs/`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  await expect.poll(() => storedFile(page, '/docs/__next.docs.__PAGE__.txt')).toContain('docs, first edition');
  expect(cacheStatus(await page.goto(`${site.origin}/about/`))).toBe('MISS');
  site.republish('app/docs/page.jsx', (text) => text.replace('docs, first edition', 'docs, second edition'));
  // No manifest from here on: a restarted worker checks it at its first navigation, and would refresh /docs/ ahead
  // of the click this test is about.
  rmSync(join(site.out, 'isr-manifest.json'));
  await page.waitForTimeout(1100);
  // /about/ from the store (fresh), and its prefetch of the stale /docs/ too: answered STALE, and no read, so no
  // revalidation yet (had the prefetch begun one, the click's version could not be told from the new one).
  const prefetched = page.waitForResponse((response) =>
    response.url().includes('/docs/__next.docs.__PAGE__.txt?_rsc='),
  );
  expect(cacheStatus(await page.goto(`${site.origin}/about/`))).toBe('HIT');
  expect(cacheStatus(await prefetched)).toBe('STALE');
  await page.waitForTimeout(500);
  expect(await storedFile(page, '/docs/index.txt')).toContain('docs, first edition');
  // The click shows the prefetched, stored version; the store follows there and the worker, told of the read,
  // refreshes the page; the banner offers the new version.
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  await page.getByRole('link', { name: 'Docs, prefetched' }).click();
  await expect(page.locator('#text')).toHaveText('docs, first edition');
  expect(await page.evaluate(() => 'routed' in window)).toBe(true);
  await expect.poll(() => storedFile(page, '/docs/index.txt')).toContain('docs, second edition');
  await page.getByRole('button', { name: 'Show new version' }).click();
  await expect(page.locator('#text')).toHaveText('docs, second edition');
});

test('Next.js export: a route the site removed is no longer read through its stored payloads', async ({ page }) => {
  await firstVisit(page);
  await follow(page, 'About', 'about, first edition');
  await expect.poll(() => stored(page, '/about/')).toContain('about, first edition');
  await follow(page, 'Home', 'home, first edition');
  const home = await storedFile(page, '/index.txt');
  // A rebuild without /about/: the manifest no longer lists it, and the worker drops the page.
  site.republish('app/about/page.jsx', () => null);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect.poll(() => stored(page, '/about/')).toBeNull();
  await expect.poll(() => storedFile(page, '/index.txt')).not.toBe(home);
  // The router's fetch of its payload is the origin's 404, not the copy stored with the page, which goes; Next
  // then loads the page in full, and the reader sees the site's 404.
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  const payload = page.waitForResponse((response) => response.url().includes('/about/index.txt?_rsc='));
  await page.getByRole('link', { name: 'About', exact: true }).click();
  expect((await payload).status()).toBe(404);
  await expect(page.locator('#text')).toHaveCount(0);
  expect(await page.evaluate(() => 'routed' in window)).toBe(false);
  await expect.poll(() => storedFile(page, '/about/index.txt')).toBeNull();
});
