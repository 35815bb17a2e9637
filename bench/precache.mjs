// npm run bench (part of it): precaching the demo. The demo origin (demo/server.mjs) serves a live /isr-manifest.json
// whose `precache` list names its pages and files with revisions; the worker stores them at install, before it takes
// control. In fresh browser contexts (a first visit each, nothing stored, empty HTTP cache): goto / and time, from
// navigation start, the registration, the worker taking control and the page's store reporting offlineReady.
// Counts the requests the worker made (Playwright's service worker network events) and those that reached the
// origin (a counting proxy in front of the demo server), and the bytes stored (every Cache Storage entry's body,
// and navigator.storage.estimate()). Then two deploys with nothing changed, each announced by a focus check
// (visibilitychange → the store asks the worker): the manifest unchanged (304), and the manifest rebuilt with the
// same pages and files but a new `generatedAt` (a new ETag, 200), as a real rebuild writes it.
// Writes bench/results/precache.md. Options: --runs N (default 5).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';
import { stats } from './stats.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > -1 ? Number(process.argv[runsArg + 1]) : 5;
const started = performance.now();
const progress = (/** @type {string} */ what) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the demo origin, and a counting proxy in front of it ----------------------------------------------------------
const demo = spawn('node', ['demo/server.mjs', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const upstreamPort = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('demo/server.mjs did not start within 10 s')), 10_000);
  demo.stdout.on('data', (/** @type {Buffer} */ chunk) => {
    const port = /127\.0\.0\.1:(\d+)/.exec(chunk.toString())?.[1];
    if (port) {
      clearTimeout(timer);
      resolve(Number(port));
    }
  });
  demo.once('exit', (code) => reject(new Error(`demo/server.mjs exited with ${code}`)));
});

/** @typedef {{ path: string, status: number, bytes: number, dest: string, conditional: boolean }} OriginHit */
/** @type {OriginHit[]} */
let originLog = [];
/** When set, the manifest is answered as a rebuild would write it: same pages and files, this generatedAt. */
let rebuiltAt = /** @type {string | null} */ (null);

const proxy = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const hit = {
    path,
    status: 0,
    bytes: 0,
    dest: String(req.headers['sec-fetch-dest'] ?? ''),
    conditional: Boolean(req.headers['if-none-match'] || req.headers['if-modified-since']),
  };
  originLog.push(hit);
  const rewrite = rebuiltAt !== null && path === '/isr-manifest.json';
  const headers = { ...req.headers };
  if (rewrite) {
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
  }
  const upstream = httpRequest(
    { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers },
    (up) => {
      if (!rewrite || up.statusCode !== 200) {
        hit.status = up.statusCode ?? 0;
        res.writeHead(hit.status, up.headers);
        up.on('data', (/** @type {Buffer} */ chunk) => (hit.bytes += chunk.length));
        up.pipe(res);
        return;
      }
      /** @type {Buffer[]} */
      const chunks = [];
      up.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
      up.on('end', () => {
        const body = JSON.stringify({ ...JSON.parse(Buffer.concat(chunks).toString()), generatedAt: rebuiltAt });
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
        if (req.headers['if-none-match'] === etag) {
          hit.status = 304;
          res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
          return;
        }
        hit.status = 200;
        hit.bytes = Buffer.byteLength(body);
        res.writeHead(200, { 'content-type': 'application/json', etag, 'cache-control': 'no-cache' }).end(body);
      });
    },
  );
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = proxy.address();
const ORIGIN = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});

// Timestamps taken in the page itself: the registration call, the worker taking control, and the first snapshot of
// the store that says offlineReady (its subscribe, hooked as the script tag sets window.swIsr).
const INIT = () => {
  const marks = { register: NaN, controller: NaN, ready: NaN };
  Object.defineProperty(window, '__marks', { value: marks });
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (...args) {
    marks.register = performance.now();
    return register.apply(this, args);
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => (marks.controller = performance.now()), {
    once: true,
  });
  /** @type {any} */
  let store;
  Object.defineProperty(window, 'swIsr', {
    configurable: true,
    get: () => store,
    set: (value) => {
      store = value;
      value.subscribe(() => {
        if (Number.isNaN(marks.ready) && value.getSnapshot().offlineReady) marks.ready = performance.now();
      });
    },
  });
};

/** @typedef {{ url: string, path: string, status: number | null }} WorkerRequest */

/** Everything stored, from the page: every Cache Storage entry's body, and the browser's estimate of the origin's usage. */
async function storage(/** @type {import('playwright-core').Page} */ page) {
  return page.evaluate(async () => {
    /** @type {{name: string, entries: number, bytes: number}[]} */
    const perCache = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      let bytes = 0;
      const requests = await cache.keys();
      for (const request of requests) bytes += (await (await cache.match(request))?.arrayBuffer())?.byteLength ?? 0;
      perCache.push({ name, entries: requests.length, bytes });
    }
    const estimate = /** @type {StorageEstimate & {usageDetails?: Record<string, number>}} */ (
      await navigator.storage.estimate()
    );
    return { perCache, usage: estimate.usage ?? NaN, details: estimate.usageDetails ?? {} };
  });
}

/** Waits until the worker has made no request for `quiet` ms (bounded). */
async function settle(/** @type {WorkerRequest[]} */ requests, quiet = 1000, limit = 15_000) {
  const deadline = Date.now() + limit;
  let count = -1;
  while (Date.now() < deadline) {
    if (requests.length === count && requests.every((r) => r.status !== null)) return;
    count = requests.length;
    await sleep(quiet);
  }
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const byPath = (/** @type {{path: string, status: number | null}[]} */ list) => {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const r of list) counts[`${r.path} ${r.status ?? '–'}`] = (counts[`${r.path} ${r.status ?? '–'}`] ?? 0) + 1;
  return (
    Object.entries(counts)
      .map(([k, n]) => (n > 1 ? `${k} × ${n}` : k))
      .join(', ') || 'none'
  );
};

const lines = [
  '# Precaching the demo',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${browser.version()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
  'Origin: demo/server.mjs on loopback behind a counting proxy; its /isr-manifest.json declares the precache list with revisions. A fresh context per run: first visit to /, nothing stored, empty HTTP cache.',
  '',
];
/** @type {string[]} */
const problems = [];
try {
  /** @type {{ marks: {register: number, controller: number, ready: number}, total: number, failed: number, worker: WorkerRequest[], origin: OriginHit[], store: Awaited<ReturnType<typeof storage>> }[]} */
  const runs = [];
  /** @type {import('playwright-core').BrowserContext | null} */
  let last = null;
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    await context.addInitScript(INIT);
    /** @type {WorkerRequest[]} */
    const worker = [];
    context.on('request', (request) => {
      // The worker's own fetches; its script, which the browser fetches to install it, is counted at the origin only.
      if (!request.serviceWorker() || new URL(request.url()).pathname === '/sw-isr-worker.js') return;
      const entry = {
        url: request.url(),
        path: new URL(request.url()).pathname,
        status: /** @type {number | null} */ (null),
      };
      worker.push(entry);
      void request.response().then(
        (response) => (entry.status = response?.status() ?? 0),
        () => (entry.status = 0),
      );
    });
    context.on('requestfailed', (request) => {
      const entry = worker.find((w) => w.url === request.url() && w.status === null);
      if (entry) entry.status = 0;
    });
    originLog = [];
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`);
    try {
      await page.waitForFunction(() => window.swIsr.getSnapshot().offlineReady, undefined, { timeout: 30_000 });
    } catch (error) {
      const snapshot = await page.evaluate(() => window.swIsr?.getSnapshot()).catch(() => null);
      throw new Error(
        `run ${run + 1}: offlineReady not true within 30 s; snapshot ${JSON.stringify(snapshot)}; worker requests ${byPath(worker)}`,
        { cause: error },
      );
    }
    const readyWorker = worker.length;
    await settle(worker);
    const snapshot = await page.evaluate(() => window.swIsr.getSnapshot());
    const marks = await page.evaluate(
      () => /** @type {{register: number, controller: number, ready: number}} */ (/** @type {any} */ (window).__marks),
    );
    runs.push({
      marks,
      total: snapshot.precache?.total ?? NaN,
      failed: snapshot.precache?.failed ?? NaN,
      worker: [...worker],
      origin: [...originLog],
      store: await storage(page),
    });
    progress(
      `run ${run + 1}: offline-ready at ${marks.ready.toFixed(0)} ms, ${readyWorker} worker requests by then, ${worker.length} after settling`,
    );
    if (snapshot.precache?.done !== snapshot.precache?.total || snapshot.precache?.failed)
      problems.push(`run ${run + 1}: precache ${JSON.stringify(snapshot.precache)}`);
    if (run < RUNS - 1) await context.close();
    else last = context;
  }

  // --- first visit -------------------------------------------------------------------------------------------------
  const ms = (/** @type {number[]} */ values) => {
    const s = stats(values);
    return `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  };
  const storedBytes = (/** @type {typeof runs[number]} */ r) => r.store.perCache.reduce((sum, c) => sum + c.bytes, 0);
  const storedEntries = (/** @type {typeof runs[number]} */ r) =>
    r.store.perCache.reduce((sum, c) => sum + c.entries, 0);
  lines.push(
    `## First visit (${RUNS} fresh contexts; ms from navigation start: median (min–max))`,
    '',
    '| registration called | worker in control | offlineReady | precache entries | requests the worker made (fetch) | requests reaching the origin (page, worker script, worker fetches) | Cache Storage (entries, body bytes) | storage.estimate().usage |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${ms(runs.map((r) => r.marks.register))} | ${ms(runs.map((r) => r.marks.controller))} | ${ms(runs.map((r) => r.marks.ready))} | ${ms(runs.map((r) => r.total))} | ${ms(runs.map((r) => r.worker.length))} | ${ms(runs.map((r) => r.origin.length))} | ${ms(runs.map(storedEntries))}, ${kb(stats(runs.map(storedBytes)).median)} | ${kb(stats(runs.map((r) => r.store.usage)).median)} |`,
    '',
    `Registration to offlineReady: ${ms(runs.map((r) => r.marks.ready - r.marks.register))} ms.`,
  );
  const first = runs[0];
  if (first) {
    lines.push(
      '',
      'Run 1 in detail:',
      '',
      `- requests the worker made (path status): ${byPath(first.worker)}`,
      `- requests reaching the origin, by Sec-Fetch-Dest: ${Object.entries(
        first.origin.reduce(
          (/** @type {Record<string, number>} */ acc, h) => ({
            ...acc,
            [h.dest || '(none)']: (acc[h.dest || '(none)'] ?? 0) + 1,
          }),
          {},
        ),
      )
        .map(([d, n]) => `${d} ${n}`)
        .join(', ')}; bytes sent ${kb(first.origin.reduce((sum, h) => sum + h.bytes, 0))}`,
      `- requests reaching the origin (path status, conditional marked \`if\`): ${byPath(first.origin.map((h) => ({ path: `${h.path}${h.conditional ? ' if' : ''}`, status: h.status })))}`,
      `- Cache Storage: ${first.store.perCache.map((c) => `${c.name} ${c.entries} entries, ${kb(c.bytes)}`).join('; ')}`,
      `- storage.estimate(): usage ${kb(first.store.usage)} (${Object.entries(first.store.details)
        .map(([k, v]) => `${k} ${kb(v)}`)
        .join(', ')})`,
    );
    const twice = Object.entries(
      first.worker.reduce(
        (/** @type {Record<string, number>} */ acc, r) => ({ ...acc, [r.path]: (acc[r.path] ?? 0) + 1 }),
        {},
      ),
    ).filter(([, n]) => n > 1);
    if (twice.length)
      problems.push(
        `run 1: the worker requested some URLs more than once: ${twice.map(([p, n]) => `${p} × ${n}`).join(', ')}`,
      );
  }

  // --- deploys with nothing changed ----------------------------------------------------------------------------------
  const page = last?.pages()[0];
  if (!last || !page) throw new Error('no context left');
  /** @type {WorkerRequest[]} */
  let worker = [];
  last.on('request', (request) => {
    if (!request.serviceWorker() || new URL(request.url()).pathname === '/sw-isr-worker.js') return;
    const entry = {
      url: request.url(),
      path: new URL(request.url()).pathname,
      status: /** @type {number | null} */ (null),
    };
    worker.push(entry);
    void request.response().then(
      (response) => (entry.status = response?.status() ?? 0),
      () => (entry.status = 0),
    );
  });
  lines.push(
    '',
    '## A deploy with nothing changed, announced by a focus check (run ' + RUNS + "'s context, after offlineReady)",
    '',
    '| deploy | requests the worker made | requests reaching the origin | bytes sent by the origin | precache after |',
    '|---|---|---|---:|---|',
  );
  for (const kind of ['manifest unchanged (same ETag)', 'manifest rebuilt: same pages and files, new generatedAt']) {
    if (kind.startsWith('manifest rebuilt')) rebuiltAt = new Date().toISOString();
    // The store checks at most once per focusThrottleInterval (5 s); the page has been open longer than that.
    await sleep(5200);
    worker = [];
    originLog = [];
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await sleep(300);
    await settle(worker);
    await sleep(500);
    const precache = await page.evaluate(() => window.swIsr.getSnapshot().precache);
    lines.push(
      `| ${kind} | ${byPath(worker)} | ${byPath(originLog)} | ${originLog.reduce((sum, h) => sum + h.bytes, 0)} | ${JSON.stringify(precache)} |`,
    );
    if (worker.length !== 1 || worker[0]?.path !== '/isr-manifest.json')
      problems.push(`${kind}: expected the manifest alone, the worker requested ${byPath(worker)}`);
    if (originLog.length !== 1) problems.push(`${kind}: expected one request at the origin, got ${byPath(originLog)}`);
  }
  await last.close();

  lines.push(
    '',
    problems.length
      ? '**Unexpected:**'
      : 'Nothing unexpected: every run precached every entry without a failure, no URL was requested twice, and each deploy with nothing changed cost the manifest alone.',
  );
  if (problems.length) lines.push('', ...problems.map((p) => `- ${p}`));
  lines.push('', `Whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  await browser.close();
  proxy.close();
  demo.kill();
}

console.log(lines.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/precache.md', `${lines.join('\n')}\n`);
