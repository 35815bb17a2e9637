// npm run bench (part of it): a stored page read through a stopped worker, sw-isr against the floor, in real
// Chromium. The floor is a bare worker that answers navigations with caches.match; both are stopped (CDP) before
// every navigation, so each answer includes the worker's start: script evaluation, what runs at start-up, and
// whatever the first answer waits for. Rounds are interleaved so that machine drift hits both alike, each in a new
// order. Four controls run beside them: the bare worker again under another path (the run's own noise: its distance
// from 1.00×), the bare worker carrying sw-isr's script in a function it never calls (what sw-isr's code costs
// before any of it runs), the same bytes as a comment (bytes that are no code), and the bare worker importing that
// function from a second script at install only (a worker's imported scripts are stored with it: would moving code
// out of the main script make its start quicker?).
// Options: --rounds N (default 300); --variant name=path adds another worker script (repeatable), to compare a
// change side by side in one run; --warm keeps the workers running instead (the hot path alone). Writes
// bench/results/cold-start.md (not with --warm or variants, which are for trying changes).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';
import { fmt, ratioInterval, stats } from './stats.mjs';

const arg = (/** @type {string} */ name) =>
  process.argv.flatMap((value, index) => (process.argv[index - 1] === name ? [value] : []));
const ROUNDS = Number(arg('--rounds')[0] ?? 300);
const WARM = process.argv.includes('--warm');
const WARMUP = 3;
const BARE = readFileSync('bench/workers/bare-sw.js', 'utf8');
const OWN = readFileSync('dist/sw-isr-worker.js', 'utf8');
/** Each worker by its path segment (`/c/<name>/`), with its label in the table. */
const workers = {
  bare: { label: 'bare', script: BARE },
  'sw-isr': { label: 'sw-isr', script: OWN },
  again: { label: 'control: bare, again', script: BARE },
  bytes: {
    label: "control: bare + sw-isr's bytes, never run",
    script: `${BARE}\nfunction neverCalled() {\n${OWN}\n}\n`,
  },
  text: {
    label: "control: bare + sw-isr's bytes as a comment",
    script: `${BARE}\n/*\n${OWN.replaceAll('*/', '* /')}\n*/\n`,
  },
  imported: {
    label: "control: bare + sw-isr's bytes in a second script imported at install, never run at a start",
    script: `${BARE}\nself.addEventListener('install', () => importScripts('imported.js'));\n`,
  },
};
/** The second script of the last control. */
const IMPORTED = `self.neverCalled = function () {\n${OWN}\n};\n`;
for (const variant of arg('--variant')) {
  const [name, path] = variant.split('=');
  if (!name || !path || !/^[\w-]+$/.test(name) || name in workers)
    throw new Error(`--variant takes name=path with a new name of letters, digits, _ or -, got ${variant}`);
  Object.assign(workers, { [name]: { label: name, script: readFileSync(path, 'utf8') } });
}

const page = (
  /** @type {string} */ kind,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cold</title>
<meta name="isr:revalidate" content="3600"></head><body><main>${'<p>A paragraph of the page.</p>'.repeat(30)}</main>
<script>navigator.serviceWorker.register('sw.js${kind === 'bare' ? '' : '?manifest=&revalidate=3600'}')</script></body></html>`;
/** Requests for the last control's second script: none would mean that it measured a bare worker. */
let importsServed = 0;
const server = createServer((req, res) => {
  const match = /^\/c\/([\w-]+)\/(.+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
  const kind = match?.[1] ?? '';
  const worker = /** @type {Record<string, {script: string} | undefined>} */ (workers)[kind];
  if (!match || !worker) return void res.writeHead(404).end();
  if (match[2] === 'imported.js') importsServed += 1;
  if (match[2] === 'sw.js' || match[2] === 'imported.js')
    return void res
      .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' })
      .end(match[2] === 'sw.js' ? worker.script : IMPORTED);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(page(kind));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const ORIGIN = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});

/**
 * A copy of `items` in random order (Fisher–Yates).
 * @template T
 * @param {T[]} items
 */
const shuffled = (items) => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [/** @type {T} */ (copy[j]), /** @type {T} */ (copy[i])];
  }
  return copy;
};

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
    cases.push({
      kind,
      label: workers[/** @type {keyof typeof workers} */ (kind)].label,
      tab,
      url,
      cdp,
      start: /** @type {number[]} */ ([]),
      statuses: new Set(),
    });
  }
  // An exception in an install listener does not fail the install: a refused import would go unnoticed.
  if (!importsServed) throw new Error("the control's worker never asked for its second script (importScripts)");
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    // A fixed order let a worker's place in the round weigh on its figure: one bare worker came out 1.00× and
    // another copy of it 1.05× in one run of 300 rounds.
    for (const c of shuffled(cases)) {
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
  const floorSample = cases[0]?.start ?? [];
  const floor = stats(floorSample).median;
  const lines = [
    WARM ? '# A stored page through a running worker' : '# A stored page through a stopped worker',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${browser.version()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    `${ROUNDS} rounds after ${WARMUP} warm-up, interleaved in a new order each round; ${WARM ? 'the workers stay running' : 'every navigation starts the worker anew'}. responseStart in ms.`,
    '',
    '| worker | answers | median (min–max) | vs bare | 95% interval |',
    '|---|---|---:|---:|---:|',
    ...cases.map((c, index) => {
      const s = stats(c.start);
      const { low, high } = ratioInterval(c.start, floorSample);
      const interval = index === 0 ? '–' : `${low.toFixed(2)}–${high.toFixed(2)}×`;
      return `| ${c.label} | ${[...c.statuses].join(', ')} | ${fmt(s)} | ${(s.median / floor).toFixed(2)}× | ${interval} |`;
    }),
    '',
    "The interval is the bootstrap's 95% interval for the ratio of medians, rounds drawn as pairs (bench/stats.mjs).",
    'The first control is the bare worker again: where a worker identical to the floor lands in this run. The second',
    "carries sw-isr's script in a function it never calls: what its code alone costs at a start. The third carries",
    'the same bytes as a comment: what bytes cost that are no code. The fourth imports that function from a second',
    'script at install and never at a start: what such a split of the worker would cost.',
    '',
  ];
  mkdirSync('bench/results', { recursive: true });
  if (!WARM && !arg('--variant').length) writeFileSync('bench/results/cold-start.md', lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await browser.close();
  server.close();
}
