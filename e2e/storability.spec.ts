import { cacheStatus, expect, firstVisit, labScript, readCache, readMeta, test, type LabPage } from './fixtures.js';

const refused: [string, LabPage][] = [
  ['Cache-Control: no-store', { headers: { 'cache-control': 'no-store' } }],
  // Private and not fresh for the browser's own HTTP cache either, so that both visits reach the origin.
  ['Cache-Control: private', { headers: { 'cache-control': 'private, no-cache' } }],
  ['status 404', { status: 404 }],
  ['status 500', { status: 500 }],
  ['status 203', { status: 203 }],
  ['a non-HTML body', { headers: { 'content-type': 'application/json' }, body: '{"not":"html"}' }],
  ['Vary: *', { headers: { vary: '*' } }],
  ['Vary: Cookie', { headers: { vary: 'Accept-Encoding, Cookie' } }],
];

for (const [what, answer] of refused) {
  test(`a response with ${what} is answered (BYPASS) and never stored`, async ({ page, lab }) => {
    await firstVisit(page, await lab.set('home.html', { content: 'home' }));
    const url = await lab.set('refused.html', { content: `refused: ${what}`, ...answer });
    const response = await page.goto(url);
    expect(cacheStatus(response)).toBe('BYPASS');
    expect(response?.status()).toBe(answer.status ?? 200);
    // Given time to store it, had it wanted to: the page's state request comes after its load.
    await page.waitForLoadState('load');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await readCache(page, url)).toBeNull();
    expect(await readMeta(page, url)).toBeNull();
    const again = await page.goto(url);
    expect(cacheStatus(again)).toBe('BYPASS');
    expect(await lab.count('refused.html')).toBe(2);
  });
}

test('a navigation the origin redirects passes through; the address bar shows the final URL, which is stored', async ({
  page,
  lab,
}) => {
  await firstVisit(page, await lab.set('home.html', { content: 'home' }));
  const target = await lab.set('target.html', { content: 'arrived' });
  const moved = await lab.set('moved.html', { status: 302, headers: { location: target }, body: '' });
  await page.goto(moved);
  expect(page.url()).toBe(target);
  await expect(page.locator('#content')).toHaveText('arrived');
  await expect.poll(() => readCache(page, target)).not.toBeNull();
  expect(await readCache(page, moved)).toBeNull();
  await page.goto(moved);
  expect(page.url()).toBe(target);
  await expect(page.locator('#content')).toHaveText('arrived');
});

test('cache keys ignore fragments and tracking parameters and sort the rest', async ({ page, lab }) => {
  const url = await lab.set('keyed.html', { content: 'keyed', head: '<meta name="isr:revalidate" content="3600">' });
  await firstVisit(page, `${url}?b=2&a=1`);
  for (const variant of [`${url}?a=1&b=2`, `${url}?utm_source=news&b=2&a=1&fbclid=x#part`]) {
    const response = await page.goto(variant);
    expect(cacheStatus(response)).toBe('HIT');
  }
  expect(cacheStatus(await page.goto(`${url}?a=1`))).toBe('MISS');
});

test('a page under exclude is never stored, whoever asks: one origin request, no banner; nor its files, nor through the precache list', async ({
  page,
  lab,
}) => {
  const excluded = `${lab.prefix}/account/`;
  const script = labScript(`data-exclude="${excluded}" data-precache="${excluded}secret.html"`);
  await lab.set('account/secret.html', { content: 'precached secret' });
  await lab.set('account/session.js', {
    body: 'window.user = "reader";',
    headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' },
  });
  // A page the worker stores, which loads a file under the excluded folder.
  await firstVisit(
    page,
    await lab.set('home.html', { content: 'home', script, head: '<script src="account/session.js"></script>' }),
  );
  const url = await lab.set('account/index.html', { content: 'your account', script });

  const response = await page.goto(url);
  expect(cacheStatus(response)).toBeUndefined(); // not the worker's to answer
  await page.waitForLoadState('load');
  // The page side, seeing no worker verdict, asks for the page's state with warm: true; the worker must not store it.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
  expect(await readCache(page, url)).toBeNull();
  expect(await readMeta(page, url)).toBeNull();
  expect(await lab.count('account/index.html')).toBe(1);
  expect((await page.evaluate(() => window.swIsr.getSnapshot())).status).toBe('unknown');
  await expect(page.getByRole('status')).toBeHidden();

  expect(await lab.count('account/secret.html')).toBe(0);
  const files = await page.evaluate(async () =>
    (await (await caches.open('sw-isr-assets-v1')).keys()).map((r) => new URL(r.url).pathname),
  );
  expect(files.filter((path) => path.includes('/account/'))).toEqual([]);
});

test('a first visit to a private page stores nothing and leaves the page side settled, not revalidating', async ({
  page,
  lab,
}) => {
  const url = await lab.set('private.html', { content: 'yours', headers: { 'cache-control': 'private' } });
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The page side asked the worker to store the visit that installed it; the worker fetched it and refused it.
  await expect.poll(() => lab.count('private.html', true)).toBe(1);
  await expect.poll(async () => (await page.evaluate(() => window.swIsr.getSnapshot())).status).toBe('unknown');
  await expect(page.getByRole('status')).toBeHidden();
  expect(await readCache(page, url)).toBeNull();
});

test('a page stored before its folder was excluded is dropped by the next worker, and a file redirected into it is not kept', async ({
  page,
  lab,
}) => {
  await lab.set('account/app.js', {
    body: 'window.app = 1;',
    headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' },
  });
  await lab.set('app.js', { status: 302, body: '', etag: false, headers: { location: 'account/app.js' } });
  const url = await lab.set('account/index.html', { content: 'your account' });
  await firstVisit(page, url);
  expect(await readCache(page, url)).not.toBeNull();
  // Stored under the old configuration, with its file. A new worker excludes the folder: its start drops the page.
  const before = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  await page.evaluate(
    (excluded) =>
      navigator.serviceWorker.register(`/sw-isr-worker.js?exclude=${excluded}`, {
        scope: '/lab/',
        updateViaCache: 'none',
      }),
    `${lab.prefix}/account/`,
  );
  await page.waitForFunction((old) => navigator.serviceWorker.controller?.scriptURL !== old, before);
  const home = await lab.set('home.html', { content: 'home', head: '<script src="app.js"></script>' });
  expect(cacheStatus(await page.goto(home))).toBe('MISS');
  await expect.poll(() => readCache(page, url)).toBeNull();
  expect(await readMeta(page, url)).toBeNull();
  // home.html's app.js redirects into the excluded folder: whatever it answered is not stored, under either name.
  await expect.poll(() => readMeta(page, home)).not.toBeNull();
  const files = await page.evaluate(async () =>
    (await (await caches.open('sw-isr-assets-v1')).keys()).map((r) => new URL(r.url).pathname),
  );
  expect(files.filter((path) => path.endsWith('app.js'))).toEqual([]);
});

// Not in Firefox: ESR 153's worker does not see a response's cookies through cookieStore (measured: this very
// scenario stores the page, even with a 300 ms wait before the second reading), so there sw-isr cannot tell, and
// the README asks such pages to send Cache-Control: private. WebKit sees them: e2e/webkit/reader.spec.ts.
test(
  'a page that sets a cookie the worker can see is never stored; a stored page that starts to is dropped',
  {
    tag: '@chromium-only',
  },
  async ({ page, lab }) => {
    await firstVisit(page, await lab.set('home.html', { content: 'home' }));
    const login = await lab.set('login.html', { content: 'welcome', headers: { 'set-cookie': 'session=abc; Path=/' } });
    expect(cacheStatus(await page.goto(login))).toBe('BYPASS');
    await page.waitForTimeout(300); // time to store it, had the worker wanted to
    expect(await readCache(page, login)).toBeNull();

    const account = await lab.set('account.html', {
      content: 'public so far',
      head: '<meta name="isr:revalidate" content="3600">',
    });
    await page.goto(account);
    await expect.poll(() => readCache(page, account)).not.toBeNull();
    await lab.set('account.html', { content: 'yours', headers: { 'set-cookie': 'prefs=dark; Path=/' } });
    expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
    await expect.poll(() => readCache(page, account)).toBeNull();
  },
);
