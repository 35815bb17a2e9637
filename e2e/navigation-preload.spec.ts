import { cacheStatus, content, expect, firstVisit, labScript, test } from './fixtures.js';

// Navigation preload is off by default (bench/results/navigation-preload.md says why); turned on, a page not stored
// is answered from the browser's preload, never fetched twice, and a fresh stored page is still answered from the cache.

const PRELOAD = 'service-worker-navigation-preload';

test('navigation preload, when turned on: a MISS uses the preload (one request), a fresh HIT still comes from the cache', async ({ page, lab }) => {
  const script = labScript('data-navigation-preload="true"');
  await lab.set('a.html', { content: 'a', script });
  await lab.set('b.html', { content: 'b', script });
  await firstVisit(page, lab.url('a.html'));

  expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('MISS');
  expect(await content(page)).toBe('b');
  const forB = lab.requests.filter((r) => r.path === lab.url('b.html'));
  expect(forB.map((r) => r.headers[PRELOAD])).toEqual(['true']);

  // The cost: a fresh page is still answered from the cache, but the browser has sent its preload all the same.
  const before = lab.count('a.html');
  expect(cacheStatus(await page.goto(lab.url('a.html')))).toBe('HIT');
  await expect.poll(() => lab.count('a.html')).toBe(before + 1);
});

test('navigation preload is off by default: a fresh HIT sends nothing, and no request carries the preload header', async ({ page, lab }) => {
  await lab.set('a.html', { content: 'a' });
  await lab.set('b.html', { content: 'b' });
  await firstVisit(page, lab.url('a.html'));
  expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('MISS');
  const before = lab.count('a.html');
  expect(cacheStatus(await page.goto(lab.url('a.html')))).toBe('HIT');
  expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('HIT');
  expect(lab.count('a.html')).toBe(before);
  expect(lab.requests.filter((r) => r.headers[PRELOAD] !== undefined)).toEqual([]);
});
