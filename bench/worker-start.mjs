// npm run bench (part of it): what a worker's start costs with 1, 1,000 and 10,000 stored pages, in real Chromium.
// The pages are copies of one the worker stored itself (its cache entry and its IndexedDB record, under other URLs),
// so both stores hold exactly what the worker writes. For each size: the background work of a new worker's first
// start (the reconciliation that lists every stored page: from the navigation to its end, as the worker records it),
// then 20 restarts (the worker stopped through CDP before each navigation): the stored page's responseStart, and
// whether the reconciliation ran again (it should not within a day). The worker runs with no budget (`maxEntries`
// and `maxBytes` none), or 10,000 pages would be trimmed to the default 1,000. Writes bench/results/worker-start.md.
// Options: --pages N[,N…] (default 1,1000,10000), --rounds N (default 20).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';
import { fmt, stats } from './stats.mjs';

const arg = (/** @type {string} */ name) => process.argv[process.argv.indexOf(name) + 1];
const SIZES = (process.argv.includes('--pages') ? String(arg('--pages')) : '1,1000,10000').split(',').map(Number);
const ROUNDS = process.argv.includes('--rounds') ? Number(arg('--rounds')) : 20;
const worker = readFileSync('dist/sw-isr-worker.js', 'utf8');

const page = (/** @type {string} */ name) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${name}</title><meta name="isr:revalidate" content="3600"></head><body><main>
${'<p>A paragraph of the page.</p>'.repeat(30)}</main>
<script>navigator.serviceWorker.register('sw.js?manifest=&maxEntries=none&maxBytes=none')</script></body></html>`;
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path.endsWith('/sw.js'))
    return void res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' }).end(worker);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(page(path));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const ORIGIN = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({ executablePath: await findChromium(), args: ['--disable-gpu'] });

/** The worker's 'reconciled' mark (ms since the epoch), read from the page. @param {import('playwright-core').Page} tab */
const reconciled = (tab) =>
  tab.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sw-isr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('state').objectStore('state').get('reconciled');
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result ?? null);
          };
        };
      }),
  );

const rows = [];
try {
  for (const size of SIZES) {
    const context = await browser.newContext();
    context.setDefaultTimeout(120_000);
    const tab = await context.newPage();
    const first = `${ORIGIN}/c${size}/p-0.html`;
    await tab.goto(first);
    await tab.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await tab.goto(first);
    await tab.waitForFunction(
      async (url) => (await (await caches.open('sw-isr-pages-v1')).match(url)) !== undefined,
      first,
    );
    await tab.waitForTimeout(500);
    // Copies of the stored page and its record under other URLs, and a mark that asks for a reconciliation, as a
    // new worker's activation leaves.
    await tab.evaluate(async ([url, count]) => {
      const cache = await caches.open('sw-isr-pages-v1');
      const stored = /** @type {Response} */ (await cache.match(url));
      const body = await stored.arrayBuffer();
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('sw-isr');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const record = await new Promise((resolve) => {
        const request = db.transaction('pages').objectStore('pages').get(url);
        request.onsuccess = () => resolve(request.result);
      });
      const urls = Array.from({ length: count - 1 }, (_, i) => url.replace('p-0.html', `p-${i + 1}.html`));
      for (let i = 0; i < urls.length; i += 500)
        await Promise.all(
          urls.slice(i, i + 500).map((copy) => cache.put(copy, new Response(body, { headers: stored.headers }))),
        );
      const tx = db.transaction(['pages', 'state'], 'readwrite');
      for (const copy of urls) tx.objectStore('pages').put({ ...record, url: copy });
      tx.objectStore('state').put(0, 'reconciled');
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, /** @type {[string, number]} */ ([first, size]));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('ServiceWorker.enable');
    const stop = () => cdp.send('ServiceWorker.stopAllWorkers');
    const target = (/** @type {number} */ round) => `${ORIGIN}/c${size}/p-${(round * 7919) % size}.html`;

    // A new worker's first start: the reconciliation runs, in the background, once the answer is on its way.
    await stop();
    const started = Date.now();
    await tab.goto(target(1));
    let mark = 0;
    while (!((mark = /** @type {number} */ ((await reconciled(tab)) ?? 0)) > 0)) await tab.waitForTimeout(20);
    const reconcileMs = mark - started;

    const start = [];
    const statuses = new Set();
    for (let round = 0; round < ROUNDS; round += 1) {
      await stop();
      const response = await tab.goto(target(round + 2));
      statuses.add((await response?.headerValue('x-isr-cache')) ?? 'none');
      start.push(
        await tab.evaluate(
          () =>
            /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]).responseStart,
        ),
      );
    }
    await tab.waitForTimeout(1000);
    const again = (await reconciled(tab)) !== mark;
    const count = await tab.evaluate(async () => (await (await caches.open('sw-isr-pages-v1')).keys()).length);
    rows.push({ size, count, reconcileMs, start: stats(start), statuses: [...statuses].join(', '), again });
    console.log(rows.at(-1));
    await context.close();
  }
  const lines = [
    '# A worker starting with many stored pages',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${browser.version()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    `A new worker's first start, then ${ROUNDS} restarts (stopped through CDP before each navigation to a stored page).`,
    '',
    '| stored pages | a new worker’s first start: from the navigation to the reconciliation’s end (in the background) | a restart: responseStart, median (min–max) | answers | reconciled again at a restart |',
    '|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.count.toLocaleString('en')} | ${r.reconcileMs} ms | ${fmt(r.start)} ms | ${r.statuses} | ${r.again ? 'yes' : 'no'} |`,
    ),
    '',
  ];
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/worker-start.md', lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await browser.close();
  server.close();
}
