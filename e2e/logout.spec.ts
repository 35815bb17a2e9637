import type { Page } from '@playwright/test';
import { cacheStatus, content, expect, firstVisit, labScript, test, type Lab } from './fixtures.js';
import { installedState, originState, swIsrHeld } from './way-out.js';

// Logout: `swIsr.clear()` and a response with `Clear-Site-Data` leave nothing sw-isr stored (pages, files, their
// records), and the site goes on working: the next visit stores again.
//
// @firefox-only: Chromium 156 hides `Clear-Site-Data` from every fetch() response, the worker's included (measured:
// the lab's logout page, fetched by the worker and by the page, lists every header but that one), so its worker
// cannot act on it. There `"storage"` (or `"*"`) makes Chromium clear Cache Storage and IndexedDB itself, and
// `"cache"` only its HTTP cache; the README's logout recipe therefore calls `swIsr.clear()` and sends both.

const anHour = '<meta name="isr:revalidate" content="3600">';
/** A file of the pages' own; with the script tag and its banner, each stored page needs three. */
const files = '<script src="app.js" defer></script>';

const stored = (page: Page) => page.evaluate(swIsrHeld);

/** Sets two pages that share a file of their own; resolves to their URLs. */
async function twoPages(lab: Lab): Promise<{ a: string; b: string }> {
  await lab.set('app.js', { body: 'window.app = 1;', headers: { 'content-type': 'text/javascript' } });
  const a = await lab.set('a.html', { content: 'page a', head: anHour + files });
  return { a, b: await lab.set('b.html', { content: 'page b', head: anHour + files }) };
}

test('swIsr.clear() drops every stored page and file and their records; tabs are told; the next visit stores again', async ({
  page,
  lab,
}) => {
  const { a, b } = await twoPages(lab);
  await firstVisit(page, a);
  await page.goto(b);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await stored(page)).toEqual({ pages: 2, files: 3, records: 2 });

  expect(await page.evaluate(() => window.swIsr.clear())).toBe(true);
  expect(await stored(page)).toEqual({ pages: 0, files: 0, records: 0 });
  // The worker stays, with its caches and database empty.
  expect(await page.evaluate(originState)).toEqual(installedState('sw-isr-worker.js'));
  // This tab's page was one of them: it knows of no stored copy any more.
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().fetchedAt)).toBeNull();

  const before = await lab.count('a.html');
  expect(cacheStatus(await page.goto(a))).toBe('MISS');
  expect(await lab.count('a.html')).toBe(before + 1);
  await expect.poll(() => stored(page)).toEqual({ pages: 1, files: 3, records: 1 });
});

test('a logout page answering Clear-Site-Data: "cache" leaves nothing stored, and is not stored itself @firefox-only', async ({
  page,
  lab,
}) => {
  const { a, b } = await twoPages(lab);
  const logout = await lab.set('logout.html', {
    content: 'signed out',
    headers: { 'clear-site-data': '"cache"' },
  });
  await firstVisit(page, a);
  await page.goto(b);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await stored(page)).toEqual({ pages: 2, files: 3, records: 2 });

  expect(cacheStatus(await page.goto(logout))).toBe('BYPASS');
  expect(await content(page)).toBe('signed out');
  // The browser clears its HTTP cache for "cache"; the records in IndexedDB, which it leaves, show the worker's
  // own clearing.
  await expect.poll(() => stored(page)).toEqual({ pages: 0, files: 0, records: 0 });
  expect(await page.evaluate(originState)).toEqual(installedState('sw-isr-worker.js'));
  // Read again, the page comes from the network and is stored anew.
  expect(cacheStatus(await page.goto(a))).toBe('MISS');
  await expect.poll(() => stored(page)).toEqual({ pages: 1, files: 3, records: 1 });
});

test('a stored page that now answers Clear-Site-Data on revalidation clears everything and is dropped @firefox-only', async ({
  page,
  lab,
}) => {
  const a = await lab.set('a.html', { content: 'page a', head: anHour });
  const b = await lab.set('b.html', { content: 'page b', head: anHour });
  await firstVisit(page, a);
  await page.goto(b);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  await lab.set('b.html', { content: 'signed out', head: anHour, headers: { 'clear-site-data': '"cache"' } });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
  await expect.poll(() => stored(page)).toEqual({ pages: 0, files: 0, records: 0 });
});

test('clear() while a revalidation is under way: what it fetches is not stored afterwards', async ({ page, lab }) => {
  const a = await lab.set('a.html', { content: 'page a', head: anHour });
  await firstVisit(page, a);
  await lab.set('a.html', { content: 'page a, edited', head: anHour });
  const origin = await lab.hold('a.html');
  const revalidation = page.evaluate(() => window.swIsr.revalidate());
  await origin.arrived;
  expect(await page.evaluate(() => window.swIsr.clear())).toBe(true);
  await origin.release();
  // The edited page reached the worker after the clear: not stored, the revalidation not a success.
  expect(await revalidation).toBe(false);
  expect(await stored(page)).toEqual({ pages: 0, files: 0, records: 0 });
  // No failure of the origin's: the tab is not told that a refresh failed, and settles.
  await expect
    .poll(() => page.evaluate(() => window.swIsr.getSnapshot()))
    .toMatchObject({ error: null, status: 'unknown', fetchedAt: null });
});

test("clear() stores the site's precache again (its offline page), and tabs see it not ready, then ready", async ({
  page,
  lab,
}) => {
  await lab.set('offline.html', { body: '<!doctype html><title>Offline</title><h1>No connection</h1>' });
  const script = labScript(`data-offline-page="${lab.prefix.slice('/lab/'.length)}/offline.html"`);
  await firstVisit(page, await lab.set('start.html', { content: 'start', script }));
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().offlineReady)).toBe(true);
  const fetched = await lab.count('offline.html');
  const seen = page.evaluate(
    () =>
      new Promise<boolean[]>((resolve) => {
        const readiness: boolean[] = [];
        const stop = window.swIsr.subscribe(() => {
          readiness.push(window.swIsr.getSnapshot().offlineReady);
          if (readiness.length > 1 && readiness.at(-1)) (resolve(readiness), stop());
        });
      }),
  );
  expect(await page.evaluate(() => window.swIsr.clear())).toBe(true);
  expect((await seen).at(0)).toBe(false);
  // The offline page was fetched again and is stored: nothing of the reader's pages is.
  expect(await lab.count('offline.html')).toBe(fetched + 1);
  expect(await stored(page)).toMatchObject({ pages: 0, records: 0 });
  expect(
    await page.evaluate(
      async (url) => !!(await caches.match(url, { cacheName: 'sw-isr-assets-v1' })),
      lab.url('offline.html'),
    ),
  ).toBe(true);
});
