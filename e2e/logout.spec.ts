import type { Page } from '@playwright/test';
import { cacheStatus, content, expect, firstVisit, test } from './fixtures.js';
import { swIsrHeld } from './way-out.js';

// Logout: `swIsr.clear()` and a response with `Clear-Site-Data` leave nothing sw-isr stored (pages, files, their
// records), and the site goes on working: the next visit stores again.
//
// @firefox-only: Chromium 156 hides `Clear-Site-Data` from every fetch() response, the worker's included (measured:
// the lab's logout page, fetched by the worker and by the page, lists every header but that one), so its worker
// cannot act on it. There `"storage"` (or `"*"`) makes Chromium clear Cache Storage and IndexedDB itself, and
// `"cache"` only its HTTP cache; the README's logout recipe therefore calls `swIsr.clear()` and sends both.

const anHour = '<meta name="isr:revalidate" content="3600">';
/** A file of the pages' own; with the script tag, each stored page needs two. */
const files = '<script src="app.js" defer></script>';

const stored = (page: Page) => page.evaluate(swIsrHeld);

test('swIsr.clear() drops every stored page and file and their records; tabs are told; the next visit stores again', async ({
  page,
  lab,
}) => {
  await lab.set('app.js', { body: 'window.app = 1;', headers: { 'content-type': 'text/javascript' } });
  const a = await lab.set('a.html', { content: 'page a', head: anHour + files });
  const b = await lab.set('b.html', { content: 'page b', head: anHour + files });
  await firstVisit(page, a);
  await page.goto(b);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await stored(page)).toEqual({ pages: 2, files: 2, records: 2 });

  expect(await page.evaluate(() => window.swIsr.clear())).toBe(true);
  expect(await stored(page)).toEqual({ pages: 0, files: 0, records: 0 });
  // This tab's page was one of them: it knows of no stored copy any more.
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().fetchedAt)).toBeNull();

  const before = await lab.count('a.html');
  expect(cacheStatus(await page.goto(a))).toBe('MISS');
  expect(await lab.count('a.html')).toBe(before + 1);
  await expect.poll(() => stored(page)).toEqual({ pages: 1, files: 2, records: 1 });
});

test('a logout page answering Clear-Site-Data: "cache" leaves nothing stored, and is not stored itself @firefox-only', async ({
  page,
  lab,
}) => {
  await lab.set('app.js', { body: 'window.app = 1;', headers: { 'content-type': 'text/javascript' } });
  const a = await lab.set('a.html', { content: 'page a', head: anHour + files });
  const b = await lab.set('b.html', { content: 'page b', head: anHour + files });
  const logout = await lab.set('logout.html', {
    content: 'signed out',
    headers: { 'clear-site-data': '"cache"' },
  });
  await firstVisit(page, a);
  await page.goto(b);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await stored(page)).toEqual({ pages: 2, files: 2, records: 2 });

  expect(cacheStatus(await page.goto(logout))).toBe('BYPASS');
  expect(await content(page)).toBe('signed out');
  // The browser clears its HTTP cache for "cache"; the records in IndexedDB, which it leaves, show the worker's
  // own clearing.
  await expect.poll(() => stored(page)).toEqual({ pages: 0, files: 0, records: 0 });
  // Read again, the page comes from the network and is stored anew.
  expect(cacheStatus(await page.goto(a))).toBe('MISS');
  await expect.poll(() => stored(page)).toEqual({ pages: 1, files: 2, records: 1 });
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
