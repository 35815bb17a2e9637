// npm run bench (part of it): sw-isr against its peers, side by side in one run, in real Chromium.
//   1. cached navigation: no worker, a bare caches.match worker (the floor), Workbox SWR + Expiration + Broadcast,
//      sw-isr; worker running, and stopped first (CDP)
//   2. network work for N pages read after their interval, and again within it
//   3. K tabs opening one stale page at once: requests reaching the origin
//   4. scale: 100, 1,000 and 10,000 stored pages: a HIT, revalidateTag of one tag, storage used
//   5. size: min+gzip of sw-isr's files against the Workbox set doing the same job
// Writes bench/results/peers.md and bench/results/navigation.svg. Options: --rounds N (default 30).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { findChromium } from '../scripts/find-engines.mjs';
import { fmt, stats } from './stats.mjs';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > -1 ? Number(process.argv[roundsArg + 1]) : 30;
const WARMUP = 3;
const started = performance.now();

/** @param {string} entry @returns {Promise<string>} */
async function bundle(entry) {
  const out = /** @type {import('vite').Rollup.RollupOutput[]} */ (
    await build({
      logLevel: 'silent',
      configFile: false,
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: { write: false, minify: true, lib: { entry, formats: ['iife'], name: 'sw', fileName: () => 'sw.js' } },
    })
  );
  return out[0]?.output[0]?.code ?? '';
}
const workers = {
  isr: readFileSync('dist/sw-isr-worker.js', 'utf8'),
  workbox: await bundle('bench/workers/workbox-sw.js'),
  bare: await bundle('bench/workers/bare-sw.js'),
};

// --- the origin ------------------------------------------------------------------------------------------------
/** @type {{ path: string, status: number, bytes: number }[]} */
let log = [];
const pageBody = (/** @type {string} */ name) => {
  const text = `<p>${name}: a paragraph of the page.</p>`.repeat(30);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><meta name="isr:revalidate" content="5">
<meta name="isr:tags" content="${name.endsWith('0') ? 'tenth' : 'other'}"></head><body><main>${text}</main>
<script>navigator.serviceWorker.register('sw.js${'${QUERY}'}')</script></body></html>`;
};
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const match = /^\/c\/(\w+)\/(.+)$/.exec(url.pathname);
  if (!match) return void res.writeHead(404).end();
  const [, kind, file] = match;
  if (file === 'sw.js') {
    res
      .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' })
      .end(workers[/** @type {'isr'} */ (kind)] ?? '');
    return;
  }
  // No storage budget for sw-isr here: the scale runs keep up to 10,000 pages on purpose.
  const body = pageBody(file ?? '').replace(
    '${QUERY}',
    kind === 'isr' ? '?revalidate=1&manifest=&maxEntries=none&maxBytes=none' : '',
  );
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) {
    log.push({ path: url.pathname, status: 304, bytes: 0 });
    return void res.writeHead(304, { etag }).end();
  }
  log.push({ path: url.pathname, status: 200, bytes: Buffer.byteLength(body) });
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      etag,
      'content-length': Buffer.byteLength(body),
    })
    .end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const ORIGIN = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

// Every wait is bounded: a benchmark that hangs measures nothing.
const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});
const version = browser.version();

const progress = (/** @type {string} */ what) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

/** A browser context with `kind`'s worker in control and `pages` stored. */
async function prepared(/** @type {string} */ kind, /** @type {string[]} */ pages) {
  const context = await browser.newContext(kind === 'none' ? { serviceWorkers: 'block' } : {});
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/c/${kind}/${pages[0]}`);
  if (kind !== 'none') {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    for (const name of pages) {
      await page.goto(`${ORIGIN}/c/${kind}/${name}`);
      await page.goto(`${ORIGIN}/c/${kind}/${name}`);
    }
    await page.waitForTimeout(300);
  }
  return { context, page };
}

/** DevTools' stop of every worker, bounded: it can wait on a busy worker without end. */
async function stopWorkers(/** @type {import('playwright-core').CDPSession} */ cdp) {
  await Promise.race([
    cdp.send('ServiceWorker.stopAllWorkers'),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('ServiceWorker.stopAllWorkers did not return within 10 s')), 10_000),
    ),
  ]);
}

const lines = [
  `# sw-isr against its peers`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${version}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
  '',
];
/** @type {{name: string, median: number}[]} */
const chart = [];
try {
  // --- 1. cached navigation ------------------------------------------------------------------------------------
  const cases = [];
  for (const kind of process.env.ONLY_SCALE ? [] : ['none', 'bare', 'workbox', 'isr']) {
    for (const cold of kind === 'none' ? [false] : [false, true]) {
      const { context, page } = await prepared(kind, ['nav.html']);
      const cdp = cold ? await context.newCDPSession(page) : null;
      if (cdp) await cdp.send('ServiceWorker.enable');
      cases.push({
        kind,
        cold,
        page,
        cdp,
        start: /** @type {number[]} */ ([]),
        duration: /** @type {number[]} */ ([]),
      });
    }
  }
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (const c of cases) {
      if (c.cdp) await stopWorkers(c.cdp);
      await c.page.goto(`${ORIGIN}/c/${c.kind}/nav.html`);
      if (round < WARMUP) continue;
      const t = await c.page.evaluate(() => {
        const [e] = /** @type {PerformanceNavigationTiming[]} */ (performance.getEntriesByType('navigation'));
        return { start: e?.responseStart ?? NaN, duration: e?.duration ?? NaN };
      });
      c.start.push(t.start);
      c.duration.push(t.duration);
    }
  }
  const label = (/** @type {{kind: string, cold: boolean}} */ c) =>
    `${{ none: 'no worker (network)', bare: 'bare caches.match worker', workbox: 'Workbox SWR + Expiration', isr: 'sw-isr' }[c.kind]}${c.cold ? ', worker stopped' : ''}`;
  const bareWarm = stats(cases.find((c) => c.kind === 'bare' && !c.cold)?.start ?? []).median;
  const bareCold = stats(cases.find((c) => c.kind === 'bare' && c.cold)?.start ?? []).median;
  lines.push(
    `## 1. Cached navigation (${ROUNDS} rounds after ${WARMUP} warm-up, interleaved; ms, median (min–max))`,
    '',
    '| case | responseStart | duration | responseStart vs the bare worker |',
    '|---|---:|---:|---:|',
  );
  for (const c of cases) {
    const s = stats(c.start);
    chart.push({ name: label(c), median: s.median });
    const floor = c.cold ? bareCold : bareWarm;
    lines.push(
      `| ${label(c)} | ${fmt(s)} | ${fmt(stats(c.duration))} | ${c.kind === 'none' ? '–' : `${(s.median / floor).toFixed(2)}×`} |`,
    );
  }
  for (const c of cases) await c.page.context().close();

  progress('navigation timing done');
  // --- 2. network work for N pages -----------------------------------------------------------------------------
  const N = 20;
  const names = Array.from({ length: N }, (_, i) => `work-${i}.html`);
  lines.push(
    '',
    `## 2. Network work: ${N} stored pages read again (content unchanged; sw-isr interval 5 s; the origin sends ETags, so Workbox's refetches are answered 304 through the HTTP cache)`,
    '',
    '| case | after the interval: requests | body bytes | within the interval: requests | body bytes |',
    '|---|---:|---:|---:|---:|',
  );
  for (const kind of process.env.ONLY_SCALE ? [] : ['workbox', 'isr']) {
    const { context, page } = await prepared(kind, names);
    await page.waitForTimeout(5200);
    const read = async () => {
      log = [];
      for (const name of names) await page.goto(`${ORIGIN}/c/${kind}/${name}`);
      await page.waitForTimeout(500);
      return { requests: log.length, bytes: log.reduce((sum, e) => sum + e.bytes, 0) };
    };
    const after = await read();
    const within = await read();
    lines.push(
      `| ${kind === 'isr' ? 'sw-isr (conditional, 304)' : 'Workbox SWR (refetch on every hit)'} | ${after.requests} | ${after.bytes} | ${within.requests} | ${within.bytes} |`,
    );
    await context.close();
  }

  progress('network work done');
  // --- 3. K tabs on one stale page -----------------------------------------------------------------------------
  lines.push(
    '',
    '## 3. K tabs opening one stale page at once: requests reaching the origin',
    '',
    '| case | K = 5 | K = 10 |',
    '|---|---:|---:|',
  );
  for (const kind of process.env.ONLY_SCALE ? [] : ['workbox', 'isr']) {
    const counts = [];
    for (const k of [5, 10]) {
      const { context } = await prepared(kind, ['tabs.html']);
      await new Promise((resolve) => setTimeout(resolve, 5200));
      const tabs = await Promise.all(Array.from({ length: k }, () => context.newPage()));
      log = [];
      await Promise.all(tabs.map((tab) => tab.goto(`${ORIGIN}/c/${kind}/tabs.html`)));
      await new Promise((resolve) => setTimeout(resolve, 800));
      counts.push(log.length);
      await context.close();
    }
    lines.push(`| ${kind === 'isr' ? 'sw-isr' : 'Workbox SWR'} | ${counts[0]} | ${counts[1]} |`);
  }

  progress('tabs done');
  // --- 4. scale --------------------------------------------------------------------------------------------------
  lines.push(
    '',
    '## 4. Scale: sw-isr with many stored pages (ms, median of 15)',
    '',
    '| stored pages | HIT responseStart | revalidateTag, 1 tag of 10 pages (soft, until marked) | IndexedDB | Cache Storage |',
    '|---:|---:|---:|---:|---:|',
  );
  for (const size of (process.env.SIZES ?? '100,1000,10000').split(',').map(Number)) {
    progress(`preparing ${size}`);
    const { context, page } = await prepared('isr', ['scale.html']);
    progress(`prepared ${size}`);
    // The worker makes its database on its first store; filling it before would make a database of the page's own.
    await page.waitForFunction(async () =>
      (await indexedDB.databases()).some((db) => db.name === 'sw-isr' && db.version === 2),
    );
    // Fill the worker's own stores the way it writes them: stamped responses and their records.
    await page.evaluate(
      async ({ size, origin }) => {
        const cache = await caches.open('sw-isr-pages-v1');
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.open('sw-isr');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
          open.onblocked = () => reject(new Error('blocked'));
        });
        const body = '<!doctype html><main>' + 'filler '.repeat(150) + '</main>';
        const now = Date.now();
        for (let start = 0; start < size; start += 100) {
          const batch = [];
          const tx = /** @type {IDBDatabase} */ (db).transaction('pages', 'readwrite');
          // Listened to at once: the transaction may commit while the cache writes below are still going.
          const committed = new Promise((resolve, reject) => {
            tx.oncomplete = resolve;
            tx.onabort = () => reject(tx.error);
          });
          for (let i = start; i < Math.min(size, start + 100); i += 1) {
            const url = `${origin}/c/isr/filler-${i}.html`;
            const tags = i < 10 ? ['chosen'] : ['other'];
            batch.push(
              cache.put(
                url,
                new Response(body, {
                  headers: {
                    'content-type': 'text/html',
                    'x-isr-stamp-fetched-at': String(now),
                    'x-isr-stamp-version': String(now),
                    'x-isr-stamp-revalidate': '3600',
                    'x-isr-stamp-hash': 'f'.repeat(64),
                    'x-isr-stamp-tags': tags.join(','),
                  },
                }),
              ),
            );
            tx.objectStore('pages').put({
              url,
              fetchedAt: now,
              version: now,
              revalidate: 3600,
              hash: 'f'.repeat(64),
              tags,
              etag: null,
              lastModified: null,
              size: body.length,
              lastAccessedAt: now - i,
            });
          }
          await Promise.all([...batch, committed]);
        }
        /** @type {IDBDatabase} */ (db).close();
      },
      { size, origin: ORIGIN },
    );
    progress(`filled ${size} pages`);
    const url = `${ORIGIN}/c/isr/filler-${size - 1}.html`;
    const hits = [];
    for (let i = 0; i < 15; i += 1) {
      await page.goto(url);
      hits.push(
        await page.evaluate(
          () =>
            /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]).responseStart,
        ),
      );
    }
    progress(`HITs at ${size}`);
    const tagTimes = [];
    for (let i = 0; i < 5; i += 1) {
      tagTimes.push(
        await page.evaluate(async () => {
          const worker = navigator.serviceWorker.controller;
          const t0 = performance.now();
          await new Promise((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = resolve;
            worker?.postMessage({ meta: 'sw-isr', type: 'invalidate', paths: [], tags: ['chosen'], hard: false }, [
              channel.port2,
            ]);
          });
          return performance.now() - t0;
        }),
      );
    }
    progress(`revalidateTag at ${size}`);
    const usage = await page.evaluate(
      async () =>
        /** @type {{usageDetails?: Record<string, number>}} */ (await navigator.storage.estimate()).usageDetails ?? {},
    );
    const mb = (/** @type {number | undefined} */ bytes) => `${((bytes ?? 0) / 1024 / 1024).toFixed(1)} MB`;
    lines.push(
      `| ${size.toLocaleString('en')} | ${stats(hits).median.toFixed(1)} | ${stats(tagTimes).median.toFixed(1)} | ${mb(usage.indexedDB)} | ${mb(usage.caches)} |`,
    );
    await context.close();
  }

  // --- 5. size ---------------------------------------------------------------------------------------------------
  const gz = (/** @type {string | Buffer} */ code) => (gzipSync(code, { level: 9 }).length / 1024).toFixed(2);
  lines.push(
    '',
    '## 5. Size (min+gzip, KB)',
    '',
    '| file | min+gzip |',
    '|---|---:|',
    `| sw-isr worker (\`dist/sw-isr-worker.js\`: routing, idb, revalidation, manifest, invalidation, healing) | ${gz(workers.isr)} |`,
    `| Workbox set (core + routing + strategies + expiration + broadcast-update), as bundled here | ${gz(workers.workbox)} |`,
    `| sw-isr script tag (\`dist/sw-isr.js\`) | ${gz(readFileSync('dist/sw-isr.js'))} |`,
    `| its banner, loaded from a file of its own (\`dist/sw-isr-banner.js\`) | ${gz(readFileSync('dist/sw-isr-banner.js'))} |`,
    `| its router glue, loaded only on a page with a client-side router (\`dist/sw-isr-routers.js\`) | ${gz(readFileSync('dist/sw-isr-routers.js'))} |`,
    `| bare caches.match worker (the floor) | ${gz(workers.bare)} |`,
  );
  lines.push('', `Whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  await browser.close();
  server.close();
}

// --- output ------------------------------------------------------------------------------------------------------
const width = 640;
const barHeight = 22;
const max = Math.max(...chart.map((c) => c.median), 1);
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${chart.length * (barHeight + 8) + 40}" font-family="system-ui, sans-serif" font-size="12">`,
  `<text x="0" y="14" font-weight="600">Cached navigation, median responseStart (ms), Chromium ${version}</text>`,
  ...chart.map((c, i) => {
    const y = 26 + i * (barHeight + 8);
    const w = Math.max(1, (c.median / max) * (width - 330));
    const fill = c.name.startsWith('sw-isr') ? '#3b6fd8' : '#9aa3b5';
    return `<text x="0" y="${y + 15}">${c.name}</text><rect x="250" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${fill}"/><text x="${(255 + w).toFixed(1)}" y="${y + 15}">${c.median.toFixed(1)}</text>`;
  }),
  '</svg>',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/peers.md', `${lines.join('\n')}\n`);
writeFileSync('bench/results/navigation.svg', `${svg}\n`);
console.log(lines.join('\n'));
