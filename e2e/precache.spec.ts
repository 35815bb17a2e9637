import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { cacheStatus, content, expect, firstVisit, labScript, openTab, readCache, test, type Lab } from './fixtures.js';

// Precache: what the site declares is stored at install, with progress the page can show; a new deploy fetches only
// what changed; a failed entry does not fail the install and is tried again later.

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const id = (lab: Lab) => lab.prefix.slice('/lab/'.length);

function pageBody(lab: Lab, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${text}</title>
${labScript(`data-manifest="${id(lab)}/isr-manifest.json"`)}</head><body><main id="content">${text}</main></body></html>`;
}

/**
 * Sets the pages and files, and a manifest that lists every page and precaches all but the start page (answered
 * `manifestDelayMs` late, as it is when the request arrives).
 */
async function deploy(
  lab: Lab,
  pages: Record<string, string>,
  files: Record<string, { body: string; status?: number }>,
  manifestDelayMs?: number,
): Promise<void> {
  const entries: Record<string, { hash: string; revalidate: number; tags: string[] }> = {};
  for (const [name, text] of Object.entries(pages)) {
    const body = pageBody(lab, text);
    await lab.set(name, { body });
    entries[`${lab.prefix}/${name}`] = { hash: hash(body), revalidate: 3600, tags: [] };
  }
  const assets: Record<string, string> = {};
  for (const [name, file] of Object.entries(files)) {
    await lab.set(name, {
      body: file.body,
      status: file.status ?? 200,
      headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' },
    });
    assets[`${lab.prefix}/${name}`] = hash(file.body);
  }
  const precache = [...Object.keys(pages), ...Object.keys(files)]
    .filter((name) => name !== 'start.html')
    .map((name) => `${lab.prefix}/${name}`);
  const manifest = {
    version: 1,
    base: `${lab.prefix}/`,
    generatedAt: new Date(0).toISOString(),
    pages: entries,
    precache,
    assets,
  };
  await lab.set('isr-manifest.json', {
    body: JSON.stringify(manifest),
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
    delayMs: manifestDelayMs,
  });
}

const snapshot = (page: Page) => page.evaluate(() => window.swIsr.getSnapshot());

test('precache: install stores what the manifest declares with progress; a failed entry is retried; a new deploy fetches only what changed', async ({
  context,
  page,
  lab,
}) => {
  // Every precache message any tab of this profile hears, from the moment its document starts.
  await context.addInitScript(() => {
    const heard: unknown[] = ((window as unknown as { heard: unknown[] }).heard = []);
    new BroadcastChannel('sw-isr').onmessage = ({ data }) => data?.type === 'precache' && heard.push(data.precache);
  });
  const pages = { 'start.html': 'start', 'a.html': 'page a', 'b.html': 'page b', 'c.html': 'page c' };
  await deploy(lab, pages, { 'shell.js': { body: 'window.shell = 1;' }, 'broken.js': { body: 'oops', status: 500 } });
  await firstVisit(page, lab.url('start.html'));

  // Five entries, one of which fails: the install went ahead, and the page knows how far it got.
  await expect
    .poll(async () => (await snapshot(page)).precache)
    .toEqual({ done: 5, total: 5, failed: 1, ready: false });
  expect((await snapshot(page)).offlineReady).toBe(false);
  const heard = await page.evaluate(() =>
    (window as unknown as { heard: { done: number; total: number }[] }).heard.map((p) => `${p.done}/${p.total}`),
  );
  // One message as the pass starts, one per entry, and one as it ends.
  expect(heard).toEqual(['0/5', '1/5', '2/5', '3/5', '4/5', '5/5', '5/5']);
  for (const name of ['a.html', 'b.html', 'c.html']) expect(await readCache(page, lab.url(name))).not.toBeNull();
  for (const name of ['a.html', 'b.html', 'c.html', 'shell.js']) expect(await lab.count(name, true)).toBe(1);

  // The next deploy: b.html changed and broken.js was fixed. Only those two (and the manifest) are fetched.
  const before = (await lab.requests()).length;
  await deploy(
    lab,
    { ...pages, 'b.html': 'page b, edited' },
    { 'shell.js': { body: 'window.shell = 1;' }, 'broken.js': { body: 'window.fixed = 1;' } },
  );
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect.poll(async () => (await snapshot(page)).offlineReady).toBe(true);
  expect((await snapshot(page)).precache).toEqual({ done: 5, total: 5, failed: 0, ready: true });
  const fetched = (await lab.requests())
    .slice(before)
    .filter((r) => r.fromWorker)
    .map((r) => r.path.split('/').pop())
    .sort();
  expect(fetched).toEqual(['b.html', 'broken.js', 'isr-manifest.json']);

  // Offline, a page never visited reads from the precache.
  await lab.setOffline(context, true);
  const response = await page.goto(lab.url('c.html'));
  expect(cacheStatus(response)).toBe('HIT');
  expect(await content(page)).toBe('page c');
  await page.goto(lab.url('b.html'));
  expect(await content(page)).toBe('page b, edited');
});

test("offline, a page neither stored nor reachable gets the site's own offline page, with its stylesheet", async ({
  context,
  page,
  lab,
}) => {
  await lab.set('offline.css', {
    body: 'h1 { color: rgb(9, 8, 7); }',
    headers: { 'content-type': 'text/css', 'cache-control': 'no-cache' },
  });
  await lab.set('offline.html', {
    body: '<!doctype html><title>Offline</title><link rel="stylesheet" href="offline.css"><h1>No connection</h1><p>Try again later.</p>',
  });
  const script = labScript(`data-offline-page="${id(lab)}/offline.html"`);
  await firstVisit(page, await lab.set('start.html', { script }));
  await expect.poll(async () => (await snapshot(page)).offlineReady).toBe(true);

  await lab.setOffline(context, true);
  const response = await page.goto(lab.url('never-visited.html'));
  expect(response?.status()).toBe(503);
  expect(cacheStatus(response)).toBe('OFFLINE');
  await expect(page.locator('h1')).toHaveText('No connection');
  expect(await page.locator('h1').evaluate((h1) => getComputedStyle(h1).color)).toBe('rgb(9, 8, 7)');
});

test("on demand: a tab's manifest check asked while another is under way is not lost; one more check follows it", async ({
  context,
  page,
  lab,
}) => {
  const pages = { 'start.html': 'start', 'a.html': 'page a' };
  await deploy(lab, pages, {});
  await firstVisit(page, lab.url('start.html'));
  await expect.poll(async () => (await snapshot(page)).offlineReady).toBe(true);
  const other = await openTab(context, lab.url('a.html'));
  // A check that takes its time: the origin answers it 1.5 s late, with the manifest as it was when it arrived.
  await deploy(lab, pages, {}, 1500);
  const before = await lab.count('isr-manifest.json', true);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect.poll(() => lab.count('isr-manifest.json', true)).toBe(before + 1);
  // The deploy lands while that check waits, and the other tab asks: joining the check in flight would learn nothing.
  await deploy(lab, { ...pages, 'a.html': 'page a, edited' }, {});
  await other.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(other.getByRole('button', { name: 'Show new version' })).toBeVisible();
  expect(await lab.count('isr-manifest.json', true)).toBe(before + 2);
});

test('a deploy that changed many pages refreshes them a few at a time, each once', async ({ page, lab }) => {
  const names = Array.from({ length: 12 }, (_, i) => `p${i}.html`);
  const pages = Object.fromEntries([['start.html', 'start'], ...names.map((name) => [name, `${name} v1`])]);
  await deploy(lab, pages, {});
  await firstVisit(page, lab.url('start.html'));
  await expect.poll(async () => (await snapshot(page)).offlineReady).toBe(true);

  // Every page changes, and the origin takes a while over each: without a bound, all twelve are in flight at once.
  const changed = Object.fromEntries([['start.html', 'start'], ...names.map((name) => [name, `${name} v2`])]);
  await deploy(lab, changed, {});
  for (const name of names) await lab.set(name, { body: pageBody(lab, changed[name]!), delayMs: 300 });
  const before = (await lab.requests()).length;
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  const refreshed = async () =>
    (await lab.requests())
      .slice(before)
      .filter((r) => r.fromWorker && r.status === 200 && names.some((name) => r.path === lab.url(name)));
  await expect.poll(async () => (await refreshed()).length, { timeout: 15_000 }).toBe(12);
  const requests = await refreshed();
  // At most four at the origin at a time (the worker's fetch concurrency), and no page fetched twice (the precache
  // pass, which lists them too, comes after the refreshes and finds them stored at their new revision).
  expect(Math.max(...requests.map((r) => r.inFlight))).toBeLessThanOrEqual(4);
  expect(new Set(requests.map((r) => r.path)).size).toBe(12);
  await page.goto(lab.url('p11.html'));
  expect(await content(page)).toBe('p11.html v2');
});

test("the site's offline page is stored though its host redirects it (/offline.html → /offline-page.html)", async ({
  context,
  page,
  lab,
}) => {
  const target = await lab.set('offline-page.html', {
    body: '<!doctype html><title>Offline</title><h1>No connection</h1>',
  });
  await lab.set('offline.html', { status: 301, body: '', headers: { location: target } });
  await firstVisit(
    page,
    await lab.set('start.html', { script: labScript(`data-offline-page="${id(lab)}/offline.html"`) }),
  );
  await expect.poll(async () => (await snapshot(page)).offlineReady).toBe(true);
  await lab.setOffline(context, true);
  const response = await page.goto(lab.url('never-visited.html'));
  expect(cacheStatus(response)).toBe('OFFLINE');
  await expect(page.locator('h1')).toHaveText('No connection');
});
