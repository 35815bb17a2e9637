import { cacheStatus, expect, firstVisit, readCache, readMeta, test, type LabPage } from './fixtures.js';

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

test('a navigation the origin redirects passes through; the address bar shows the final URL, which is stored', async ({ page, lab }) => {
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
