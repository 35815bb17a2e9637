import { labScript } from '../fixtures.js';
import { DEMO_PORT } from '../ports.js';
import { StaticSite } from '../static-site.js';
import { askForPush, bundleSiteWorker } from '../bundle-site-worker.js';
import {
  controllerRelease,
  deploySwIsr,
  installedState,
  originState,
  otherWorker,
  swIsrHeld,
  swIsrLeft,
  wayOutTag,
} from '../way-out.js';
import { expect, test, type Reader } from './reader.js';

// The scenarios a reader meets, in WebKit (Safari's engine) over WebDriver. Chromium and Firefox run the whole suite
// (e2e/*.spec.ts), which covers each of these too; here every check is made through what WebDriver has: the page's
// own state, the navigation's Server-Timing verdict, and the origin's log of what reached it.

const DEMO = `http://127.0.0.1:${DEMO_PORT}`;
const SHOW_NEW = 'Show new version';
const anHour = '<meta name="isr:revalidate" content="3600">';
const twoSeconds = '<meta name="isr:revalidate" content="2">';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const snapshot = (reader: Reader) => reader.evaluate(() => window.swIsr.getSnapshot());

test('first visit installs the worker; the next visit is a HIT with no origin request', async ({ reader, lab }) => {
  const url = await lab.set('first.html', { content: 'first' });
  await reader.firstVisit(url);
  // The page itself, uncontrolled, and the worker's own fetch to store it.
  expect((await lab.requests()).map((r) => r.fromWorker)).toEqual([false, true]);
  expect(await reader.goto(url)).toBe('HIT');
  expect(await reader.goto(url)).toBe('HIT');
  expect(await reader.text()).toBe('first');
  expect(await lab.count('first.html')).toBe(2);
});

test('a stale page is answered at once and revalidated once in the background; another window shows the banner; the next visit is new', async ({
  reader,
  lab,
}) => {
  const url = await lab.set('stale.html', { content: 'v1', head: twoSeconds });
  await reader.firstVisit(url);
  const first = await reader.driver.getWindowHandle();
  const other = await reader.openTab(url);
  await reader.waitFor(() => window.swIsr !== undefined && window.swIsr.getSnapshot().fetchedAt !== null);
  await sleep(2100);
  await lab.set('stale.html', { content: 'v2', head: twoSeconds });
  // The origin holds its answer: were the reader waiting on the revalidation, this navigation could not finish.
  const origin = await lab.hold('stale.html');
  await reader.switchTo(first);
  expect(await reader.goto(url)).toBe('STALE');
  expect(await reader.text()).toBe('v1');
  await origin.arrived;
  const before = await lab.count('stale.html', true);
  await origin.release();

  await reader.switchTo(other);
  await reader.waitForBanner(SHOW_NEW);
  expect(await lab.count('stale.html', true)).toBe(before);
  expect(await reader.goto(url)).toBe('HIT');
  expect(await reader.text()).toBe('v2');
});

test('an unchanged page past its interval costs one 304 and shows no banner', async ({ reader, lab }) => {
  const url = await lab.set('same.html', { content: 'same', head: twoSeconds });
  await reader.firstVisit(url);
  const { fetchedAt } = await snapshot(reader);
  await sleep(2100);
  const before = (await lab.requests()).length;
  expect(await reader.goto(url)).toBe('STALE');
  await expect
    .poll(async () => (await lab.requests()).slice(before).map((r) => [r.fromWorker, r.status]))
    .toEqual([[true, 304]]);
  await expect.poll(async () => (await snapshot(reader)).fetchedAt).toBeGreaterThan(fetchedAt!);
  expect((await snapshot(reader)).status).toBe('fresh');
  expect(await reader.bannerButton(SHOW_NEW)).toBe(false);
});

test('the origin fails (500, dropped connection): the last good page is served, and the update arrives once it recovers', async ({
  reader,
  lab,
}) => {
  const url = await lab.set('fail.html', { content: 'good', head: anHour });
  await reader.firstVisit(url);
  for (const [fault, error] of [
    [{ status: 500, body: 'oops', etag: false }, 'status 500'],
    [{ fault: 'reset' as const }, 'network error ('],
  ] as const) {
    await lab.set('fail.html', fault);
    expect(await reader.evaluate(() => window.swIsr.revalidate())).toBe(false);
    // The failure's broadcast and the reply come by different ways: either may be first.
    await expect.poll(async () => (await snapshot(reader)).error).toContain(error);
    expect(await reader.goto(url)).toBe('HIT');
    expect(await reader.text()).toBe('good');
  }
  await lab.set('fail.html', { content: 'recovered', head: anHour });
  // After failures, reads wait for the backoff; the reader's (or the page's) explicit revalidation does not.
  expect(await reader.evaluate(() => window.swIsr.revalidate())).toBe(true);
  await reader.clickBanner(SHOW_NEW);
  await reader.waitFor(() => document.querySelector('#content')?.textContent === 'recovered');
  expect(await reader.goto(url)).toBe('HIT');
});

test('a stale page whose refresh fails at once: the saved copy, and the banner says it could not be refreshed', async ({
  reader,
  lab,
}) => {
  const url = await lab.set('down.html', { content: 'old but here', head: '<meta name="isr:revalidate" content="1">' });
  await reader.firstVisit(url);
  await sleep(1100);
  await lab.set('down.html', { fault: 'reset' });
  expect(await reader.goto(url)).toBe('STALE');
  expect(await reader.text()).toBe('old but here');
  await reader.waitForBanner('Try again');
  expect(
    await reader.evaluate(
      () => document.querySelector('sw-isr-banner')?.shadowRoot?.querySelector('[part=text]')?.textContent,
    ),
  ).toBe('Could not refresh: showing the saved copy.');
  expect((await snapshot(reader)).status).toBe('error');
});

test('the network gone: a visited page opens, an unvisited one gets the offline page', async ({ reader, lab }) => {
  const visited = await lab.set('visited.html', { content: 'read before', head: anHour });
  const unvisited = await lab.set('unvisited.html', { content: 'never read' });
  await reader.firstVisit(visited);
  await lab.setOffline(null, true);
  expect(await reader.goto(visited)).toBe('HIT');
  expect(await reader.text()).toBe('read before');
  // The banner's own file (served no-cache) was stored with the page: it loads with the network gone. (WebKitGTK
  // says it is online here, where only the origin is down, so the banner has nothing to tell.)
  await reader.waitFor(() => customElements.get('sw-isr-banner') !== undefined);
  expect(await reader.goto(unvisited)).toBe('OFFLINE');
  expect(await reader.text('h1')).toBe('This page is not available offline');
  // A reader's reload: the stored copy (see the reload test below for what WebKit's reload does).
  await reader.goto(visited);
  await reader.reload();
  expect(await reader.text()).toBe('read before');
  await lab.setOffline(null, false);
  expect(await reader.goto(unvisited)).toBe('MISS');
});

test("a reader's reload of a stored page checks the origin: the stored copy at once, then the banner with the new version", async ({
  reader,
  lab,
}) => {
  // WebKit sends a reload to the worker as a plain navigation (cache mode `default`, where Chromium and Firefox say
  // `no-cache`), so the worker answers from its store and the page side asks it to revalidate (the `reload` flag of
  // its state request): the reader is not left with a copy a reload should have refreshed.
  const url = await lab.set('reload.html', { content: 'v1', head: anHour });
  await reader.firstVisit(url);
  expect(await reader.goto(url)).toBe('HIT');
  await lab.set('reload.html', { content: 'v2', head: anHour });
  const before = await lab.count('reload.html', true);
  expect(await reader.reload()).toBe('HIT');
  expect(await reader.text()).toBe('v1');
  await reader.waitForBanner(SHOW_NEW);
  expect(await lab.count('reload.html', true)).toBe(before + 1);
  // The banner's button reloads too: one more conditional request (a 304 here), as a network-first reload costs in
  // Chromium and Firefox; the worker cannot tell it from the reader's.
  await reader.clickBanner(SHOW_NEW);
  await reader.waitFor(() => document.querySelector('#content')?.textContent === 'v2');
  await expect.poll(() => lab.count('reload.html', true)).toBe(before + 2);
  await reader.waitFor(() => window.swIsr.getSnapshot().status === 'fresh');
  expect(await reader.bannerButton(SHOW_NEW)).toBe(false);
  // A plain visit of a fresh page costs nothing.
  expect(await reader.goto(url)).toBe('HIT');
  await sleep(300);
  expect(await lab.count('reload.html', true)).toBe(before + 2);
});

for (const [what, answer] of [
  ['Cache-Control: no-store', { headers: { 'cache-control': 'no-store' } }],
  ['Cache-Control: private', { headers: { 'cache-control': 'private' } }],
  ['status 404', { status: 404 }],
] as const) {
  test(`a response with ${what} is answered (BYPASS) and never stored`, async ({ reader, lab }) => {
    await reader.firstVisit(await lab.set('home.html', { content: 'home' }));
    const url = await lab.set('refused.html', { content: `refused: ${what}`, ...answer });
    expect(await reader.goto(url)).toBe('BYPASS');
    await sleep(300); // time to store it, had the worker wanted to
    expect(await reader.stored()).toEqual([`${lab.prefix}/home.html`]);
    expect(await reader.goto(url)).toBe('BYPASS');
    expect(await lab.count('refused.html')).toBe(2);
  });
}

test('on demand: the site is rebuilt with sw-isr build, and an open window learns of it through the manifest', async ({
  reader,
}) => {
  const site = new StaticSite();
  await site.start();
  try {
    await reader.firstVisit(`${site.origin}/`);
    expect(await reader.goto(`${site.origin}/news/first/`)).toBe('MISS');
    await reader.waitFor(() => window.swIsr.getSnapshot().fetchedAt !== null);
    expect(await reader.goto(`${site.origin}/news/first/`)).toBe('HIT');
    site.republish('news/first.md', (text) => text.replace('The first news item.', 'The first news item, corrected.'));
    // A tab coming back into view checks the manifest.
    await reader.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await reader.waitForBanner(SHOW_NEW, 15_000);
    await reader.clickBanner(SHOW_NEW);
    await reader.waitFor(() =>
      document.querySelector('#content')?.textContent?.includes('The first news item, corrected.'),
    );
  } finally {
    await site.stop();
  }
});

test('Astro site: pages read through the client router are stored, answered and refreshed as navigations are, and read offline', async ({
  reader,
}) => {
  test.setTimeout(90_000);
  const site = new StaticSite('astro');
  const stored = (path: string) =>
    reader.evaluate(async (url) => (await caches.match(url))?.text() ?? null, `${site.origin}${path}`);
  // A click through the router; a mark on window outlives its swap, not a load (see e2e/astro.spec.ts).
  const follow = async (name: string, text: string) => {
    await reader.evaluate(() => void Object.assign(window, { routed: true }));
    // A script's click, which Astro's router takes as any other: WebDriver's own was refused right after a swap
    // ("element not interactable", WebKitGTK 2.50).
    await reader.evaluate((link) => [...document.links].find((a) => a.textContent === link)!.click(), name);
    await reader.waitFor((expected) => document.querySelector('#text')?.textContent === expected, text);
    expect(await reader.evaluate(() => 'routed' in window)).toBe(true);
  };
  try {
    await site.start();
    await reader.firstVisit(`${site.origin}/`);
    expect(await reader.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(
      `${site.origin}/sw-isr-worker.js?revalidate=3600`,
    );
    await follow('About', 'about, first edition');
    expect(site.reached('/about/')).toBe(1);
    await expect.poll(() => stored('/about/')).toContain('about, first edition');
    await follow('Home', 'home, first edition');
    await follow('About', 'about, first edition');
    expect(site.reached('/about/')).toBe(1);

    site.republish('src/pages/about.astro', (text) => text.replace('about, first edition', 'about, second edition'));
    await reader.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => stored('/about/'), { timeout: 15_000 }).toContain('about, second edition');
    // window.swIsr followed the router to /about/, and its banner came along into the swapped-in body.
    expect(await reader.evaluate(() => window.swIsr.getSnapshot().url)).toBe(`${site.origin}/about/`);
    await reader.clickBanner(SHOW_NEW);
    await reader.waitFor(() => document.querySelector('#text')?.textContent === 'about, second edition');
    await follow('Home', 'home, first edition');
    await follow('About', 'about, second edition');
    // The store is about /about/ and knows the newest version is on screen (from the router's fetch): no banner.
    await reader.waitFor(() => window.swIsr.getSnapshot().status === 'fresh');
    expect(await snapshot(reader)).toMatchObject({ url: `${site.origin}/about/`, hasUpdate: false });
    expect(await reader.goto(`${site.origin}/about/`)).toBe('HIT');
    expect(await reader.text('#text')).toBe('about, second edition');

    site.down = true;
    await follow('Home', 'home, first edition');
    await follow('About', 'about, second edition');
    // A page loaded offline follows the router too: the glue's file was stored with the page.
    expect(['HIT', 'STALE']).toContain(await reader.goto(`${site.origin}/`));
    await follow('About', 'about, second edition');
    await reader.waitFor((url) => window.swIsr.getSnapshot().url === url, `${site.origin}/about/`);
    expect(await reader.goto(`${site.origin}/news/`)).toBe('OFFLINE');
  } finally {
    await site.stop();
  }
});

test('Next.js export: routes read through the router are stored with their payloads, answered from them, refreshed with the page, and read offline', async ({
  reader,
}) => {
  test.setTimeout(90_000);
  const site = new StaticSite('next');
  const stored = (path: string, cache = 'sw-isr-pages-v1') =>
    reader.evaluate(async ({ url, name }) => (await (await caches.open(name)).match(url))?.text() ?? null, {
      url: `${site.origin}${path}`,
      name: cache,
    });
  const storedFile = (path: string) => stored(path, 'sw-isr-assets-v1');
  // A click through Next's router; a mark on window outlives a route change, not a load (see e2e/next.spec.ts).
  const follow = async (name: string, text: string) => {
    await reader.evaluate(() => void Object.assign(window, { routed: true }));
    await reader.evaluate((link) => [...document.links].find((a) => a.textContent === link)!.click(), name);
    await reader.waitFor((expected) => document.querySelector('#text')?.textContent === expected, text);
    expect(await reader.evaluate(() => 'routed' in window)).toBe(true);
  };
  try {
    await site.start();
    await reader.firstVisit(`${site.origin}/`);
    await follow('About', 'about, first edition');
    // The store followed the router to /about/ (WebKitGTK 2.50 has no Navigation API: through history's wrapped
    // calls), and the worker stored the route.
    await reader.waitFor(() => window.swIsr.getSnapshot().url.endsWith('/about/'));
    await expect.poll(() => storedFile('/about/index.txt')).toContain('about, first edition');
    await expect.poll(() => stored('/about/')).toContain('about, first edition');
    const payloadReads = site.reached('/about/index.txt');
    await follow('Home', 'home, first edition');
    await follow('About', 'about, first edition');
    expect(site.reached('/about/index.txt')).toBe(payloadReads);

    const home = await storedFile('/index.txt');
    site.republish('app/about/page.jsx', (text) => text.replace('about, first edition', 'about, second edition'));
    await reader.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => stored('/about/'), { timeout: 15_000 }).toContain('about, second edition');
    expect(await storedFile('/about/index.txt')).toContain('about, second edition');
    // A rebuild changes every page (its build id): the home page's new payload too, before the router reads it.
    await expect.poll(() => storedFile('/index.txt')).not.toBe(home);
    await reader.clickBanner(SHOW_NEW);
    await reader.waitFor(() => document.querySelector('#text')?.textContent === 'about, second edition');
    await follow('Home', 'home, first edition');
    await follow('About', 'about, second edition');
    expect(await reader.goto(`${site.origin}/about/`)).toBe('HIT');
    expect(await reader.text('#text')).toBe('about, second edition');

    site.down = true;
    await follow('Home', 'home, first edition');
    await follow('About', 'about, second edition');
    expect(await reader.goto(`${site.origin}/news/`)).toBe('OFFLINE');
  } finally {
    await site.stop();
  }
});

test('precache: the demo reaches offlineReady', async ({ reader }) => {
  await reader.driver.get(`${DEMO}/`);
  const precache = await reader.waitFor(() => {
    const state = window.swIsr.getSnapshot();
    return state.offlineReady ? state.precache : null;
  });
  expect(precache).toMatchObject({ failed: 0, ready: true });
  expect(precache!.done).toBe(precache!.total);
});

/** A long page with a form, in morph mode, with a script that counts its own runs. */
function morphPage(edition: string): string {
  const filler = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} of edition ${edition}.</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edition ${edition}</title>${anHour}
${labScript('data-update="morph"')}
<script>window.runs = (window.runs || 0) + 1;</script></head>
<body><main><h1 id="content">Edition ${edition}</h1>${filler}
<form><label for="note">Note</label><input id="note" name="note" value=""></form>${filler}</main></body></html>`;
}

test('morph keeps the scroll position and what the reader typed', async ({ reader, lab }) => {
  const url = await lab.set('morph.html', { body: morphPage('one') });
  await reader.firstVisit(url);
  await reader.find('#note').sendKeys('typed by the reader');
  await reader.evaluate(() => window.scrollTo(0, 1200));
  const scrolled = await reader.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(1000);
  await lab.set('morph.html', { body: morphPage('two') });
  expect(await reader.evaluate(() => window.swIsr.revalidate())).toBe(true);
  await reader.evaluate(() => window.swIsr.applyUpdate('morph'));
  await reader.waitFor(() => document.querySelector('#content')?.textContent === 'Edition two');
  expect(
    await reader.evaluate(() => [
      document.title,
      (document.querySelector('#note') as HTMLInputElement).value,
      window.scrollY,
      (window as unknown as { runs: number }).runs,
    ]),
  ).toEqual(['Edition two', 'typed by the reader', scrolled, 1]);
});

test("useFreshness() in the demo's React page: the age, the banner in every window, the update", async ({
  reader,
  request,
}) => {
  await reader.driver.get(`${DEMO}/react.html`);
  await reader.waitFor(() => navigator.serviceWorker.controller !== null);
  await reader.waitFor(() =>
    /^updated \d+ s ago$/.test(document.querySelector('[data-testid=age]')?.textContent ?? ''),
  );
  const first = await reader.driver.getWindowHandle();
  const other = await reader.openTab(`${DEMO}/react.html`);
  expect(
    await reader.evaluate(
      () =>
        performance.getEntriesByType('navigation')[0] &&
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).serverTiming
          .find((t) => t.name === 'sw-isr')
          ?.description.split(' ')[0],
    ),
  ).toBe('HIT');
  await reader.waitFor(() => document.querySelector('[data-testid=status]')?.textContent === 'fresh');

  const text = `React edition published at ${Date.now()}`;
  await request.post(`${DEMO}/api/publish`, { form: { page: '/react.html', text } });
  await reader.driver.findElement({ xpath: '//button[normalize-space()="Revalidate now"]' }).click();
  for (const handle of [other, first]) {
    await reader.switchTo(handle);
    await reader.waitFor(() =>
      document.querySelector('[role=status]')?.textContent?.includes('A new edition of this page is ready.'),
    );
  }
  await reader.driver.findElement({ xpath: '//button[normalize-space()="Show it"]' }).click();
  await reader.waitFor((expected) => document.querySelector('#content')?.textContent === expected, text);
  await reader.waitFor(() => document.querySelector('[data-testid=status]')?.textContent === 'fresh');
});

test('bad worker options, one cache named twice among them: the worker starts, with the default cache names', async ({
  reader,
  lab,
}) => {
  const script = labScript('data-revalidate="soon" data-cache-name="one" data-asset-cache-name="one"');
  const url = await lab.set('same-names.html', { content: 'names', script });
  await reader.firstVisit(url);
  expect(await reader.goto(url)).toBe('HIT');
  expect(await reader.evaluate(() => caches.keys())).toEqual(expect.arrayContaining(['sw-isr-pages-v1']));
  expect(await reader.evaluate(() => caches.keys())).not.toContain('one');
});

test('a page under exclude is never stored, whoever asks: one origin request, no banner', async ({ reader, lab }) => {
  const script = labScript(`data-exclude="${lab.prefix}/account/"`);
  await reader.firstVisit(await lab.set('home.html', { content: 'home', script }));
  const url = await lab.set('account/index.html', { content: 'your account', script });
  // Not handled at all: no verdict from the worker.
  expect(await reader.goto(url)).toBeNull();
  await sleep(300); // time for the page side's state request, and a store, had the worker wanted one
  expect(await reader.stored()).toEqual([`${lab.prefix}/home.html`]);
  expect(await lab.count('account/index.html')).toBe(1);
  expect(await reader.bannerButton(SHOW_NEW)).toBe(false);
});

test("a page that turns private on revalidation (403) is dropped, and the next load is the origin's", async ({
  reader,
  lab,
}) => {
  const url = await lab.set('members.html', { content: 'members only', head: anHour });
  await reader.firstVisit(url);
  await lab.set('members.html', { status: 403, content: 'log in first' });
  expect(await reader.evaluate(() => window.swIsr.revalidate())).toBe(false);
  await expect.poll(() => reader.stored()).toEqual([]);
  expect(await reader.goto(url)).toBe('BYPASS');
  expect(await reader.text()).toBe('log in first');
});

test('a page that sets a cookie the worker can see is answered (BYPASS) and never stored', async ({ reader, lab }) => {
  await reader.firstVisit(await lab.set('home.html', { content: 'home' }));
  const url = await lab.set('login.html', { content: 'welcome', headers: { 'set-cookie': 'session=abc; Path=/' } });
  expect(await reader.goto(url)).toBe('BYPASS');
  await sleep(300); // time to store it, had the worker wanted to
  expect(await reader.stored()).toEqual([`${lab.prefix}/home.html`]);
});

test('the way out: the off script and worker delete what sw-isr stored and unregister it', async ({ reader, lab }) => {
  await deploySwIsr(lab, true);
  const url = await lab.set('page.html', { content: 'a page', script: wayOutTag(lab) });
  await reader.firstVisit(url);
  expect(await reader.goto(url)).toBe('HIT');
  await deploySwIsr(lab, false);
  await reader.goto(url);
  await expect
    .poll(() => reader.evaluate(swIsrLeft), { timeout: 15_000 })
    .toEqual({ registrations: 0, caches: [], databases: [] });
  expect(await reader.goto(url)).toBeNull();
});

test('logout: swIsr.clear() leaves no page, file or record; the next visit stores again', async ({ reader, lab }) => {
  const a = await lab.set('a.html', { content: 'page a', head: anHour });
  const b = await lab.set('b.html', { content: 'page b', head: anHour });
  await reader.firstVisit(a);
  await reader.goto(b);
  await reader.waitFor(() => window.swIsr.getSnapshot().fetchedAt !== null);
  // Two pages, and the two files they share: the script tag and its banner.
  expect(await reader.evaluate(swIsrHeld)).toEqual({ pages: 2, files: 2, records: 2 });
  expect(await reader.evaluate(() => window.swIsr.clear())).toBe(true);
  expect(await reader.evaluate(swIsrHeld)).toEqual({ pages: 0, files: 0, records: 0 });
  expect(await reader.evaluate(originState)).toEqual(installedState('sw-isr-worker.js'));
  expect(await reader.goto(a)).toBe('MISS');
  await expect.poll(() => reader.evaluate(swIsrHeld)).toEqual({ pages: 1, files: 2, records: 1 });
});

test("a page dropped from the store that the browser's HTTP cache still holds is fetched whole and stored again, not shown as offline", async ({
  reader,
  lab,
}) => {
  // WebKit hands the worker this navigation with its HTTP cache's If-None-Match: the origin's 304 was once answered
  // with the offline page (see fromNetwork in navigation-route.ts).
  const a = await lab.set('a.html', { content: 'page a', head: anHour });
  await reader.firstVisit(a);
  await reader.evaluate(async (url) => (await caches.open('sw-isr-pages-v1')).delete(url), a);
  const before = (await lab.requests()).length;
  expect(await reader.goto(a)).toBe('MISS');
  expect(await reader.text()).toBe('page a');
  expect((await lab.requests()).slice(before).map((r) => r.status)).toEqual([200]);
  await expect.poll(() => reader.stored()).toEqual([`${lab.prefix}/a.html`]);
});

test('a logout page answering Clear-Site-Data: "cache" leaves nothing stored (WebKit shows the header to the worker)', async ({
  reader,
  lab,
}) => {
  const a = await lab.set('a.html', { content: 'page a', head: anHour });
  const logout = await lab.set('logout.html', { content: 'signed out', headers: { 'clear-site-data': '"cache"' } });
  await reader.firstVisit(a);
  expect(await reader.evaluate(swIsrHeld)).toEqual({ pages: 1, files: 2, records: 1 });
  expect(await reader.goto(logout)).toBe('BYPASS');
  // WebKit clears only its HTTP cache for "cache": the records left in IndexedDB would show.
  await expect.poll(() => reader.evaluate(swIsrHeld)).toEqual({ pages: 0, files: 0, records: 0 });
  expect(await reader.evaluate(originState)).toEqual(installedState('sw-isr-worker.js'));
});

test('a new worker release on a host that caches everything for 10 minutes is active one navigation after the deploy; another window is offered one reload', async ({
  reader,
  lab,
}) => {
  const tenMinutes = 'public, max-age=600';
  await deploySwIsr(lab, true, { release: 1, cacheControl: tenMinutes });
  const url = await lab.set('page.html', {
    content: 'a page',
    head: anHour,
    script: wayOutTag(lab),
    headers: { 'cache-control': tenMinutes },
  });
  await reader.firstVisit(url);
  expect(await reader.evaluate(controllerRelease)).toBe(1);
  const first = await reader.driver.getWindowHandle();
  const other = await reader.openTab(url);
  await reader.waitFor(() => window.swIsr !== undefined && window.swIsr.getSnapshot().fetchedAt !== null);

  await deploySwIsr(lab, true, { release: 2, cacheControl: tenMinutes });
  await reader.switchTo(first);
  expect(await reader.goto(url)).toBe('HIT');
  await expect.poll(() => reader.evaluate(controllerRelease), { timeout: 15_000 }).toBe(2);

  await reader.switchTo(other);
  await reader.waitFor(() => window.swIsr.getSnapshot().workerUpdated);
  await reader.waitForBanner(SHOW_NEW);
  expect(await reader.evaluate(() => document.querySelector('sw-isr-banner')!.shadowRoot!.textContent)).toContain(
    'This site has been updated.',
  );
  // The reload (a document without the mark) under release 2. Not its stored copy: in MiniBrowser's memory-only
  // profile (--automation), WebKitGTK 2.50 emptied sw-isr's caches around the takeover in most runs (names and
  // IndexedDB records left; the worker answered the reload as a MISS, and in about 1 run in 5 the page was not
  // stored after it either). Chromium and Firefox keep them; the cause is open (see the closing note of issue 14).
  await reader.evaluate(() => void Object.assign(window, { beforeReload: true }));
  await reader.clickBanner(SHOW_NEW);
  await reader.waitFor(() => !('beforeReload' in window) && window.swIsr !== undefined);
  expect(await reader.evaluate(controllerRelease)).toBe(2);
  expect(await reader.evaluate(originState)).toEqual(installedState('worker.js'));
});

test('the script tag does not replace another worker that has its scope; data-replace does', async ({
  reader,
  lab,
}) => {
  await lab.set('other.js', { body: otherWorker, headers: { 'content-type': 'text/javascript' } });
  await reader.driver.get(await lab.set('blank.html', { content: 'blank', script: '' }));
  await reader.evaluate(async (scope) => {
    await navigator.serviceWorker.register('other.js', { scope });
    await navigator.serviceWorker.ready;
  }, `${lab.prefix}/`);
  const tag = (extra: string) =>
    `<script src="/sw-isr.js" data-worker="${lab.prefix}/sw-isr-worker.js" data-scope="${lab.prefix}/"${extra} defer></script>`;
  const active = () =>
    reader.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? null);
  // WebDriver reads no console: the refusal shows as no registration, and the other worker kept.
  const refused = await lab.set('refused.html', { content: 'refused', script: tag('') });
  expect(await reader.goto(refused)).toBeNull();
  expect(await reader.evaluate(() => window.swIsr.registration)).toBeNull();
  expect(await active()).toBe(lab.url('other.js'));
  expect(await reader.evaluate(originState)).toEqual({ registrations: ['other.js'], caches: [], databases: [] });
  const replaced = await lab.set('replaced.html', { content: 'replaced', script: tag(' data-replace') });
  await reader.goto(replaced);
  await expect.poll(active, { timeout: 15_000 }).toBe(lab.url('sw-isr-worker.js'));
  await reader.waitFor(() => window.swIsr.getSnapshot().fetchedAt !== null);
  expect(await reader.goto(replaced)).toBe('HIT');
  expect(await reader.evaluate(originState)).toEqual(installedState('sw-isr-worker.js'));
});

test("a site's own worker with installIsr inside: its pages are ISR pages and its own route works (WebKitGTK 2.50's workers have no push)", async ({
  reader,
  lab,
}) => {
  await lab.set('site-worker.js', { body: await bundleSiteWorker(), headers: { 'content-type': 'text/javascript' } });
  const script = `<script src="/sw-isr.js" data-worker="${lab.prefix}/site-worker.js" data-scope="${lab.prefix}/" defer></script>`;
  const url = await lab.set('page.html', { content: 'a page', head: anHour, script });
  await reader.firstVisit(url);
  expect(await reader.goto(url)).toBe('HIT');
  expect(await reader.evaluate(async () => (await fetch('api/hello')).json())).toEqual({ from: 'site' });
  expect(await lab.count('api/hello')).toBe(0);
  const pushed = await reader.evaluate(askForPush);
  // WebKitGTK has no push service and no PushEvent in its workers (Safari has both): what the site's worker says
  // when asked for a push. Chromium and Firefox run the push listener (e2e/beside-worker.spec.ts).
  expect(pushed).toBe('no PushEvent in this engine');
  expect(await reader.evaluate(originState)).toEqual(installedState('site-worker.js'));
});

test('two upgrades that rename the caches leave nothing of the old names; the database keeps one name', async ({
  reader,
  lab,
}) => {
  const release = (n: number) =>
    `<script src="/sw-isr.js" data-scope="${lab.prefix}/" data-worker="${lab.prefix}/sw-isr-worker.js" data-cache-name="sw-isr-pages-v${n}" data-asset-cache-name="sw-isr-assets-v${n}" defer></script>`;
  const state = () =>
    reader.evaluate(async () => ({
      caches: (await caches.keys()).filter((name) => name.startsWith('sw-isr')).sort(),
      databases: (await indexedDB.databases()).map(({ name, version }) => `${name} v${version}`),
    }));
  await reader.firstVisit(await lab.set('v1.html', { content: 'one', script: release(1) }));
  expect(await state()).toEqual({ caches: ['sw-isr-assets-v1', 'sw-isr-pages-v1'], databases: ['sw-isr v2'] });
  for (const n of [2, 3]) {
    await reader.goto(await lab.set(`v${n}.html`, { content: `release ${n}`, script: release(n) }));
    await expect
      .poll(() => reader.evaluate(async (name) => (await caches.keys()).includes(name), `sw-isr-pages-v${n}`), {
        timeout: 15_000,
      })
      .toBe(true);
  }
  await expect
    .poll(state, { timeout: 15_000 })
    .toEqual({ caches: ['sw-isr-assets-v3', 'sw-isr-pages-v3'], databases: ['sw-isr v2'] });
  expect((await reader.evaluate(originState)).registrations).toEqual(['sw-isr-worker.js']);
});

test('the way out deployed while the reader is offline takes effect at their next online visit', async ({
  reader,
  lab,
}) => {
  await deploySwIsr(lab, true);
  const url = await lab.set('page.html', { content: 'a page', script: wayOutTag(lab) });
  await reader.firstVisit(url);
  await deploySwIsr(lab, false);
  await lab.setOffline(null, true);
  // Offline, the stored page is read as before, and nothing can be removed yet.
  expect(await reader.goto(url)).toBe('HIT');
  expect((await reader.evaluate(swIsrLeft)).registrations).toBe(1);
  await lab.setOffline(null, false);
  await reader.goto(url);
  await expect
    .poll(() => reader.evaluate(swIsrLeft), { timeout: 15_000 })
    .toEqual({ registrations: 0, caches: [], databases: [] });
});

test('clear() while a revalidation is under way: what it fetches is not stored afterwards, and no error is shown', async ({
  reader,
  lab,
}) => {
  const a = await lab.set('a.html', { content: 'page a', head: anHour });
  await reader.firstVisit(a);
  await lab.set('a.html', { content: 'page a, edited', head: anHour });
  const origin = await lab.hold('a.html');
  // Started in the page and not awaited here: WebDriver's script call would wait for it.
  await reader.evaluate(() => void window.swIsr.revalidate());
  await origin.arrived;
  expect(await reader.evaluate(() => window.swIsr.clear())).toBe(true);
  await origin.release();
  await expect.poll(() => reader.evaluate(() => window.swIsr.getSnapshot().status)).toBe('unknown');
  expect(await reader.evaluate(() => window.swIsr.getSnapshot().error)).toBeNull();
  expect(await reader.evaluate(swIsrHeld)).toEqual({ pages: 0, files: 0, records: 0 });
});

test("clear() stores the site's offline page again", async ({ reader, lab }) => {
  await lab.set('offline.html', { body: '<!doctype html><title>Offline</title><h1>No connection</h1>' });
  const script = labScript(`data-offline-page="${lab.prefix.slice('/lab/'.length)}/offline.html"`);
  await reader.firstVisit(await lab.set('start.html', { content: 'start', script }));
  await reader.waitFor(() => window.swIsr.getSnapshot().offlineReady);
  const fetched = await lab.count('offline.html');
  expect(await reader.evaluate(() => window.swIsr.clear())).toBe(true);
  await expect.poll(() => lab.count('offline.html')).toBe(fetched + 1);
  await reader.waitFor(() => window.swIsr.getSnapshot().offlineReady);
  expect(await reader.evaluate(swIsrHeld)).toMatchObject({ pages: 0, records: 0 });
  expect(await reader.stored('sw-isr-assets-v1')).toEqual([`${lab.prefix}/offline.html`]);
});
