import type { BrowserContext, Page } from '@playwright/test';
import {
  cacheStatus,
  content,
  expect,
  firstVisit,
  hearRemovals,
  labScript,
  openTab,
  readCache,
  readMeta,
  removalsHeard,
  test,
  type LabPage,
} from './fixtures.js';
import { LAB_ORIGIN } from './ports.js';

const anHour = '<meta name="isr:revalidate" content="3600">';
const always = '<meta name="isr:revalidate" content="0">';

async function stopWorkers(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
}

const snapshot = (page: Page) => page.evaluate(() => window.swIsr.getSnapshot());

test('five tabs open the same stale page at once: exactly one request reaches the origin', async ({
  context,
  page,
  lab,
}) => {
  const url = await lab.set('five.html', { content: 'v1', head: '<meta name="isr:revalidate" content="1">' });
  await firstVisit(page, url);
  await page.waitForTimeout(1100);
  const before = await lab.count('five.html', true);
  const origin = await lab.hold('five.html');
  const tabs = await Promise.all(Array.from({ length: 5 }, () => context.newPage()));
  const responses = await Promise.all(tabs.map((tab) => tab.goto(url)));
  expect(responses.map(cacheStatus)).toEqual(['STALE', 'STALE', 'STALE', 'STALE', 'STALE']);
  await origin.arrived;
  await origin.release();
  await expect.poll(async () => (await readMeta(page, url))!.fetchedAt).toBeGreaterThan(Date.now() - 2000);
  expect((await lab.count('five.html', true)) - before).toBe(1);
});

const faults: [string, LabPage, string][] = [
  ['a 500', { status: 500, body: 'oops', etag: false }, 'status 500'],
  ['a 503', { status: 503, body: 'later', etag: false }, 'status 503'],
  // An error page's own no-store (as CDNs send with their 5xx pages) says nothing of the page: the copy stays.
  [
    'a 503 with Cache-Control: no-store',
    { status: 503, body: 'later', etag: false, headers: { 'cache-control': 'no-store' } },
    'status 503',
  ],
  ['a non-HTML answer', { headers: { 'content-type': 'application/json' }, body: '{}', etag: false }, 'not HTML'],
  [
    'a redirect to another origin',
    { status: 302, headers: { location: 'http://127.0.0.1:4317/index.html' }, body: '', etag: false },
    'opaqueredirect',
  ],
  ['a dropped connection', { fault: 'reset' }, 'network error ('],
  ['a truncated body', { fault: 'truncate', etag: false }, 'network error ('],
  ['no answer within the timeout', { content: 'late', delayMs: 3000, etag: false }, 'no answer within 1 s'],
];

for (const [what, fault, error] of faults) {
  test(`${what} keeps the last good page and tells the page what failed`, async ({ page, lab }) => {
    const url = await lab.set('fault.html', {
      content: 'good copy',
      head: anHour,
      script: labScript('data-timeout="1"'),
    });
    await firstVisit(page, url);
    await lab.set('fault.html', fault);
    expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
    await expect.poll(async () => (await snapshot(page)).status).toBe('error');
    expect((await snapshot(page)).error).toContain(error);
    expect((await readCache(page, url))?.body).toContain('good copy');
    expect((await readMeta(page, url))!.failures).toBe(1);
    const response = await page.goto(url);
    expect(cacheStatus(response)).toBe('HIT');
    expect(await content(page)).toBe('good copy');
  });
}

// Whether a reader hears of a failed background refresh once depended on timing: a refused connection fails within
// milliseconds, before the loading page listens, so Chromium showed nothing where Firefox showed the banner. Now the
// worker's state reply carries the failure, and every engine shows it.
test('a stale page whose refresh fails at once: the saved copy, and the reader is told it could not be refreshed', async ({
  page,
  lab,
}) => {
  const url = await lab.set('down.html', { content: 'old but here', head: '<meta name="isr:revalidate" content="1">' });
  await firstVisit(page, url);
  await page.waitForTimeout(1100);
  await lab.set('down.html', { fault: 'reset' });
  expect(cacheStatus(await page.goto(url))).toBe('STALE');
  expect(await content(page)).toBe('old but here');
  await expect(page.getByRole('status')).toContainText('Could not refresh: showing the saved copy.');
  expect(await snapshot(page)).toMatchObject({ status: 'error', error: expect.stringContaining('network error (') });
  // The next visit, within the backoff: told again, and no request.
  const before = await lab.count('down.html');
  expect(cacheStatus(await page.goto(url))).toBe('STALE');
  await expect(page.getByRole('status')).toContainText('Could not refresh: showing the saved copy.');
  expect(await lab.count('down.html')).toBe(before);
});

// A page now behind a login, or marked private, must not stay readable on the device: it would outlive a logout.
for (const [what, answer] of [
  ['a 401', { status: 401, body: 'log in first', etag: false }],
  ['a 403', { status: 403, body: 'not yours', etag: false }],
  ['Cache-Control: private', { content: 'your account', headers: { 'cache-control': 'private, max-age=0' } }],
  ['Cache-Control: no-store', { content: 'your account', headers: { 'cache-control': 'no-store' } }],
  // The same body (a 304 to the stored ETag) with new headers: the origin marked the page private without changing it.
  [
    'a 304 with Cache-Control: private',
    { content: 'public once', head: anHour, headers: { 'cache-control': 'private' } },
  ],
] as [string, LabPage][]) {
  test(`a page that turns private on revalidation (${what}) is dropped, every tab is told, and the next load is the origin's`, async ({
    context,
    page,
    lab,
  }) => {
    const url = await lab.set('account.html', { content: 'public once', head: anHour });
    await firstVisit(page, url);
    const other = await openTab(context, url);
    await hearRemovals(other);
    await lab.set('account.html', answer);
    expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
    expect(await readCache(page, url)).toBeNull();
    expect(await readMeta(page, url)).toBeNull();
    // Told, and not left revalidating (a removal ends a revalidation as a failure does).
    for (const tab of [page, other]) await expect.poll(async () => (await snapshot(tab)).status).toBe('unknown');
    // Told why, as a code (see RemovedReason).
    await expect.poll(() => removalsHeard(other)).toEqual(['private']);
    if (what.startsWith('a 304')) expect((await lab.requests()).filter((r) => r.fromWorker).at(-1)?.status).toBe(304);
    const next = await other.reload();
    expect(cacheStatus(next)).toBe('BYPASS');
    expect(next?.status()).toBe(answer.status ?? 200);
    expect(await readCache(page, url)).toBeNull();
  });
}

test("a reader's reload of a page that turned private gets the origin's answer, never the dropped copy", async ({
  page,
  lab,
}) => {
  const url = await lab.set('login.html', { content: 'public once', head: anHour });
  await firstVisit(page, url);
  await lab.set('login.html', {
    status: 401,
    body: '<!doctype html><main id="content">log in first</main>',
    etag: false,
  });
  const response = await page.reload();
  expect(response?.status()).toBe(401);
  // Chromium and Firefox send a reload network-first: the revalidation drops the page, and the origin's answer is
  // passed on. WebKit's reload reaches the worker as a plain navigation (see the WebKit suite).
  expect(cacheStatus(response)).toBe('BYPASS');
  expect(await content(page)).toBe('log in first');
  await expect.poll(() => readCache(page, url)).toBeNull();
});

test('after a failure, reads do not retry until the backoff has passed; an explicit revalidate still does', async ({
  page,
  lab,
}) => {
  const url = await lab.set('storm.html', { content: 'good', head: always, script: labScript('data-retry-base="60"') });
  await firstVisit(page, url);
  await lab.set('storm.html', { status: 500, body: 'down', etag: false });
  const before = await lab.count('storm.html', true);
  expect(cacheStatus(await page.goto(url))).toBe('STALE');
  await expect.poll(async () => (await readMeta(page, url))!.failures).toBe(1);
  expect(await lab.count('storm.html', true)).toBe(before + 1);
  for (let read = 0; read < 4; read += 1) {
    expect(cacheStatus(await page.goto(url))).toBe('STALE');
    expect(await content(page)).toBe('good');
  }
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(await lab.count('storm.html', true)).toBe(before + 1);
  const stamp = (await readCache(page, url))!.headers['x-isr-stamp-retry']!;
  const [failures, retryAt] = stamp.split(' ').map(Number);
  expect(failures).toBe(1);
  // 60 s, drawn between half and all of it (jitter).
  expect(retryAt! - Date.now()).toBeGreaterThan(25_000);
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
  expect(await lab.count('storm.html', true)).toBe(before + 2);
  // The reader's own attempt failed too, and kept the backoff where it was.
  expect((await readMeta(page, url))!.failures).toBe(1);
});

test('404 from the origin: the page is gone, its copy and metadata dropped, and open tabs told', async ({
  context,
  page,
  lab,
}) => {
  const url = await lab.set('gone.html', { content: 'soon gone', head: anHour });
  await firstVisit(page, url);
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  await hearRemovals(other);
  await lab.set('gone.html', { status: 404, body: 'not here', etag: false });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
  expect(await readCache(page, url)).toBeNull();
  expect(await readMeta(page, url)).toBeNull();
  await expect.poll(async () => (await snapshot(other)).fetchedAt).toBeNull();
  await expect.poll(() => removalsHeard(other)).toEqual(['gone']);
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
  expect(cacheStatus(response)).toBe('BYPASS');
});

test('past its hard expiry a page waits for the network; when that fails, the old copy answers, marked', async ({
  context,
  page,
  lab,
}) => {
  const url = await lab.set('expire.html', { content: 'v1', head: anHour, script: labScript('data-expire="1"') });
  await firstVisit(page, url);
  await page.waitForTimeout(1100);
  await lab.set('expire.html', { content: 'v2', head: anHour, script: labScript('data-expire="1"') });
  const fresh = await page.goto(url);
  expect(cacheStatus(fresh)).toBe('MISS');
  expect(await content(page)).toBe('v2');

  await page.waitForTimeout(1100);
  await lab.setOffline(context, true);
  const old = await page.goto(url);
  expect(cacheStatus(old)).toBe('STALE');
  expect(old?.headers()['x-isr-stale-if-error']).toBe('1');
  expect(await content(page)).toBe('v2');
});

test("a reader's reload refreshes the copy from the network; when the origin fails, the copy answers, never the error", async ({
  page,
  lab,
}) => {
  const url = await lab.set('reload.html', { content: 'v1', head: anHour });
  await firstVisit(page, url);
  await lab.set('reload.html', { content: 'v2', head: anHour });
  const refreshed = await page.reload();
  expect(cacheStatus(refreshed)).toBe('MISS');
  expect(await content(page)).toBe('v2');
  expect((await readCache(page, url))?.body).toContain('v2');

  await lab.set('reload.html', { status: 502, body: 'bad gateway', etag: false });
  const failed = await page.reload();
  expect(failed?.status()).toBe(200);
  expect(cacheStatus(failed)).toBe('STALE');
  expect(failed?.headers()['x-isr-stale-if-error']).toBe('1');
  expect(await content(page)).toBe('v2');
  // The reload failed before this page could listen for it; the worker's first reply tells it, fresh copy or not.
  await expect(page.getByRole('status')).toContainText('Could not refresh: showing the saved copy.');
  expect((await snapshot(page)).error).toBe('origin answered with a response that is not stored (status 502)');
});

// Chromium only: stopping a running worker takes CDP (ServiceWorker.stopAllWorkers); no other engine lets a test do it.
test(
  'a worker stopped mid-revalidation: its lease keeps the next worker from a second request until it lapses',
  { tag: '@chromium-only' },
  async ({ context, page, lab }) => {
    // timeout 1 s: the lease lasts the timeout plus 5 s.
    const url = await lab.set('lease.html', {
      content: 'v1',
      head: '<meta name="isr:revalidate" content="1">',
      script: labScript('data-timeout="1"'),
    });
    await firstVisit(page, url);
    await page.waitForTimeout(1100);
    const origin = await lab.hold('lease.html');
    expect(cacheStatus(await page.goto(url))).toBe('STALE');
    await origin.arrived;
    const started = Date.now();
    await stopWorkers(context, page);
    await origin.release();
    const sentBefore = await lab.count('lease.html', true);
    expect(cacheStatus(await page.goto(url))).toBe('STALE');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await lab.count('lease.html', true)).toBe(sentBefore);

    await page.waitForTimeout(Math.max(0, started + 6500 - Date.now()));
    expect(cacheStatus(await page.goto(url))).toBe('STALE');
    await expect.poll(() => lab.count('lease.html', true)).toBe(sentBefore + 1);
  },
);

test("the page's age is anchored on the origin's Date minus Age, so a CDN's staleness and ours do not add up", async ({
  page,
  lab,
}) => {
  const home = await lab.set('home.html', { content: 'home' });
  await firstVisit(page, home);
  const url = await lab.set('cdn.html', {
    content: 'from a CDN',
    head: '<meta name="isr:revalidate" content="60">',
    headers: { age: '100', date: new Date().toUTCString() },
  });
  expect(cacheStatus(await page.goto(url))).toBe('MISS');
  await expect.poll(() => readMeta(page, url)).not.toBeNull();
  const fetchedAt = (await readMeta(page, url))!.fetchedAt as number;
  expect(Date.now() - fetchedAt).toBeGreaterThan(99_000);
  expect(Date.now() - fetchedAt).toBeLessThan(110_000);
  // Held 100 s by the CDN, the page is past its 60 s already.
  expect(cacheStatus(await page.goto(url))).toBe('STALE');
});

test('a page above maxBodyBytes is answered and not stored', async ({ page, lab }) => {
  const script = labScript('data-max-body-bytes="2000"');
  const home = await lab.set('home.html', { content: 'home', script });
  await firstVisit(page, home);
  const url = await lab.set('big.html', { content: 'x'.repeat(5000), script });
  expect(cacheStatus(await page.goto(url))).toBe('BYPASS');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(await readCache(page, url)).toBeNull();
  expect(await readMeta(page, url)).toBeNull();
});

// Chromium only: a full origin is made by lowering its quota through CDP (Storage.overrideQuotaForOrigin); Firefox's
// quota is a profile preference read at start, and WebDriver has no such command.
test(
  'storage full: the pages read longest ago make room, and nothing half-evicted remains',
  { tag: '@chromium-only' },
  async ({ context, page, lab }) => {
    const big = (name: string) => lab.set(name, { content: `${name} ${'x'.repeat(300_000)}`, head: anHour });
    const [a, b, c] = [await big('a.html'), await big('b.html'), await big('c.html')];
    await firstVisit(page, a);
    for (const url of [b, c]) {
      expect(cacheStatus(await page.goto(url))).toBe('MISS');
      await expect.poll(() => readMeta(page, url)).not.toBeNull();
    }
    expect(cacheStatus(await page.goto(a))).toBe('HIT'); // a is now the most recently read
    await page.waitForTimeout(400); // reads are recorded in batches
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    const cdp = await context.newCDPSession(page);
    // Room for a third of a page more: the next page cannot be stored without evicting.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: LAB_ORIGIN, quotaSize: usage + 100_000 });
    const d = await big('d.html');
    expect(cacheStatus(await page.goto(d))).toBe('MISS');
    await expect.poll(() => readCache(page, d), { timeout: 10_000 }).not.toBeNull();
    expect(await readCache(page, a)).not.toBeNull();
    expect(await readCache(page, b)).toBeNull();
    // Every page is whole: where the cache has it, so does the metadata, and the other way round.
    for (const url of [a, b, c, d])
      expect((await readCache(page, url)) === null).toBe((await readMeta(page, url)) === null);
  },
);

test('with IndexedDB unusable the site is still served from the cache and revalidated', async ({
  context,
  page,
  lab,
}) => {
  // A database of a newer version than the worker knows makes every open of it fail.
  await context.addInitScript(() => {
    indexedDB.open('sw-isr', 99);
  });
  const url = await lab.set('no-idb.html', { content: 'v1', head: '<meta name="isr:revalidate" content="1">' });
  await firstVisit(page, url);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  await lab.set('no-idb.html', { content: 'v2', head: '<meta name="isr:revalidate" content="1">' });
  await page.waitForTimeout(1100);
  expect(cacheStatus(await page.goto(url))).toBe('STALE');
  await expect.poll(async () => (await readCache(page, url))?.body).toContain('v2');
  expect(
    await page.evaluate(async () => (await indexedDB.databases()).find((db) => db.name === 'sw-isr')?.version),
  ).toBe(99);
});

test('a page without metadata, and metadata without a page, heal when a new worker starts', async ({ page, lab }) => {
  const url = await lab.set('heal.html', { content: 'v1', head: anHour });
  await firstVisit(page, url);
  const orphan = `${LAB_ORIGIN}/lab/no-such-page.html`;
  await page.evaluate(
    async ([key, stray]) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('sw-isr');
        open.onsuccess = () => resolve(open.result);
      });
      const tx = db.transaction('pages', 'readwrite');
      tx.objectStore('pages').delete(key!);
      tx.objectStore('pages').put({
        url: stray,
        fetchedAt: 1,
        version: 1,
        revalidate: 60,
        hash: 'x',
        tags: [],
        etag: null,
        lastModified: null,
        size: 1,
        lastAccessedAt: 1,
      });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    [url, orphan],
  );
  expect(await readMeta(page, url)).toBeNull();
  // A new worker starts: a new version (another worker URL), which every engine lets a page cause; stopping the
  // running one would take CDP. A new worker reconciles at its first start; a restart does within a day of the last.
  const before = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  await page.evaluate(() =>
    navigator.serviceWorker.register('/sw-isr-worker.js?revalidate=61', { scope: '/lab/', updateViaCache: 'none' }),
  );
  await page.waitForFunction((old) => navigator.serviceWorker.controller?.scriptURL !== old, before);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  await expect.poll(() => readMeta(page, url)).not.toBeNull();
  await expect.poll(() => readMeta(page, orphan)).toBeNull();
  expect((await readMeta(page, url))!.hash).toMatch(/^[0-9a-f]{64}$/);
});

test('a database of the first schema version is upgraded in place, pages and metadata intact', async ({
  context,
  page,
  lab,
}) => {
  const url = await lab.set('old.html', { content: 'stored by version 1', head: anHour });
  // What a version-1 worker left behind: the v1 schema with a record, and the stamped page in the cache.
  await context.addInitScript((key) => {
    if (location.pathname.endsWith('/old.html')) return;
    const open = indexedDB.open('sw-isr', 1);
    open.onupgradeneeded = () => {
      const pages = open.result.createObjectStore('pages', { keyPath: 'url' });
      pages.createIndex('by-tag', 'tags', { multiEntry: true });
      pages.createIndex('by-accessed', 'lastAccessedAt');
      pages.put({
        url: key,
        fetchedAt: Date.now(),
        version: 42,
        revalidate: 3600,
        hash: 'a'.repeat(64),
        tags: ['legacy'],
        etag: null,
        lastModified: null,
        size: 30,
        lastAccessedAt: 0,
      });
    };
    open.onsuccess = () => open.result.close();
    void caches.open('sw-isr-pages-v1').then((cache) =>
      cache.put(
        key,
        new Response('<!doctype html><main id="content">stored by version 1</main>', {
          headers: {
            'content-type': 'text/html',
            'x-isr-stamp-fetched-at': String(Date.now()),
            'x-isr-stamp-version': '42',
            'x-isr-stamp-revalidate': '3600',
            'x-isr-stamp-hash': 'a'.repeat(64),
            'x-isr-stamp-tags': 'legacy',
          },
        }),
      ),
    );
  }, url);
  const home = await lab.set('home.html', { content: 'home' });
  await firstVisit(page, home);
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('HIT');
  expect(await content(page)).toBe('stored by version 1');
  const meta = (await readMeta(page, url))!;
  expect(meta).toMatchObject({ version: 42, tags: ['legacy'] });
  expect(
    await page.evaluate(async () => (await indexedDB.databases()).find((db) => db.name === 'sw-isr')?.version),
  ).toBe(2);
  expect(
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('sw-isr');
          open.onsuccess = () => {
            resolve([...open.result.objectStoreNames]);
            open.result.close();
          };
        }),
    ),
  ).toEqual(['pages', 'state']);
});

test("after an outage a reader's reload does not lengthen the backoff, and reads get the new version within retryMax of the recovery", async ({
  page,
  lab,
}) => {
  const script = labScript('data-retry-base="1" data-retry-max="2"');
  const head = '<meta name="isr:revalidate" content="0">';
  const url = await lab.set('news.html', { content: 'edition 1', head, script });
  await firstVisit(page, url);
  const failures = async () => (await readCache(page, url))?.headers['x-isr-stamp-retry']?.split(' ')[0] ?? '0';

  // The origin fails: a read is answered from the store, and its background revalidation fails once.
  await lab.set('news.html', { status: 500, content: 'error', head, script });
  await page.goto(url);
  await expect.poll(failures).toBe('1');
  // The reader reloads during the outage: the reload is tried (and waited for), and the backoff stays where it was.
  await page.reload();
  expect(await content(page)).toBe('edition 1');
  expect(await failures()).toBe('1');

  // The origin is back with a new edition: within retryMax (2 s) a read revalidates, and the next shows it.
  await lab.set('news.html', { content: 'edition 2', head, script });
  await expect
    .poll(async () => (await page.goto(url), content(page)), { timeout: 10_000, intervals: [500] })
    .toBe('edition 2');
});
