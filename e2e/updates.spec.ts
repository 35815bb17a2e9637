import { cacheStatus, expect, firstVisit, openTab, test } from './fixtures.js';
import { controllerRelease, deploySwIsr, installedState, originState, wayOutTag } from './way-out.js';

// Updates on real hosts: a new release of the worker reaches readers on a host that lets every file be cached for
// ten minutes (GitHub Pages sends max-age=600 on everything), takes over open tabs without breaking them, and
// they are told the site was updated, with one reload offered. And what two upgrades leave behind.

const TEN_MINUTES = 'public, max-age=600';

test('a new worker release is active one navigation after the deploy on a host that caches everything for 10 minutes; open tabs are offered one reload', async ({
  context,
  page,
  lab,
}) => {
  await deploySwIsr(lab, true, { release: 1, cacheControl: TEN_MINUTES });
  const head = '<meta name="isr:revalidate" content="3600">';
  const script = wayOutTag(lab);
  const a = await lab.set('a.html', { content: 'page a', head, script, headers: { 'cache-control': TEN_MINUTES } });
  const b = await lab.set('b.html', { content: 'page b', head, script, headers: { 'cache-control': TEN_MINUTES } });
  await firstVisit(page, a);
  expect(await page.evaluate(controllerRelease)).toBe(1);
  // A second tab, open on the old release through the deploy.
  const open = await openTab(context, b);
  expect(cacheStatus(await open.goto(b))).toBe('HIT');
  await open.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await open.evaluate(() => window.swIsr.getSnapshot().workerUpdated)).toBe(false);

  await deploySwIsr(lab, true, { release: 2, cacheControl: TEN_MINUTES });
  const workerFetches = (await lab.requests()).filter((r) => r.path.includes('/worker.js')).length;
  // One navigation: answered by the old worker from its store, and the browser's update check finds the new one.
  expect(cacheStatus(await page.goto(a))).toBe('HIT');
  await expect.poll(() => page.evaluate(controllerRelease), { timeout: 15_000 }).toBe(2);
  // The check reached the origin: the browser's HTTP cache, which the host allowed to keep it 10 minutes, did not
  // answer it.
  expect((await lab.requests()).filter((r) => r.path.includes('/worker.js')).length).toBeGreaterThan(workerFetches);

  // The open tab is now controlled by release 2, still works, and is told that the site was updated.
  await expect.poll(() => open.evaluate(controllerRelease)).toBe(2);
  await expect.poll(() => open.evaluate(() => window.swIsr.getSnapshot().workerUpdated)).toBe(true);
  const banner = open.getByRole('status');
  await expect(banner).toContainText('This site has been updated.');
  expect(await open.evaluate(() => window.swIsr.getSnapshot().status)).toBe('fresh');
  // One reload, on the reader's click: the page is the new release's, and the banner does not come back.
  await Promise.all([open.waitForEvent('load'), banner.getByRole('button', { name: 'Show new version' }).click()]);
  await open.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await open.evaluate(() => window.swIsr.getSnapshot().workerUpdated)).toBe(false);
  await expect(open.locator('sw-isr-banner [part=box]')).toBeHidden();
  expect(await open.evaluate(controllerRelease)).toBe(2);
  expect(await open.evaluate(originState)).toEqual(installedState('worker.js'));
});

test('a tab dismisses the site update; the worker that took over on the first visit is no update', async ({
  page,
  lab,
}) => {
  await deploySwIsr(lab, true, { release: 1 });
  const url = await lab.set('page.html', { content: 'a page', script: wayOutTag(lab) });
  // The first visit's worker claims the tab (a change of controller from none): nothing to tell.
  await firstVisit(page, url);
  expect(await page.evaluate(() => window.swIsr.getSnapshot().workerUpdated)).toBe(false);
  await expect(page.locator('sw-isr-banner [part=box]')).toBeHidden();
  await deploySwIsr(lab, true, { release: 2 });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect(page.getByRole('status')).toContainText('This site has been updated.');
  await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();
  expect(await page.evaluate(() => window.swIsr.getSnapshot().workerUpdated)).toBe(false);
  await expect(page.locator('sw-isr-banner [part=box]')).toBeHidden();
});

test('two upgrades that rename the caches leave nothing of the old names; the database keeps one name and its records match what is stored', async ({
  page,
  lab,
}) => {
  // Each release named by the worker's query, as a release that bumps its default names does.
  const release = (n: number) =>
    `<script src="/sw-isr.js" data-scope="${lab.prefix}/" data-worker="${lab.prefix}/sw-isr-worker.js" data-cache-name="sw-isr-pages-v${n}" data-asset-cache-name="sw-isr-assets-v${n}" defer></script>`;
  const files = '<script src="app.js" defer></script>';
  await lab.set('app.js', { body: 'window.app = 1;', headers: { 'content-type': 'text/javascript' } });
  const v1 = await lab.set('v1.html', { content: 'one', head: files, script: release(1) });
  await firstVisit(page, v1);
  const state = () =>
    page.evaluate(async () => ({
      caches: (await caches.keys()).filter((name) => name.startsWith('sw-isr')).sort(),
      databases: (await indexedDB.databases()).map(({ name, version }) => `${name} v${version}`),
    }));
  expect(await state()).toEqual({
    caches: ['sw-isr-assets-v1', 'sw-isr-pages-v1'],
    databases: ['sw-isr v2'],
  });
  for (const n of [2, 3]) {
    const url = await lab.set(`v${n}.html`, { content: `release ${n}`, head: files, script: release(n) });
    await page.goto(url);
    // The page that registered release n is stored by it once it has taken over.
    await expect
      .poll(() => page.evaluate(async (name) => (await caches.keys()).includes(name), `sw-isr-pages-v${n}`), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  }
  await expect
    .poll(state, { timeout: 15_000 })
    .toEqual({ caches: ['sw-isr-assets-v3', 'sw-isr-pages-v3'], databases: ['sw-isr v2'] });
  // The records of pages the old caches held are healed away when the worker starts (reconcile): only v3.html's
  // remains, the one page the new cache holds.
  const records = () =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('sw-isr');
        open.onsuccess = () => resolve(open.result);
      });
      const request = db.transaction('pages').objectStore('pages').getAllKeys();
      const keys = await new Promise<IDBValidKey[]>((resolve) => (request.onsuccess = () => resolve(request.result)));
      db.close();
      return keys.map((key) => String(key).split('/').pop());
    });
  await expect.poll(records, { timeout: 15_000 }).toEqual(['v3.html']);
  expect(await page.evaluate(originState)).toEqual({
    registrations: ['sw-isr-worker.js'],
    caches: ['sw-isr-assets-v3', 'sw-isr-pages-v3'],
    databases: ['sw-isr v2'],
  });
});
