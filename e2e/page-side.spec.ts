import type { Page } from '@playwright/test';
import { cacheStatus, content, expect, firstVisit, labScript, readMeta, test } from './fixtures.js';

const anHour = '<meta name="isr:revalidate" content="3600">';
const showNew = (page: Page) => page.getByRole('button', { name: 'Show new version' });

/** A long page with a form, loading the script tag in morph mode, and a script that counts its own runs. */
function morphPage(edition: string, extraScript = ''): string {
  const filler = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} of edition ${edition}.</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edition ${edition}</title>${anHour}
${labScript('data-update="morph"')}
<script>window.runs = (window.runs || 0) + 1;</script>${extraScript}</head>
<body><main><h1 id="content">Edition ${edition}</h1>${filler}
<form><label for="note">Note</label><input id="note" name="note" value="default ${edition}"></form>${filler}</main></body></html>`;
}

test('morph: the new version replaces the page in place, keeping scroll, focus and typed input, running no script twice', async ({
  page,
  lab,
}) => {
  const url = await lab.set('morph.html', { body: morphPage('one') });
  await firstVisit(page, url);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
  await page.locator('#note').fill('typed by the reader');
  await page.locator('#note').focus();
  await page.evaluate(() => window.scrollTo(0, 1200));
  const scrollBefore = await page.evaluate(() => window.scrollY);
  expect(scrollBefore).toBeGreaterThan(1000);

  await lab.set('morph.html', { body: morphPage('two') });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(true);
  // Clicking the banner moves focus to its button; a morph must leave focus wherever it then is. Use the API so the
  // focused input is the reader's.
  await expect(showNew(page)).toBeVisible();
  await page.evaluate(() => window.swIsr.applyUpdate('morph'));

  await expect(page.locator('#content')).toHaveText('Edition two');
  expect(await page.title()).toBe('Edition two');
  expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');
  expect(await page.evaluate(() => (window as unknown as { runs: number }).runs)).toBe(1);
  expect(await page.locator('#note').inputValue()).toBe('typed by the reader');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
  await expect(showNew(page)).toBeHidden();
  expect(await page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('fresh');
});

test('morph falls back to a reload when the new version loads different scripts', async ({ page, lab }) => {
  const url = await lab.set('morph-scripts.html', { body: morphPage('one') });
  await firstVisit(page, url);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'old document'));
  await lab.set('morph-scripts.html', { body: morphPage('two', '<script>window.extra = true;</script>') });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(true);
  await showNew(page).click();
  await expect(page.locator('#content')).toHaveText('Edition two');
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { extra?: boolean }).extra)).toBe(true);
});

test('the banner is a polite status region that never takes focus, works from the keyboard, and can be dismissed', async ({
  page,
  lab,
}) => {
  const url = await lab.set('a11y.html', { content: '<input id="field" aria-label="field">', head: anHour });
  await firstVisit(page, url);
  await page.locator('#field').focus();
  const banner = page.locator('sw-isr-banner');
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner.locator('[part=box]')).toBeHidden();

  await lab.set('a11y.html', { content: '<input id="field" aria-label="field"> v2', head: anHour });
  await page.evaluate(() => window.swIsr.revalidate());
  await expect(showNew(page)).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('field');

  await page.keyboard.press('Tab');
  await expect(showNew(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Dismiss' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(showNew(page)).toBeHidden();
  expect(await page.evaluate(() => window.swIsr.getSnapshot())).toMatchObject({ hasUpdate: false, status: 'fresh' });
  // The reader chose to stay: the page on screen is still the old one.
  expect(await content(page)).not.toContain('v2');
});

test('the banner says when a refresh failed, and its button tries again', async ({ page, lab }) => {
  const url = await lab.set('retry.html', { content: 'v1', head: anHour });
  await firstVisit(page, url);
  await lab.set('retry.html', { status: 503, body: 'down', etag: false });
  await page.evaluate(() => window.swIsr.revalidate());
  await expect(page.getByRole('status')).toContainText('Could not refresh: showing the saved copy.');
  expect(await page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('error');

  await lab.set('retry.html', { content: 'v2', head: anHour });
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(showNew(page)).toBeVisible();
  expect(await page.evaluate(() => window.swIsr.getSnapshot().error)).toBeNull();
});

test('the banner says when the reader is offline, and texts come from attributes', async ({ context, page, lab }) => {
  const url = await lab.set('offline-banner.html', { content: 'v1', head: anHour });
  await firstVisit(page, url);
  await page.evaluate(() => document.querySelector('sw-isr-banner')!.setAttribute('offline-text', 'Hors ligne.'));
  await lab.setOffline(context, true);
  await expect(page.getByRole('status')).toContainText('Hors ligne.');
  expect(await page.evaluate(() => window.swIsr.getSnapshot())).toMatchObject({ status: 'offline', isOffline: true });
  await lab.setOffline(context, false);
  await expect(page.locator('sw-isr-banner [part=box]')).toBeHidden();
  expect(await page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('fresh');
});

test("under a Content-Security-Policy that allows scripts by nonce, the tag's parts carry its nonce and run", async ({
  page,
  lab,
}) => {
  const url = await lab.set('nonce.html', {
    content: 'v1',
    head: anHour,
    script: '<script src="/sw-isr.js" nonce="n0nce" data-scope="/lab/" data-update="morph" defer></script>',
    headers: { 'content-security-policy': "script-src 'nonce-n0nce'; worker-src 'self'" },
  });
  await firstVisit(page, url);
  await page.waitForFunction(
    () => customElements.get('sw-isr-banner') !== undefined && window.swIsrMorph !== undefined,
  );
});

test('focus checks revalidate a stale page once per throttle window, and a fresh page not at all', async ({
  page,
  lab,
}) => {
  const stale = await lab.set('focus-stale.html', { content: 'v1', head: '<meta name="isr:revalidate" content="1">' });
  await firstVisit(page, stale);
  await page.waitForTimeout(1100);
  const before = await lab.count('focus-stale.html', true);
  const focus = () => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await focus();
  await expect.poll(() => lab.count('focus-stale.html', true)).toBe(before + 1);
  await page.waitForTimeout(1100); // stale again, but within the 5 s throttle
  await focus();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  expect(await lab.count('focus-stale.html', true)).toBe(before + 1);

  const fresh = await lab.set('focus-fresh.html', { content: 'v1', head: anHour });
  await page.goto(fresh);
  await expect.poll(() => readMeta(page, fresh)).not.toBeNull();
  await page.waitForFunction(() => window.swIsr.getSnapshot().status === 'fresh');
  const freshBefore = (await lab.requests()).length;
  await focus();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  expect((await lab.requests()).length).toBe(freshBefore);
});

test('without service workers the page works and the store says unsupported', async ({ context, page, lab }) => {
  await context.addInitScript(() => {
    delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker;
  });
  const url = await lab.set('unsupported.html', { content: 'still here' });
  const response = await page.goto(url);
  expect(cacheStatus(response)).toBeUndefined();
  expect(await content(page)).toBe('still here');
  await page.waitForLoadState('load');
  expect(await page.evaluate(() => window.swIsr.registration)).toBeNull();
  expect(await page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('unsupported');
});

test('storageStatus reports what the stored pages take against the quota; persistStorage agrees with the browser', async ({
  page,
  lab,
}) => {
  const url = await lab.set('storage.html', { content: 'x'.repeat(50_000) });
  await firstVisit(page, url);
  const { status, persisted, browserSays } = await page.evaluate(async () => {
    const client = await import('/lib/client.js' as string);
    const status = await client.storageStatus();
    const persisted = await client.persistStorage();
    return { status, persisted, browserSays: await navigator.storage.persisted() };
  });
  // The stored page (50 KB in Cache Storage) counts in the usage; the quota is the browser's.
  expect(status.usage).toBeGreaterThan(50_000);
  expect(status.quota).toBeGreaterThan(status.usage);
  expect(status.persisted).toBe(false);
  expect(persisted).toBe(browserSays);
});

test('React: useFreshness shows the age and an update banner, and applies the update', async ({
  context,
  page,
  request,
}) => {
  await page.goto('/react.html');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByTestId('age')).toHaveText(/^updated \d+ s ago$/);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  const edition = Number(await page.locator('#edition').innerText());
  const other = await context.newPage();
  const response = await other.goto('/react.html');
  expect(cacheStatus(response)).toBe('HIT');
  await expect(other.getByTestId('age')).toHaveText(/^updated \d+ s ago$/);

  const text = `React edition published at ${Date.now()}`;
  await request.post('/api/publish', { form: { page: '/react.html', text } });
  await other.getByRole('button', { name: 'Revalidate now' }).click();
  for (const tab of [page, other])
    await expect(tab.getByRole('status')).toContainText('A new edition of this page is ready.');
  await expect(page.getByTestId('status')).toHaveText('updated');
  await page.getByRole('button', { name: 'Show it' }).click();
  await expect(page.locator('#content')).toHaveText(text);
  await expect(page.locator('#edition')).toHaveText(String(edition + 1));
  await expect(page.getByTestId('status')).toHaveText('fresh');
});

test('a page fresh for a year sets one timer, not a timer that fires at once over and over', async ({
  context,
  page,
  lab,
}) => {
  // Counts the page's timers from its first script on: a delay above 2^31-1 ms fires at once in every engine.
  await context.addInitScript(() => {
    const counted = window as unknown as { timers: number };
    counted.timers = 0;
    const original = window.setTimeout;
    window.setTimeout = ((handler: TimerHandler, delay?: number, ...rest: unknown[]) => {
      counted.timers++;
      return original(handler, delay, ...rest);
    }) as typeof window.setTimeout;
  });
  const url = await lab.set('yearly.html', {
    content: 'yearly',
    head: '<meta name="isr:revalidate" content="31536000">',
  });
  await firstVisit(page, url);
  await page.goto(url);
  await expect.poll(() => page.evaluate(() => window.swIsr.getSnapshot().status)).toBe('fresh');
  const before = await page.evaluate(() => (window as unknown as { timers: number }).timers);
  await page.waitForTimeout(1000);
  const after = await page.evaluate(() => (window as unknown as { timers: number }).timers);
  // Before the cap: hundreds a second, each re-arming the next.
  expect(after - before).toBeLessThan(20);
});

test("morph keeps a new version's <noscript> inert: its markup does not load", async ({ page, lab }) => {
  await lab.set('tracker.html', { content: 'tracking' });
  const url = await lab.set('morph.html', { body: morphPage('one') });
  await firstVisit(page, url);
  const tracked = morphPage('two').replace(
    '</main>',
    `<noscript><iframe src="${lab.url('tracker.html')}"></iframe></noscript></main>`,
  );
  await lab.set('morph.html', { body: tracked });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(true);
  await page.evaluate(() => window.swIsr.applyUpdate('morph'));
  await expect(page.locator('#content')).toHaveText('Edition two');
  expect(await page.locator('iframe').count()).toBe(0);
  expect(await lab.count('tracker.html')).toBe(0);
});

test('a new version with a <noscript> in its head is shown by a reload, not a morph that would load its markup', async ({
  page,
  lab,
}) => {
  const url = await lab.set('morph.html', { body: morphPage('one') });
  await firstVisit(page, url);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
  const pixel = `<noscript><img src="${lab.url('pixel.gif')}" alt=""></noscript>`;
  await lab.set('morph.html', { body: morphPage('two', pixel) });
  expect(await page.evaluate(() => window.swIsr.revalidate())).toBe(true);
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.swIsr.applyUpdate('morph'))]);
  await expect(page.locator('#content')).toHaveText('Edition two');
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
  expect(await lab.count('pixel.gif')).toBe(0);
});
