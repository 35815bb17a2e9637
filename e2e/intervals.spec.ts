import { cacheStatus, expect, firstVisit, labScript, readMeta, test } from './fixtures.js';

test('the x-isr-revalidate header wins over the meta tag, which wins over the default', async ({ page, lab }) => {
  const both = await lab.set('both.html', {
    head: '<meta name="isr:revalidate" content="3600">',
    headers: { 'x-isr-revalidate': '1' },
  });
  const meta = await lab.set('meta.html', { head: '<meta content="45" name="isr:revalidate">' });
  const none = await lab.set('none.html', {});
  const badHeader = await lab.set('bad-header.html', {
    head: '<meta name="isr:revalidate" content="30">',
    headers: { 'x-isr-revalidate': 'soon' },
  });
  await firstVisit(page, both);
  for (const url of [meta, none, badHeader]) {
    await page.goto(url);
    await expect.poll(() => readMeta(page, url)).not.toBeNull();
  }
  expect((await readMeta(page, both))!.revalidate).toBe(1);
  expect((await readMeta(page, meta))!.revalidate).toBe(45);
  expect((await readMeta(page, none))!.revalidate).toBe(60); // the worker's default
  expect((await readMeta(page, badHeader))!.revalidate).toBe(30);

  // The header's one second is what is in force, not the meta tag's hour.
  await page.waitForTimeout(1100);
  expect(cacheStatus(await page.goto(both))).toBe('STALE');
  expect(cacheStatus(await page.goto(meta))).toBe('HIT');
});

test('the default interval comes from the script tag, through the worker URL', async ({ page, lab }) => {
  const url = await lab.set('tagged.html', { script: labScript('data-revalidate="7"') });
  await firstVisit(page, url);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(
    /sw-isr-worker\.js\?revalidate=7$/,
  );
  expect((await readMeta(page, url))!.revalidate).toBe(7);
  expect(await page.evaluate(() => window.swIsr.getSnapshot().interval)).toBe(7);
});
