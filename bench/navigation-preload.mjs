// npm run bench (part of it): should the worker turn navigation preload on? sw-isr with `navigationPreload` off and
// on, side by side, against a small origin of its own that waits before each page (0 ms: loopback; 50 ms: a real
// network round trip). Cases, interleaved round by round (off/on order alternating) so that machine drift hits them
// all alike:
//   MISS, worker stopped first   a page never stored (a fresh path each round); CDP stops the worker before
//   MISS, worker running
//   HIT, worker stopped first    a stored, fresh page (revalidate 3600 s)
//   HIT, worker running
// Chromium ships ServiceWorkerAutoPreload (on by default in the Chromium 156 measured here): a navigation that has to
// start the worker is sent to the network in parallel (without the Service-Worker-Navigation-Preload header), one
// origin request per read of a stored page after the worker went idle. The worker opts out of it with a static route
// unless navigation preload is on. Every setting runs twice, in two browsers interleaved: Chromium as it ships, and
// with that feature disabled; the two agree when the opt-out works.
// Reports median, min and max of responseStart (Navigation Timing) and the page requests the origin received per
// navigation (and how many carried the preload header). Every navigation's x-isr-cache is checked.
// Writes bench/results/navigation-preload.md. Options: --rounds N (default 20), --delays 0,50 (ms).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';
import { fmt, stats } from './stats.mjs';

const arg = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const at = process.argv.indexOf(name);
  return at > -1 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const ROUNDS = Number(arg('--rounds', '20'));
const DELAYS = arg('--delays', '0,50').split(',').map(Number);
const WARMUP = 3;
const started = performance.now();
const progress = (/** @type {string} */ what) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

const BROWSERS = [
  {
    key: 'shipped',
    label: 'Chromium as shipped (ServiceWorkerAutoPreload on; the worker opts out of it unless preload is on)',
    args: [],
  },
  {
    key: 'api-only',
    label: 'ServiceWorkerAutoPreload disabled (the navigation preload API alone)',
    args: ['--disable-features=ServiceWorkerAutoPreload'],
  },
];
const CASES = [
  { key: 'miss-cold', label: 'MISS, worker stopped first', miss: true, cold: true },
  { key: 'miss-warm', label: 'MISS, worker running', miss: true, cold: false },
  { key: 'hit-cold', label: 'HIT, worker stopped first', miss: false, cold: true },
  { key: 'hit-warm', label: 'HIT, worker running', miss: false, cold: false },
];

const files = {
  '/sw-isr.js': readFileSync('dist/sw-isr.js'),
  '/sw-isr-banner.js': readFileSync('dist/sw-isr-banner.js'),
  '/sw-isr-worker.js': readFileSync('dist/sw-isr-worker.js'),
};

/** @typedef {{ path: string, preload: boolean, status: number, during: string }} Hit */

/**
 * An origin of its own: pages at /p/<anything> (about 5 KB, no-cache, strong ETag, answered after `delay` ms), the
 * prebuilt script tag, its banner and the worker (no-cache). The script tag asks for a long interval and no manifest
 * (no background request in the way), and for navigation preload when `preload`. Each request is logged with the case under way
 * when it arrived (`during`): a preload, the browser's or ours, arrives as the navigation starts.
 * @param {number} delay @param {boolean} preload
 */
async function createOrigin(delay, preload) {
  /** @type {Hit[]} */
  const log = [];
  const state = { during: 'setup' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const hit = {
      path,
      preload: req.headers['service-worker-navigation-preload'] !== undefined,
      status: 0,
      during: state.during,
    };
    log.push(hit);
    const file = files[/** @type {keyof typeof files} */ (path)];
    if (file) {
      hit.status = 200;
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' }).end(file);
      return;
    }
    if (!path.startsWith('/p/')) {
      hit.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const text = `<p>${path}: a paragraph of the page, long enough to make the page about five kilobytes.</p>\n`.repeat(
      55,
    );
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${path}</title>
<script src="/sw-isr.js" data-revalidate="3600" data-manifest=""${preload ? ' data-navigation-preload="true"' : ''} defer></script>
</head><body><main>${text}</main></body></html>\n`;
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
    setTimeout(() => {
      if (req.headers['if-none-match'] === etag) {
        hit.status = 304;
        res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
        return;
      }
      hit.status = 200;
      res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          etag,
          'content-length': Buffer.byteLength(body),
        })
        .end(body);
    }, delay);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  return {
    server,
    log,
    state,
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}

/**
 * One context per (browser, delay, preload): the worker in control, /p/hit stored, a CDP session that stops
 * workers and follows their running status.
 * @param {{key: string, label: string, browser: import('playwright-core').Browser}} b @param {number} delay @param {boolean} preload
 */
async function prepare(b, delay, preload) {
  const { server, log, state, origin } = await createOrigin(delay, preload);
  const context = await b.browser.newContext();
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  /** @type {Map<string, {runningStatus: string, status: string}>} */
  const versions = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const v of updated) versions.set(v.versionId, { runningStatus: v.runningStatus, status: v.status });
  });
  await cdp.send('ServiceWorker.enable');
  // The first visit installs the worker, which claims the tab and stores the page (the store's warm-up request).
  await page.goto(`${origin}/p/hit`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
  const { enabled } = await page.evaluate(async () =>
    (await navigator.serviceWorker.ready).navigationPreload.getState(),
  );
  if (enabled !== preload)
    throw new Error(`navigationPreload ${preload}: the registration says navigation preload enabled = ${enabled}`);
  const response = await page.goto(`${origin}/p/hit`);
  if (response?.headers()['x-isr-cache'] !== 'HIT')
    throw new Error(`setup: /p/hit answered ${response?.headers()['x-isr-cache']}, not HIT`);
  await page.waitForTimeout(300);

  /** DevTools' stop of the context's workers, bounded (it can wait on a busy worker without end), then a check that it is stopped. */
  async function stopWorker() {
    await Promise.race([
      cdp.send('ServiceWorker.stopAllWorkers'),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('ServiceWorker.stopAllWorkers did not return within 10 s')), 10_000),
      ),
    ]);
    const deadline = Date.now() + 3000;
    const stopped = () =>
      [...versions.values()].filter((v) => v.status === 'activated').every((v) => v.runningStatus === 'stopped');
    while (!stopped()) {
      if (Date.now() > deadline) throw new Error(`the worker did not stop: ${JSON.stringify([...versions.values()])}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return { browser: b, delay, preload, server, log, state, origin, context, page, stopWorker, enabled };
}

/** @typedef {Awaited<ReturnType<typeof prepare>>} Setup */
const executablePath = await findChromium();
/** @type {{key: string, label: string, browser: import('playwright-core').Browser}[]} */
const browsers = [];
/** @type {Setup[]} */
const setups = [];
const lines = ['# Navigation preload: off (the default) against on', ''];
try {
  for (const b of BROWSERS)
    browsers.push({
      ...b,
      browser: await chromium.launch({ executablePath, args: ['--disable-gpu', '--disable-quic', ...b.args] }),
    });
  lines.push(
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${browsers[0]?.browser.version()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    'Origin: node:http on loopback, pages of about 5 KB (no-cache, ETag) answered after an artificial delay; script tag `data-revalidate="3600" data-manifest=""`, plus `data-navigation-preload="true"` for "on".',
    `${ROUNDS} rounds after ${WARMUP} warm-up rounds, every case, both settings and both browsers interleaved; responseStart from the Navigation Timing entry, ms: median (min–max).`,
    "Chromium ships ServiceWorkerAutoPreload, on by default in this build: with navigation preload off, a navigation that has to start the worker goes to the network in parallel anyway, and the worker's `fetch(event.request)` gets that response. Hence two browsers: as shipped, and with the feature disabled, which is the navigation preload API alone.",
    '',
  );
  for (const b of browsers)
    for (const delay of DELAYS) for (const preload of [false, true]) setups.push(await prepare(b, delay, preload));
  for (const s of setups) s.log.length = 0;
  progress('contexts ready');

  /** @type {Map<string, number[]>} */
  const samples = new Map();
  /** @type {Map<string, number>} navigations per setup and case, warm-up included */
  const navigations = new Map();
  const id = (/** @type {Setup} */ s, /** @type {string} */ key) => `${s.browser.key}/${s.delay}/${s.preload}/${key}`;
  let unique = 0;
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (const c of CASES) {
      for (const b of browsers) {
        for (const delay of DELAYS) {
          const pair = setups.filter((s) => s.browser === b && s.delay === delay);
          for (const s of round % 2 ? pair.reverse() : pair) {
            if (c.cold) await s.stopWorker();
            s.state.during = c.key;
            const path = c.miss ? `/p/miss-${(unique += 1)}` : '/p/hit';
            const response = await s.page.goto(`${s.origin}${path}`);
            const verdict = response?.headers()['x-isr-cache'];
            const expected = c.miss ? 'MISS' : 'HIT';
            if (verdict !== expected)
              throw new Error(
                `${b.key}, delay ${delay} ms, preload ${s.preload}, ${c.label}: expected x-isr-cache ${expected}, got ${verdict}`,
              );
            navigations.set(id(s, c.key), (navigations.get(id(s, c.key)) ?? 0) + 1);
            const start = await s.page.evaluate(
              () =>
                /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0])
                  .responseStart,
            );
            // A MISS is stored in the background: let it finish (the page hears of it) before the next navigation.
            if (c.miss)
              await s.page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null, undefined, {
                timeout: 5000,
              });
            s.state.during = 'between';
            if (round < WARMUP) continue;
            const bucket = samples.get(id(s, c.key)) ?? [];
            bucket.push(start);
            samples.set(id(s, c.key), bucket);
          }
        }
      }
    }
    if (round === WARMUP - 1 || (round + 1) % 5 === 0) progress(`round ${round + 1} of ${WARMUP + ROUNDS}`);
  }
  // Late answers: a discarded preload is still answered after the navigation that started it.
  await new Promise((resolve) => setTimeout(resolve, 500));

  /** @type {Record<string, number>} */
  const medians = {};
  /** @type {Record<string, number>} page requests per navigation */
  const perNav = {};
  const problems = [];
  for (const b of browsers) {
    lines.push(
      `## ${b.label}`,
      '',
      '### responseStart (ms)',
      '',
      '| origin delay | case | preload off | preload on | on − off (medians) |',
      '|---:|---|---:|---:|---:|',
    );
    for (const delay of DELAYS) {
      const setupFor = (/** @type {boolean} */ preload) => {
        const found = setups.find((s) => s.browser === b && s.delay === delay && s.preload === preload);
        if (!found) throw new Error(`no setup for delay ${delay}, preload ${preload}`);
        return found;
      };
      const [off, on] = [setupFor(false), setupFor(true)];
      for (const c of CASES) {
        const x = stats(samples.get(id(off, c.key)) ?? []);
        const y = stats(samples.get(id(on, c.key)) ?? []);
        medians[id(off, c.key)] = x.median;
        medians[id(on, c.key)] = y.median;
        const diff = y.median - x.median;
        lines.push(
          `| ${delay} ms | ${c.label} | ${fmt(x)} | ${fmt(y)} | ${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)} |`,
        );
      }
    }
    lines.push(
      '',
      `### Page requests the origin received per navigation (${WARMUP + ROUNDS} navigations per cell, warm-up included): all (with the Service-Worker-Navigation-Preload header)`,
      '',
      `| origin delay | preload | ${CASES.map((c) => c.label).join(' | ')} | other requests | registration: preload enabled |`,
      `|---:|---|${CASES.map(() => '---:|').join('')}---|---|`,
    );
    for (const s of setups.filter((x) => x.browser === b)) {
      const cells = CASES.map((c) => {
        const n = navigations.get(id(s, c.key)) ?? 0;
        const page = s.log.filter((h) => h.path.startsWith('/p/') && h.during === c.key);
        perNav[id(s, c.key)] = page.length / n;
        const wrong = page.filter((h) => (c.miss ? h.path === '/p/hit' : h.path !== '/p/hit'));
        if (wrong.length)
          problems.push(
            `${b.key}, ${s.delay} ms, preload ${s.preload}, ${c.label}: requests for another case's page: ${wrong.map((h) => h.path).join(', ')}`,
          );
        return `${(page.length / n).toFixed(2)} (${(page.filter((h) => h.preload).length / n).toFixed(2)})`;
      });
      /** @type {Record<string, number>} */
      const others = {};
      for (const h of s.log.filter((x) => !x.path.startsWith('/p/') || !CASES.some((c) => c.key === x.during))) {
        const what = h.path.startsWith('/p/') ? `${h.path} (${h.during})` : h.path;
        others[what] = (others[what] ?? 0) + 1;
      }
      lines.push(
        `| ${s.delay} ms | ${s.preload ? 'on' : 'off'} | ${cells.join(' | ')} | ${
          Object.entries(others)
            .map(([p, n]) => `${p} × ${n}`)
            .join(', ') || 'none'
        } | ${s.enabled} |`,
      );
      const tag = `${b.key}, ${s.delay} ms, preload ${s.preload ? 'on' : 'off'}`;
      if (!s.preload && s.log.some((h) => h.preload))
        problems.push(`${tag}: ${s.log.filter((h) => h.preload).length} requests carried the preload header`);
      if (
        s.preload &&
        s.log.some((h) => h.path.startsWith('/p/') && !h.preload && CASES.some((c) => c.key === h.during))
      )
        problems.push(`${tag}: page requests without the preload header (the worker fetched as well as the preload)`);
      if (perNav[id(s, 'miss-cold')] !== 1 || perNav[id(s, 'miss-warm')] !== 1)
        problems.push(`${tag}: a MISS did not cost exactly one page request`);
      if (!s.preload && perNav[id(s, 'hit-warm')] !== 0)
        problems.push(`${tag}: a fresh HIT with the worker running made page requests`);
      if (!s.preload && b.key === 'api-only' && perNav[id(s, 'hit-cold')] !== 0)
        problems.push(`${tag}: a fresh HIT with the worker stopped made page requests`);
      if (s.preload && (perNav[id(s, 'hit-cold')] !== 1 || perNav[id(s, 'hit-warm')] !== 1))
        problems.push(`${tag}: a HIT did not cost exactly one (preload) request`);
    }
    lines.push('');
  }
  lines.push(
    problems.length
      ? '**Unexpected:**'
      : 'Requests: every MISS cost exactly one page request, every navigation with preload on carried the header and no other page request was made; with it off, no request carried the header.',
    '',
    ...problems.map((p) => `- ${p}`),
  );
  if (problems.length) lines.push('');

  // --- conclusion ----------------------------------------------------------------------------------------------------
  const far = Math.max(...DELAYS);
  const near = Math.min(...DELAYS);
  const key = (/** @type {string} */ b, /** @type {number} */ d, /** @type {boolean} */ p, /** @type {string} */ c) =>
    `${b}/${d}/${p}/${c}`;
  const m = (/** @type {string} */ b, /** @type {number} */ d, /** @type {boolean} */ p, /** @type {string} */ c) =>
    medians[key(b, d, p, c)] ?? NaN;
  const req = (/** @type {string} */ b, /** @type {number} */ d, /** @type {boolean} */ p, /** @type {string} */ c) =>
    (perNav[key(b, d, p, c)] ?? NaN).toFixed(2);
  const saves = (/** @type {string} */ b, /** @type {number} */ d, /** @type {string} */ c) => {
    const ms = m(b, d, false, c) - m(b, d, true, c);
    return `${ms >= 0 ? 'saves' : 'costs'} ${Math.abs(ms).toFixed(1)} ms (${m(b, d, false, c).toFixed(1)} → ${m(b, d, true, c).toFixed(1)})`;
  };
  const hitMoves = browsers.flatMap((b) =>
    DELAYS.flatMap((d) => ['hit-cold', 'hit-warm'].map((c) => m(b.key, d, true, c) - m(b.key, d, false, c))),
  );
  const signed = (/** @type {number} */ x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
  const optedOut = Number(req('shipped', far, false, 'hit-cold')) === 0;
  lines.push(
    '## Conclusion',
    '',
    `Preload ${saves('shipped', far, 'miss-cold')} on a MISS with the worker stopped at ${far} ms of origin delay and ${saves('shipped', near, 'miss-cold')} at ${near} ms; ` +
      `with the worker running it ${saves('shipped', far, 'miss-warm')} at ${far} ms (Chromium as shipped; with its auto-preload disabled: ${saves('api-only', far, 'miss-cold')} and ${saves('api-only', far, 'miss-warm')}). ` +
      `A fresh HIT is answered from Cache Storage without waiting for the preload, so preload cannot make it faster (on − off medians from ${signed(Math.min(...hitMoves))} to ${signed(Math.max(...hitMoves))} ms over the ${hitMoves.length} HIT rows: noise), but with preload on each HIT costs a page request: ` +
      `${req('shipped', far, true, 'hit-warm')} per HIT with the worker running and ${req('shipped', far, true, 'hit-cold')} with it stopped, against ${req('shipped', far, false, 'hit-warm')} and ${req('shipped', far, false, 'hit-cold')} off. ` +
      (optedOut
        ? "With preload off, the worker's opt-out keeps Chromium's auto-preload from sending its own request for a stopped worker's HIT. "
        : "With preload off, Chromium's auto-preload still sent a request for a stopped worker's HIT: the opt-out did not take (see the request table). ") +
      (Number(req('shipped', far, true, 'hit-warm')) > Number(req('shipped', far, false, 'hit-warm'))
        ? "The gain is on a reader's first visit to a page; the cost is a request on every read of a stored page, which is most reads on an ISR site and exactly what it exists to avoid: off stays the default, and on suits a site whose pages are mostly read once."
        : 'Preload cost no extra request on a fresh HIT in this run, against the design (see the request table).'),
  );
  lines.push('', `Whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  for (const b of browsers) await b.browser.close();
  for (const s of setups) s.server.close();
}

console.log(lines.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/navigation-preload.md', `${lines.join('\n')}\n`);
