import type { Page } from '@playwright/test';
import { cacheStatus, expect, firstVisit, test, type Lab } from './fixtures.js';
import { deploySwIsr, swIsrLeft, wayOutTag } from './way-out.js';

// The way out (`sw-isr build <dir> --remove`): the "off" script tag and worker deployed at the URLs of the real
// ones. A returning reader's browser deletes what sw-isr stored and unregisters it; the next navigation comes from
// the network; building again adopts sw-isr anew.

const left = (page: Page) => page.evaluate(swIsrLeft);

/** A site with sw-isr, read once by this reader: the URL of its page. */
async function adopted(page: Page, lab: Lab): Promise<string> {
  await deploySwIsr(lab, true);
  const url = await lab.set('page.html', { content: 'a page', script: wayOutTag(lab) });
  await firstVisit(page, url);
  return url;
}

test('the way out: the off script and worker delete what sw-isr stored and unregister it; building again adopts it anew', async ({
  page,
  lab,
}) => {
  const url = await adopted(page, lab);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  expect((await left(page)).caches.length).toBeGreaterThan(0);
  // The site's own storage, which the removal must leave alone.
  await page.evaluate(async () => {
    await (await caches.open('site-own')).put('/x', new Response('x'));
    // Waited for: a navigation right after an open that has not succeeded yet can leave no database at all.
    await new Promise((resolve, reject) => {
      const request = indexedDB.open('site-db');
      request.onsuccess = () => resolve(request.result.close());
      request.onerror = () => reject(request.error);
    });
  });

  await deploySwIsr(lab, false);
  // The reader comes back: this visit may still be answered by the old worker; it brings the removal.
  await page.goto(url);
  await expect.poll(() => left(page), { timeout: 15_000 }).toEqual({ registrations: 0, caches: [], databases: [] });
  // The next navigation comes from the network, with no worker in between.
  const before = await lab.count('page.html');
  expect(cacheStatus(await page.goto(url))).toBeUndefined();
  expect(await lab.count('page.html')).toBe(before + 1);
  expect(await left(page)).toEqual({ registrations: 0, caches: [], databases: [] });
  expect(await page.evaluate(() => caches.has('site-own'))).toBe(true);
  expect(await page.evaluate(async () => (await indexedDB.databases()).some((db) => db.name === 'site-db'))).toBe(true);
  // The page's own code calling window.swIsr keeps running: a store of a page without a worker.
  expect(await page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('unsupported');

  // Adopted anew: the real files are back, and the first visit installs the worker cleanly.
  await deploySwIsr(lab, true);
  await firstVisit(page, url);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
});

test('the way out deletes the caches of a worker whose query named one cache for both (it stored under the default names)', async ({
  page,
  lab,
}) => {
  await deploySwIsr(lab, true);
  const tag = wayOutTag(lab).replace(' defer>', ' data-cache-name="one" data-asset-cache-name="one" defer>');
  const url = await lab.set('page.html', { content: 'a page', script: tag });
  await firstVisit(page, url);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  expect((await left(page)).caches).toContain('sw-isr-pages-v1');
  await deploySwIsr(lab, false);
  await page.goto(url);
  await expect.poll(() => left(page), { timeout: 15_000 }).toEqual({ registrations: 0, caches: [], databases: [] });
  // Nor was a cache of the name given made, or left.
  expect(await page.evaluate(() => caches.keys())).not.toContain('one');
});

test('the way out deployed while the reader is offline takes effect at their next online visit', async ({
  context,
  page,
  lab,
}) => {
  const url = await adopted(page, lab);
  await deploySwIsr(lab, false);
  await lab.setOffline(context, true);
  // Offline, the stored page is read as before, and nothing can be removed yet.
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  expect((await left(page)).registrations).toBe(1);
  await lab.setOffline(context, false);
  await page.goto(url);
  await expect.poll(() => left(page), { timeout: 15_000 }).toEqual({ registrations: 0, caches: [], databases: [] });
});
