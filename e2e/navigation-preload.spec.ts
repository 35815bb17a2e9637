import { cacheStatus, content, expect, firstVisit, labScript, test } from './fixtures.js';

// Navigation preload is off by default (bench/results/navigation-preload.md says why); turned on, a page not stored
// is answered from the browser's preload, never fetched twice, and a fresh stored page is still answered from the cache.

const PRELOAD = 'service-worker-navigation-preload';

test('navigation preload, when turned on: a MISS uses the preload (one request), a fresh HIT still comes from the cache', async ({
  page,
  lab,
}) => {
  const script = labScript('data-navigation-preload="true"');
  await lab.set('a.html', { content: 'a', script });
  await lab.set('b.html', { content: 'b', script });
  await firstVisit(page, lab.url('a.html'));

  expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('MISS');
  expect(await content(page)).toBe('b');
  const forB = (await lab.requests()).filter((r) => r.path === lab.url('b.html'));
  expect(forB.map((r) => r.headers[PRELOAD])).toEqual(['true']);

  // The cost: a fresh page is still answered from the cache, but the browser has sent its preload all the same.
  const before = await lab.count('a.html');
  expect(cacheStatus(await page.goto(lab.url('a.html')))).toBe('HIT');
  await expect.poll(() => lab.count('a.html')).toBe(before + 1);
});

test('navigation preload is off by default: a fresh HIT sends nothing, and no request carries the preload header', async ({
  page,
  lab,
}) => {
  await lab.set('a.html', { content: 'a' });
  await lab.set('b.html', { content: 'b' });
  await firstVisit(page, lab.url('a.html'));
  expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('MISS');
  const before = await lab.count('a.html');
  expect(cacheStatus(await page.goto(lab.url('a.html')))).toBe('HIT');
  expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('HIT');
  expect(await lab.count('a.html')).toBe(before);
  expect((await lab.requests()).filter((r) => r.headers[PRELOAD] !== undefined)).toEqual([]);
});

// Chromium only: auto preload is Chromium's own behaviour, and stopping a worker takes CDP.
test(
  'navigation preload off: a fresh HIT from a stopped worker sends nothing either (Chromium opts out of its auto preload)',
  { tag: '@chromium-only' },
  async ({ context, page, lab }) => {
    await lab.set('a.html', { content: 'a' });
    await lab.set('b.html', { content: 'b' });
    await firstVisit(page, lab.url('a.html'));
    // The same steps as above before the worker is stopped: stopped right after its install, while still busy,
    // Chromium closed the page in 2 runs of 10.
    expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('MISS');
    expect(cacheStatus(await page.goto(lab.url('a.html')))).toBe('HIT');
    expect(cacheStatus(await page.goto(lab.url('b.html')))).toBe('HIT');

    // A worker that went idle: Chromium's own auto preload would send the navigation to the network while the worker
    // starts (a request Playwright does not report: the origin counts it); the worker opted out at install, so a fresh
    // stored page still costs nothing.
    const cdp = await context.newCDPSession(page);
    const running = new Map<string, string>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) running.set(version.versionId, version.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    const atOrigin = await lab.hits('a.html');
    for (let round = 0; round < 3; round++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await expect.poll(() => [...running.values()].every((status) => status === 'stopped')).toBe(true);
      expect(cacheStatus(await page.goto(lab.url('a.html')))).toBe('HIT');
    }
    expect(await lab.hits('a.html')).toBe(atOrigin);
    expect((await lab.requests()).filter((r) => r.headers[PRELOAD] !== undefined)).toEqual([]);
  },
);
