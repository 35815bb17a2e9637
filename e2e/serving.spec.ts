import { cacheStatus, content, expect, firstVisit, labScript, readCache, readMeta, test } from './fixtures.js';

test('the first visit installs the worker, which stores the page; the next visit is a HIT with no request', async ({
  page,
  lab,
}) => {
  const url = await lab.set('first.html', {
    content: 'first edition',
    head: '<meta name="isr:revalidate" content="3600">',
  });
  await firstVisit(page, url);
  expect(await lab.count('first.html', false)).toBe(1);
  expect(await lab.count('first.html', true)).toBe(1);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw-isr-worker\.js$/);

  const before = (await lab.requests()).length;
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('HIT');
  expect(await content(page)).toBe('first edition');
  expect((await lab.requests()).length).toBe(before);
});

test('fresh pages are answered from the cache with no request at all, visit after visit', async ({ page, lab }) => {
  const url = await lab.set('fresh.html', { content: 'fresh', head: '<meta name="isr:revalidate" content="3600">' });
  await firstVisit(page, url);
  const before = (await lab.requests()).length;
  for (let round = 0; round < 3; round += 1) {
    const response = await page.goto(url);
    expect(cacheStatus(response)).toBe('HIT');
    expect(await content(page)).toBe('fresh');
  }
  expect((await lab.requests()).length).toBe(before);
});

test('a page not stored yet is a MISS from the network, then stored with its metadata', async ({ page, lab }) => {
  const home = await lab.set('home.html', { content: 'home' });
  const other = await lab.set('other.html', {
    content: 'other',
    head: '<meta name="isr:revalidate" content="120"><meta name="isr:tags" content="news, sport">',
    headers: { 'last-modified': 'Wed, 25 Nov 2026 10:00:00 GMT' },
  });
  await firstVisit(page, home);
  const started = Date.now();
  const response = await page.goto(other);
  expect(cacheStatus(response)).toBe('MISS');
  expect(await content(page)).toBe('other');
  await expect.poll(() => readMeta(page, other)).not.toBeNull();
  const meta = (await readMeta(page, other))!;
  expect(meta).toMatchObject({
    url: new URL(other, page.url()).href,
    revalidate: 120,
    tags: ['news', 'sport'],
    lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT',
  });
  expect(meta.etag).toMatch(/^"[0-9a-f]{16}"$/);
  expect(meta.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(meta.fetchedAt).toBeGreaterThanOrEqual(started);
  expect(meta.fetchedAt).toBeLessThanOrEqual(Date.now());
  expect(meta.lastAccessedAt).toBeGreaterThanOrEqual(meta.fetchedAt as number);
  expect((await readCache(page, other))?.body).toContain('other');

  const again = await page.goto(other);
  expect(cacheStatus(again)).toBe('HIT');
  expect(await lab.count('other.html')).toBe(1);
});

test('requests that are neither navigations nor page fetches pass through untouched: data, fragments, no-store', async ({
  page,
  lab,
}) => {
  const url = await lab.set('nav.html', { content: 'nav' });
  await lab.set('data.json', { body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  await lab.set('part.html', { content: 'part' });
  await firstVisit(page, url);
  const fetched = (path: string, init: RequestInit = {}) =>
    page.evaluate(async ([path, init]) => Object.fromEntries((await fetch(path, init)).headers), [
      lab.url(path),
      init,
    ] as const);
  // A file that is no page; an htmx fragment request (part of a page, not the page); a fetch that wants no copy.
  expect((await fetched('data.json'))['x-isr-cache']).toBeUndefined();
  expect((await fetched('part.html', { headers: { 'hx-request': 'true' } }))['x-isr-cache']).toBeUndefined();
  expect((await fetched('part.html', { cache: 'no-store' }))['x-isr-cache']).toBeUndefined();
  expect(await readCache(page, lab.url('part.html'))).toBeNull();
  // The same page fetched as a client-side router does is a page fetch: answered and stored as a navigation is.
  expect((await fetched('part.html'))['x-isr-cache']).toBe('MISS');
  await expect.poll(async () => (await readCache(page, lab.url('part.html')))?.body).toContain('part');
});

test("a second tab's first visit waits for the first tab's store at most `timeout`, then the network answers it", async ({
  context,
  page,
  lab,
}) => {
  const script = labScript('data-timeout="1"');
  await firstVisit(page, await lab.set('start.html', { script }));
  // The page needs a file that takes 8 s: the first tab's visit is stored only once it has come.
  await lab.set('slow.js', {
    body: 'window.slow = 1;',
    headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' },
    delayMs: 8000,
  });
  const url = await lab.set('slow-page.html', {
    body: `<!doctype html><title>slow</title><script src="slow.js"></script>${script}<main id="content">slow page</main>`,
  });
  const first = await page.goto(url, { waitUntil: 'commit' });
  expect(cacheStatus(first)).toBe('MISS');
  const second = await context.newPage();
  const response = await second.goto(url, { waitUntil: 'commit' });
  // Not the first tab's copy after 8 s (a HIT): the network's answer after the 1 s `timeout`.
  expect(cacheStatus(response)).toBe('BYPASS');
  // The tab is left to the context's teardown: page.close() while it still loads the slow script through the worker
  // hung until the test's timeout once in a clean-clone run (Chromium; 1 in 45 runs here, none in 30 at the release
  // before, too few to tell), and the context's close then took 30 ms.
});

test("caches an earlier release named are deleted when the worker activates; the site's own caches stay", async ({
  page,
  lab,
}) => {
  // Made before any worker of ours is registered, from a page without the script tag.
  await page.goto(await lab.set('blank.html', { body: '<!doctype html><title>blank</title>' }));
  await page.evaluate(async () => {
    for (const name of ['sw-isr-pages-v0', 'sw-isr-assets-v0', 'my-own-cache'])
      await (await caches.open(name)).put('/x', new Response('x'));
  });
  await firstVisit(page, await lab.set('start.html', { content: 'start' }));
  const names = () =>
    page.evaluate(async () => (await caches.keys()).filter((name) => name.endsWith('-v0') || name === 'my-own-cache'));
  await expect.poll(names).toEqual(['my-own-cache']);
  expect(await page.evaluate(() => caches.has('sw-isr-pages-v1'))).toBe(true);
});
