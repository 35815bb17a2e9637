import { cacheStatus, content, expect, firstVisit, openTab, readCache, readMeta, test } from './fixtures.js';

const oneSecond = '<meta name="isr:revalidate" content="1">';
const anHour = '<meta name="isr:revalidate" content="3600">';
const banner = (page: import('@playwright/test').Page) => page.getByRole('button', { name: 'Show new version' });

test('a stale page is answered from the cache while the origin has not answered; the new copy follows', async ({ page, lab }) => {
  const url = lab.set('stale.html', { content: 'v1', head: oneSecond });
  await firstVisit(page, url);
  const firstFetch = (await readMeta(page, url))!.fetchedAt as number;
  await page.waitForTimeout(1100);
  lab.set('stale.html', { content: 'v2', head: oneSecond });
  // The origin holds its answer until the navigation is over: if the reader waited on the revalidation, this
  // navigation could never finish.
  const origin = lab.hold('stale.html');
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('STALE');
  expect(await content(page)).toBe('v1');
  await origin.arrived;
  expect(lab.requests.at(-1)).toMatchObject({ fromWorker: true });
  origin.release();

  await expect(banner(page)).toBeVisible();
  const meta = (await readMeta(page, url))!;
  expect(meta.fetchedAt).toBeGreaterThan(firstFetch);
  expect((await readCache(page, url))?.body).toContain('v2');
  const next = await page.goto(url);
  expect(cacheStatus(next)).toBe('HIT');
  expect(await content(page)).toBe('v2');
});

test('every open tab learns of an update; the banner button loads the new version', async ({ context, page, lab }) => {
  const url = lab.set('tabs.html', { content: 'v1', head: anHour });
  await firstVisit(page, url);
  const second = await openTab(context, url);
  const third = await openTab(context, url);
  for (const tab of [page, second, third]) await expect(banner(tab)).toBeHidden();

  lab.set('tabs.html', { content: 'v2', head: anHour });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(true);
  for (const tab of [page, second, third]) {
    await expect(banner(tab)).toBeVisible();
    await expect(tab.getByRole('status')).toContainText('This page has been updated.');
    expect(await tab.evaluate(() => window.swIsr.getSnapshot().status)).toBe('updated');
  }
  const requestsBefore = lab.requests.length;
  await banner(second).click();
  await expect(second.locator('#content')).toHaveText('v2');
  await expect(banner(second)).toBeHidden();
  expect(lab.requests.length).toBe(requestsBefore);
});

test('a tab still loading when its page was updated learns of it all the same', async ({ context, page, lab }) => {
  const url = lab.set('race.html', { content: 'v1', head: oneSecond });
  await firstVisit(page, url);
  await page.waitForTimeout(1100);
  lab.set('race.html', { content: 'v2', head: oneSecond });

  // The late tab's script is held back until the update has been stored and broadcast: the broadcast is over
  // before the tab has a listener, which is the message Workbox's timeouts lose.
  let releaseScript!: () => void;
  let scriptRequested!: () => void;
  const scriptHeld = new Promise<void>((resolve) => (releaseScript = resolve));
  const scriptArrived = new Promise<void>((resolve) => (scriptRequested = resolve));
  const late = await context.newPage();
  await late.route('**/sw-isr.js', async (route) => {
    scriptRequested();
    await scriptHeld;
    await route.continue();
  });
  const navigation = late.goto(url, { waitUntil: 'commit' });
  const response = await navigation;
  expect(cacheStatus(response)).toBe('STALE');
  await scriptArrived;
  await expect(banner(page)).toBeVisible(); // the broadcast has gone out: the first tab heard it
  expect(await late.evaluate(() => typeof window.swIsr)).toBe('undefined'); // and the late tab was not listening
  releaseScript();
  await late.waitForLoadState('load');
  expect(await content(late)).toBe('v1');
  await expect(banner(late)).toBeVisible();
  expect(await late.evaluate(() => window.swIsr.getSnapshot().hasUpdate)).toBe(true);
});

test('an unchanged page costs a conditional request and a 304: no rewrite, no banner, fetchedAt renewed', async ({ page, lab }) => {
  const url = lab.set('same.html', { content: 'same', head: oneSecond });
  await firstVisit(page, url);
  const before = (await readMeta(page, url))!;
  await page.waitForTimeout(1100);
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('STALE');
  await expect.poll(async () => (await readMeta(page, url))!.fetchedAt).toBeGreaterThan(before.fetchedAt as number);
  const revalidation = lab.requests.filter((r) => r.path === url && r.fromWorker).at(-1)!;
  expect(revalidation.headers['if-none-match']).toBe(before.etag);
  expect(await page.evaluate(() => window.swIsr.getSnapshot())).toMatchObject({ hasUpdate: false, status: 'fresh' });
  await expect(banner(page)).toBeHidden();
  const after = (await readMeta(page, url))!;
  expect(after.version).toBe(before.version);
  expect(after.hash).toBe(before.hash);
});

test('a failed revalidation keeps the stored copy and tells the page what failed', async ({ page, lab }) => {
  const url = lab.set('fails.html', { content: 'good copy', head: anHour });
  await firstVisit(page, url);
  lab.set('fails.html', { status: 500, body: 'origin exploded', etag: false });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().error)).toContain('status 500');
  expect((await readCache(page, url))?.body).toContain('good copy');
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('HIT');
  expect(await content(page)).toBe('good copy');
});
