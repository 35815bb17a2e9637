import { cacheStatus, expect, firstVisit, labScript, openTab, readMeta, test } from './fixtures.js';

// The demo origin itself (demo/server.mjs): publishing from the browser reaches every open tab. This is the only
// test that changes the demo server's state; it publishes a unique text, so a rerun against one server still works.
test('demo: a page republished from the Publish page reaches every open tab', async ({ context, page, request }) => {
  await firstVisit(page, '/news.html');
  const other = await openTab(context, '/news.html');
  const edition = Number(await page.locator('#edition').innerText());
  expect(cacheStatus(await page.goto('/news.html'))).toBe('HIT');

  const text = `Published by the e2e test at ${Date.now()}`;
  const publish = await request.post('/api/publish', { form: { page: '/news.html', text } });
  expect(await publish.json()).toEqual({ path: '/news.html', edition: edition + 1 });
  await page.getByRole('button', { name: 'Revalidate now' }).click();
  for (const tab of [page, other]) await expect(tab.getByRole('button', { name: 'Show new version' })).toBeVisible();
  await other.getByRole('button', { name: 'Show new version' }).click();
  await expect(other.locator('#content')).toHaveText(text);
  await expect(other.locator('#edition')).toHaveText(String(edition + 1));
  expect((await readMeta(other, '/news.html'))!.tags).toEqual(['news', 'front']);
});

test('demo: the Publish page is never stored', async ({ page }) => {
  await firstVisit(page, '/');
  const response = await page.goto('/publish.html');
  expect(cacheStatus(response)).toBe('BYPASS');
});

test('bad worker options are replaced by their defaults', async ({ page, lab }) => {
  const url = await lab.set('bad-options.html', { script: labScript('data-revalidate="soon" data-colour="blue"') });
  await firstVisit(page, url);
  expect((await readMeta(page, url))!.revalidate).toBe(60);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
});

test('bad worker options: a query naming one cache twice starts the worker, with the default cache names', async ({
  page,
  lab,
}) => {
  // Each name alone is a good one; together they would name one cache for pages and files. Before, the worker threw
  // at its start on this query and the site went uncached.
  const url = await lab.set('same-names.html', {
    script: labScript('data-cache-name="one" data-asset-cache-name="one"'),
  });
  await firstVisit(page, url);
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  expect(await page.evaluate(() => caches.keys())).toContain('sw-isr-pages-v1');
  expect(await page.evaluate(() => caches.keys())).not.toContain('one');
});

// Chromium only: Playwright hands a worker's console messages to a test only from Chromium (over BiDi, Firefox reports
// the pages' consoles alone, and WebDriver none). What the options become is checked in every engine above.
test(
  'bad worker options are reported in the worker console',
  { tag: '@chromium-only' },
  async ({ context, page, lab }) => {
    const errors: string[] = [];
    context.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const url = await lab.set('bad-options.html', { script: labScript('data-revalidate="soon" data-colour="blue"') });
    await firstVisit(page, url);
    expect(errors.join('\n')).toContain(
      'option "revalidate" must be a number of seconds ≥ 0, got "soon" (in the worker URL\'s query; ignored: the worker uses its defaults)',
    );
    expect(errors.join('\n')).toContain('option "colour"');
  },
);

test('demo: a republished page reaches an open tab long before its hour-long interval, through the manifest', async ({
  page,
  request,
}) => {
  await firstVisit(page, '/about.html');
  expect((await readMeta(page, '/about.html'))!.revalidate).toBe(3600);
  // The manifest checks that reached the demo origin, with their statuses (the origin's own count: it reads the same
  // in every engine).
  const manifestChecks = async () =>
    (await (await request.get('/api/requests?path=/isr-manifest.json')).json()) as number[];
  // A focus check with nothing republished: the manifest is checked, and nothing changes. The store throttles focus
  // checks to one per 5 s, counted from the tab's own check when it gained focus at load (Firefox focuses a new
  // page; this test's own check came within those 5 s and was skipped in some runs, its wait running out). The
  // check follows the one the install started, which stores the demo's precache first: over 10 s once under a full
  // run's load (1 s alone), hence the long wait.
  test.setTimeout(90_000);
  await page.waitForTimeout(5100);
  const checksBefore = (await manifestChecks()).length;
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect.poll(async () => (await manifestChecks()).length, { timeout: 60_000 }).toBeGreaterThan(checksBefore);
  await expect(page.getByRole('button', { name: 'Show new version' })).toBeHidden();

  const text = `About, republished at ${Date.now()}`;
  await request.post('/api/publish', { form: { page: '/about.html', text } });
  await page.waitForTimeout(5100); // the store's focus throttle
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByRole('button', { name: 'Show new version' })).toBeVisible();
  await page.getByRole('button', { name: 'Show new version' }).click();
  await expect(page.locator('#content')).toHaveText(text);
  expect((await manifestChecks()).at(-1)).toBe(200);
});
