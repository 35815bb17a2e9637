import type { ConsoleMessage } from '@playwright/test';
import { askForPush, bundleSiteWorker } from './bundle-site-worker.js';
import { cacheStatus, expect, firstVisit, test } from './fixtures.js';
import { installedState, originState, otherWorker } from './way-out.js';

// Beside another worker: a site that has a worker of its own puts sw-isr inside it (installIsr from `sw-isr/sw`),
// and the script tag never replaces a worker it did not make unless told to (data-replace).

const javascript = (body: string) => ({ body, headers: { 'content-type': 'text/javascript' } });

test("a site's own worker with installIsr inside: its pages are ISR pages, its own route and push listener work", async ({
  page,
  lab,
}) => {
  await lab.set('site-worker.js', javascript(await bundleSiteWorker()));
  const script = `<script src="/sw-isr.js" data-worker="${lab.prefix}/site-worker.js" data-scope="${lab.prefix}/" defer></script>`;
  const url = await lab.set('page.html', {
    content: 'a page',
    head: '<meta name="isr:revalidate" content="3600">',
    script,
  });
  await firstVisit(page, url);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(lab.url('site-worker.js'));
  // sw-isr: the page is stored and read from the store.
  const fetched = await lab.count('page.html');
  expect(cacheStatus(await page.goto(url))).toBe('HIT');
  expect(await lab.count('page.html')).toBe(fetched);
  // The site's own route, answered in the worker: the origin never sees it.
  expect(await page.evaluate(async () => (await fetch('api/hello')).json())).toEqual({ from: 'site' });
  expect(await lab.count('api/hello')).toBe(0);
  // The site's push listener.
  const pushed = await page.evaluate(askForPush);
  expect(pushed).toBe('hello');
  expect(await page.evaluate(originState)).toEqual(installedState('site-worker.js'));
});

test('the script tag does not replace another worker that has its scope, and says why; data-replace does', async ({
  page,
  lab,
}) => {
  await lab.set('other.js', javascript(otherWorker));
  const blank = await lab.set('blank.html', { content: 'blank', script: '' });
  await page.goto(blank);
  await page.evaluate(async (scope) => {
    await navigator.serviceWorker.register('other.js', { scope });
    await navigator.serviceWorker.ready;
  }, `${lab.prefix}/`);

  const tag = (extra: string) =>
    `<script src="/sw-isr.js" data-worker="${lab.prefix}/sw-isr-worker.js" data-scope="${lab.prefix}/"${extra} defer></script>`;
  const refused = await lab.set('refused.html', { content: 'refused', script: tag('') });
  const errors: string[] = [];
  const onConsole = (message: ConsoleMessage) => message.type() === 'error' && errors.push(message.text());
  page.on('console', onConsole);
  await page.goto(refused);
  expect(await page.evaluate(() => window.swIsr.registration)).toBeNull();
  await expect
    .poll(() => errors.join('\n'))
    .toContain(`${lab.url('other.js')} has this scope; data-replace replaces it`);
  page.off('console', onConsole);
  const active = () =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? null);
  expect(await active()).toBe(lab.url('other.js'));
  expect(cacheStatus(await page.goto(refused))).toBeUndefined();
  expect(await page.evaluate(originState)).toEqual({ registrations: ['other.js'], caches: [], databases: [] });

  const replaced = await lab.set('replaced.html', { content: 'replaced', script: tag(' data-replace') });
  await page.goto(replaced);
  await expect.poll(active, { timeout: 15_000 }).toBe(`${lab.url('sw-isr-worker.js')}`);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  // sw-isr taking over from the site's own worker is no update of the site.
  expect(await page.evaluate(() => window.swIsr.getSnapshot().workerUpdated)).toBe(false);
  expect(cacheStatus(await page.goto(replaced))).toBe('HIT');
  expect(await page.evaluate(originState)).toEqual(installedState('sw-isr-worker.js'));
});
