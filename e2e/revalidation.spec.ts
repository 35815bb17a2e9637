import { cacheStatus, content, expect, firstVisit, labScript, openTab, readCache, readMeta, test } from './fixtures.js';

const oneSecond = '<meta name="isr:revalidate" content="1">';
const anHour = '<meta name="isr:revalidate" content="3600">';
const banner = (page: import('@playwright/test').Page) => page.getByRole('button', { name: 'Show new version' });

test('a stale page is answered from the cache while the origin has not answered; the new copy follows', async ({
  page,
  lab,
}) => {
  const url = await lab.set('stale.html', { content: 'v1', head: oneSecond });
  await firstVisit(page, url);
  const firstFetch = (await readMeta(page, url))!.fetchedAt as number;
  await page.waitForTimeout(1100);
  await lab.set('stale.html', { content: 'v2', head: oneSecond });
  // The origin holds its answer until the navigation is over: if the reader waited on the revalidation, this
  // navigation could never finish.
  const origin = await lab.hold('stale.html');
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('STALE');
  expect(await content(page)).toBe('v1');
  await origin.arrived;
  expect((await lab.requests()).at(-1)).toMatchObject({ fromWorker: true });
  await origin.release();

  await expect(banner(page)).toBeVisible();
  const meta = (await readMeta(page, url))!;
  expect(meta.fetchedAt).toBeGreaterThan(firstFetch);
  expect((await readCache(page, url))?.body).toContain('v2');
  const next = await page.goto(url);
  expect(cacheStatus(next)).toBe('HIT');
  expect(await content(page)).toBe('v2');
});

test('every open tab learns of an update; the banner button loads the new version', async ({ context, page, lab }) => {
  const url = await lab.set('tabs.html', { content: 'v1', head: anHour });
  await firstVisit(page, url);
  const second = await openTab(context, url);
  const third = await openTab(context, url);
  for (const tab of [page, second, third]) await expect(banner(tab)).toBeHidden();

  await lab.set('tabs.html', { content: 'v2', head: anHour });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(true);
  for (const tab of [page, second, third]) {
    await expect(banner(tab)).toBeVisible();
    await expect(tab.getByRole('status')).toContainText('This page has been updated.');
    expect(await tab.evaluate(() => window.swIsr.getSnapshot().status)).toBe('updated');
  }
  const requestsBefore = (await lab.requests()).length;
  await banner(second).click();
  await expect(second.locator('#content')).toHaveText('v2');
  await expect(banner(second)).toBeHidden();
  // The button reloads, and a reader's reload asks the network first: one conditional request, which the origin
  // answers 304 since the worker already holds v2.
  expect(
    (await lab.requests()).slice(requestsBefore).map((r) => [r.fromWorker, r.headers['if-none-match'] !== undefined]),
  ).toEqual([[true, true]]);
});

test('a tab still loading when its page was updated learns of it all the same', async ({ context, page, lab }) => {
  // Its own URL for the client script, so that only this page's script can be held back.
  const script = labScript().replace('"/sw-isr.js"', '"sw-isr.js"');
  const url = await lab.set('race.html', { content: 'v1', head: oneSecond, script });
  await firstVisit(page, url);
  await page.waitForTimeout(1100);
  await lab.set('race.html', { content: 'v2', head: oneSecond, script });

  // The late tab's script is held back until the update has been stored and broadcast: the broadcast is over
  // before the tab has a listener, which is the message Workbox's timeouts lose.
  // Only the tab's request for it: the worker fetches the page's files again too before it commits the new version.
  const held = await lab.hold('sw-isr.js', 'no-cors');
  const late = await context.newPage();
  const response = await late.goto(url, { waitUntil: 'commit' });
  expect(cacheStatus(response)).toBe('STALE');
  await held.arrived;
  await expect(banner(page)).toBeVisible(); // the broadcast has gone out: the first tab heard it
  expect(await late.evaluate(() => typeof window.swIsr)).toBe('undefined'); // and the late tab was not listening
  await held.release();
  await late.waitForLoadState('load');
  expect(await content(late)).toBe('v1');
  await expect(banner(late)).toBeVisible();
  expect(await late.evaluate(() => window.swIsr.getSnapshot().hasUpdate)).toBe(true);
});

test('an unchanged page costs a conditional request and a 304: no rewrite, no banner, fetchedAt renewed', async ({
  page,
  lab,
}) => {
  // Two seconds: the renewed copy must still be fresh when the test looks at it.
  const url = await lab.set('same.html', { content: 'same', head: '<meta name="isr:revalidate" content="2">' });
  await firstVisit(page, url);
  const before = (await readMeta(page, url))!;
  await page.waitForTimeout(2100);
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('STALE');
  await expect.poll(async () => (await readMeta(page, url))!.fetchedAt).toBeGreaterThan(before.fetchedAt as number);
  const revalidation = (await lab.requests()).filter((r) => r.path === url && r.fromWorker).at(-1)!;
  expect(revalidation.headers['if-none-match']).toBe(before.etag);
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('fresh');
  expect(await page.evaluate(() => window.swIsr.getSnapshot().hasUpdate)).toBe(false);
  await expect(banner(page)).toBeHidden();
  const after = (await readMeta(page, url))!;
  expect(after.version).toBe(before.version);
  expect(after.hash).toBe(before.hash);
});

test('a failed revalidation keeps the stored copy and tells the page what failed', async ({ page, lab }) => {
  const url = await lab.set('fails.html', { content: 'good copy', head: anHour });
  await firstVisit(page, url);
  await lab.set('fails.html', { status: 500, body: 'origin exploded', etag: false });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(false);
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().error)).toContain('status 500');
  expect((await readCache(page, url))?.body).toContain('good copy');
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('HIT');
  expect(await content(page)).toBe('good copy');
});
