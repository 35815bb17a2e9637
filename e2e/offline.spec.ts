import { cacheStatus, content, expect, firstVisit, readCache, test } from './fixtures.js';

test('offline, a visited page reloads from the cache; an unvisited one gets the offline page', async ({
  context,
  page,
  lab,
}) => {
  const url = await lab.set('read-me.html', {
    content: 'saved for later',
    head: '<meta name="isr:revalidate" content="3600">',
  });
  await firstVisit(page, url);
  await lab.setOffline(context, true);
  // A reload asks the network first; it fails, and the stored copy answers, marked as such.
  const response = await page.reload();
  expect(cacheStatus(response)).toBe('STALE');
  expect(response?.headers()['x-isr-stale-if-error']).toBe('1');
  expect(await content(page)).toBe('saved for later');
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  // The banner's own file (sw-isr-banner.js, served no-cache, so the HTTP cache cannot answer it offline) was stored
  // with the page: the banner says the reader is offline.
  await expect(page.getByRole('status')).toContainText('Offline: showing the saved copy.');

  const unvisited = await page.goto(lab.url('never-read.html'));
  expect(unvisited?.status()).toBe(503);
  expect(cacheStatus(unvisited)).toBe('OFFLINE');
  await expect(page.getByRole('heading')).toHaveText('This page is not available offline');
});

test('offline, a stale page is still served from the cache', async ({ context, page, lab }) => {
  const url = await lab.set('stale-offline.html', {
    content: 'old but here',
    head: '<meta name="isr:revalidate" content="0">',
  });
  await firstVisit(page, url);
  await lab.setOffline(context, true);
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBe('STALE');
  expect(response?.headers()['x-isr-stale-if-error']).toBeUndefined();
  expect(await content(page)).toBe('old but here');
  // The revalidation it started can only fail, and the copy stays intact.
  expect((await readCache(page, url))?.body).toContain('old but here');
});

test('a moved page (a redirect within the site) opens offline at its new address', async ({ context, page, lab }) => {
  await firstVisit(page, await lab.set('home.html', { content: 'home' }));
  const target = await lab.set('new.html', { content: 'the new page' });
  const old = await lab.set('old.html', { status: 301, body: '', headers: { location: target } });
  await page.goto(old);
  expect(page.url()).toBe(target);
  await expect.poll(() => readCache(page, target)).not.toBeNull();
  // The worker learns where the old address leads from the navigation that landed there, with no request of its
  // own: old.html reached the origin once, as the navigation the worker passed on.
  expect(await lab.count('old.html')).toBe(1);

  await lab.setOffline(context, true);
  await page.goto(old);
  expect(page.url()).toBe(target);
  expect(await content(page)).toBe('the new page');
});
