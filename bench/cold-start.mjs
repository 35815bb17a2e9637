// npm run bench (part of it): a stored page read through a stopped worker, sw-isr against the floor, in real
// Chromium. The floor is a bare worker that answers navigations with caches.match; both are stopped (CDP) before
// every navigation, so each answer includes the worker's start: script evaluation, what runs at start-up, and
// whatever the first answer waits for. Rounds are interleaved so that machine drift hits both alike.
// Options: --rounds N (default 60); --variant name=path adds another worker script (repeatable), to compare a
// change side by side in one run; --warm keeps the workers running instead (the hot path alone). Writes
// bench/results/cold-start.md (not with --warm or variants, which are for trying changes).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';
import { fmt, stats } from './stats.mjs';

const arg = (/** @type {string} */ name) =>
  process.argv.flatMap((value, index) => (process.argv[index - 1] === name ? [value] : []));
const ROUNDS = Number(arg('--rounds')[0] ?? 60);
const WARM = process.argv.includes('--warm');
const WARMUP = 3;
/** @type {Record<string, string>} */
const workers = {
  bare: readFileSync('bench/workers/bare-sw.js', 'utf8'),
  'sw-isr': readFileSync('dist/sw-isr-worker.js', 'utf8'),
};
for (const variant of arg('--variant')) {
  const [name, path] = variant.split('=');
  if (!name || !path) throw new Error(`--variant takes name=path, got ${variant}`);
  workers[name] = readFileSync(path, 'utf8');
}

const page = (
  /** @type {string} */ kind,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cold</title>
<meta name="isr:revalidate" content="3600"></head><body><main>${'<p>A paragraph of the page.</p>'.repeat(30)}</main>
<script>navigator.serviceWorker.register('sw.js${kind === 'bare' ? '' : '?manifest=&revalidate=3600'}')</script></body></html>`;
const server = createServer((req, res) => {
  const match = /^\/c\/([\w-]+)\/(.+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
  const kind = match?.[1] ?? '';
  if (!match || !(kind in workers)) return void res.writeHead(404).end();
  if (match[2] === 'sw.js')
    return void res
      .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' })
      .end(workers[kind]);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(page(kind));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const ORIGIN = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});

try {
  const cases = [];
  for (const kind of Object.keys(workers)) {
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    const tab = await context.newPage();
    const url = `${ORIGIN}/c/${kind}/nav.html`;
    await tab.goto(url);
    await tab.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await tab.goto(url);
    await tab.goto(url);
    await tab.waitForTimeout(500);
    const cdp = await context.newCDPSession(tab);
    await cdp.send('ServiceWorker.enable');
    cases.push({ kind, tab, url, cdp, start: /** @type {number[]} */ ([]), statuses: new Set() });
  }
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (const c of cases) {
      if (!WARM)
        await Promise.race([
          c.cdp.send('ServiceWorker.stopAllWorkers'),
          new Promise((_, reject) => setTimeout(() => reject(new Error('stopAllWorkers hung')), 10_000)),
        ]);
      const response = await c.tab.goto(c.url);
      c.statuses.add((await response?.headerValue('x-isr-cache')) ?? 'none');
      if (round < WARMUP) continue;
      c.start.push(
        await c.tab.evaluate(
          () =>
            /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]).responseStart,
        ),
      );
    }
  }
  const floor = stats(cases[0]?.start ?? []).median;
  const lines = [
    WARM ? '# A stored page through a running worker' : '# A stored page through a stopped worker',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${browser.version()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    `${ROUNDS} rounds after ${WARMUP} warm-up, interleaved; ${WARM ? 'the workers stay running' : 'every navigation starts the worker anew'}. responseStart in ms.`,
    '',
    '| worker | answers | median (min–max) | vs bare |',
    '|---|---|---:|---:|',
    ...cases.map((c) => {
      const s = stats(c.start);
      return `| ${c.kind} | ${[...c.statuses].join(', ')} | ${fmt(s)} | ${(s.median / floor).toFixed(2)}× |`;
    }),
    '',
  ];
  mkdirSync('bench/results', { recursive: true });
  if (!WARM && !arg('--variant').length) writeFileSync('bench/results/cold-start.md', lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await browser.close();
  server.close();
}
