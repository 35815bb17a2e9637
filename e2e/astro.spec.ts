import type { Page } from '@playwright/test';
import { cacheStatus, expect, readCache, test } from './fixtures.js';
import { StaticSite } from './static-site.js';

// A site built by Astro (e2e/astro-site: three pages and `<ClientRouter />`), its config using `sw-isr/astro` from
// the packed tarball, served as any static host would. Each test gets its own build, server and browser context.
// Each test installs the packed tarball and runs `astro build` (twice with a rebuild): about 10 s on two cores.
test.describe.configure({ timeout: 90_000 });

let site: StaticSite;
test.beforeEach(async () => {
  site = new StaticSite('astro');
  await site.start();
});
test.afterEach(async () => {
  await site.stop();
});

/** The stored copy's text, or null. */
const stored = async (page: Page, path: string) => (await readCache(page, `${site.origin}${path}`))?.body ?? null;

/**
 * The tab's store is about `path`, and knows that what it shows is the newest stored version: no banner. (Had it
 * taken the version on screen from an older fetch of the page, it would offer the newer one.)
 */
async function shownIsNewest(page: Page, path: string): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.swIsr.getSnapshot()))
    .toMatchObject({ url: `${site.origin}${path}`, status: 'fresh', hasUpdate: false });
  await expect(page.getByRole('button', { name: 'Show new version' })).toBeHidden();
}

/**
 * A click through Astro's client router: the page is fetched and swapped in, no navigation. A mark on `window`
 * outlives a swap, not a load: had the router's fetch failed, Astro would have navigated instead (and the worker
 * would have answered that navigation, hiding the failure).
 */
async function follow(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.locator('#text')).toHaveText(text);
  expect(await page.evaluate(() => 'routed' in window)).toBe(true);
}

test('Astro site: pages read through the client router are stored, answered and refreshed as navigations are, and read offline', async ({
  page,
}) => {
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  expect(cacheStatus(await page.goto(`${site.origin}/`))).toBe('HIT');
  // The worker's options are the tag's: Astro's own mark on the tag (data-astro-exec) is none of them.
  expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(
    `${site.origin}/sw-isr-worker.js?revalidate=3600`,
  );

  // The first read of /about/ through the router: fetched once (by the worker) and stored.
  await follow(page, 'About', 'about, first edition');
  expect(site.reached('/about/')).toBe(1);
  await expect.poll(() => stored(page, '/about/')).toContain('about, first edition');
  // The router's next reads are the worker's answers from that copy: nothing more reaches the origin.
  await follow(page, 'Home', 'home, first edition');
  await follow(page, 'About', 'about, first edition');
  expect(site.reached('/about/')).toBe(1);
  expect(new URL(page.url()).pathname).toBe('/about/');
  await shownIsNewest(page, '/about/');
  // A store made now (a React island hydrating on the swapped-in page) is about /about/ too, with the version the
  // router's fetch carried, not the version of the document's first navigation (home's): no banner there either.
  const late = await page.evaluate(async () => {
    const { createFreshnessStore } = (await import(
      '/lib/client.js' as string
    )) as typeof import('../src/client/index.js');
    const store = createFreshnessStore();
    // Until the worker's reply (5 s at most).
    for (let tries = 0; tries < 100 && store.getSnapshot().status !== 'fresh'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const snapshot = store.getSnapshot();
    store.destroy();
    return snapshot;
  });
  expect(late).toMatchObject({ url: `${site.origin}/about/`, status: 'fresh', hasUpdate: false });
  // Back, through the router too: the store follows to the page swapped back in.
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  await page.goBack();
  await expect(page.locator('#text')).toHaveText('home, first edition');
  expect(await page.evaluate(() => 'routed' in window)).toBe(true);
  await shownIsNewest(page, '/');
  await follow(page, 'About', 'about, first edition');

  // A rebuild changes /about/; the worker learns of it from the manifest at the next check (here: the tab's focus).
  site.republish('src/pages/about.astro', (text) => text.replace('about, first edition', 'about, second edition'));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect.poll(() => stored(page, '/about/')).toContain('about, second edition');
  // The tab, on /about/ through the router, is told: window.swIsr followed the router there, and the banner came
  // along into the swapped-in body. Its button reloads /about/.
  expect(await page.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/about/`);
  await page.getByRole('button', { name: 'Show new version' }).click();
  await expect(page.locator('#text')).toHaveText('about, second edition');
  // Both kinds of read show the new version: the router's and a full load.
  await follow(page, 'Home', 'home, first edition');
  await follow(page, 'About', 'about, second edition');
  await shownIsNewest(page, '/about/');
  const load = await page.goto(`${site.origin}/about/`);
  expect(cacheStatus(load)).toBe('HIT');
  await expect(page.locator('#text')).toHaveText('about, second edition');

  // Offline: the pages read are there through both; a page never read is the offline page.
  site.down = true;
  await follow(page, 'Home', 'home, first edition');
  await follow(page, 'About', 'about, second edition');
  // A page loaded offline still follows the router: its glue (sw-isr-routers.js, served no-cache, so the HTTP cache
  // cannot answer it offline) was stored with the page.
  expect(['HIT', 'STALE']).toContain(cacheStatus(await page.reload()));
  await follow(page, 'Home', 'home, first edition');
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/`);
  // A page never read: the worker fails the router's fetch as the network did, so Astro navigates, and that
  // navigation gets the offline page.
  await page.evaluate(() => void Object.assign(window, { routed: true }));
  const offline = page.waitForResponse(`${site.origin}/news/`);
  await page.getByRole('link', { name: 'News', exact: true }).click();
  expect(cacheStatus(await offline)).toBe('OFFLINE');
  await expect(page.getByRole('heading', { name: 'This page is not available offline' })).toBeVisible();
  expect(await page.evaluate(() => 'routed' in window)).toBe(false);
  expect(cacheStatus(await page.goto(`${site.origin}/`))).toBe('HIT');
});

test('Astro site: a swap made before the router glue has run is caught up with, and the banner is kept', async ({
  page,
}) => {
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  // The glue's file (sw-isr-routers.js) is slow to arrive: the reader clicks before it has run. (A script the tag
  // inserted holds the load event, hence domcontentloaded.)
  const release = site.hold('/sw-isr-routers.js');
  await page.goto(`${site.origin}/`, { waitUntil: 'domcontentloaded' });
  await follow(page, 'About', 'about, first edition');
  expect(await page.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/`);
  // The tag itself put the banner into the swapped-in body.
  await expect(page.locator('body > sw-isr-banner')).toBeAttached();
  // Once the glue runs, the store is about the page on screen, and follows the next swap as usual.
  release();
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/about/`);
  await shownIsNewest(page, '/about/');
  await follow(page, 'Home', 'home, first edition');
  await shownIsNewest(page, '/');
});

test('Astro site: a link the host redirects (/about → /about/) is read through the router, the redirect remembered, and read offline', async ({
  page,
}) => {
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  // The inspector, as data-inspector loads it: put back into each swapped-in body.
  await page.addScriptTag({ url: '/sw-isr-inspector.js' });
  await expect(page.locator('sw-isr-inspector')).toBeAttached();
  // Online: the router's fetch of /about is redirected by the host; Astro follows it to /about/, and the store, on
  // /about/, has the worker keep it.
  await follow(page, 'About, moved', 'about, first edition');
  await expect(page.locator('sw-isr-inspector')).toBeAttached();
  expect(new URL(page.url()).pathname).toBe('/about/');
  expect(site.requests.find((request) => request.path === '/about')?.status).toBe(301);
  await expect.poll(() => stored(page, '/about/')).toContain('about, first edition');
  await follow(page, 'Home', 'home, first edition');
  // Offline: the same link's fetch is redirected by the worker to where the host sent it, and answered from the
  // stored /about/; without that memory it would fail, and Astro's fallback navigation would get the offline page.
  site.down = true;
  await follow(page, 'About, moved', 'about, first edition');
  expect(new URL(page.url()).pathname).toBe('/about/');
});
