// npm run bench: a cached navigation against a network one, in real Chromium, side by side in one run.
// Cases, interleaved round by round so that machine drift hits them all alike:
//   network   no service worker; the demo origin on loopback renders the page
//   hit       sw-isr answers from Cache Storage, worker running
//   hit-cold  sw-isr answers from Cache Storage, worker stopped first (CDP), so it has to start
// Reports the median, min and max of responseStart (from navigation start) and of duration, from the Navigation
// Timing entry, and writes the table to bench/results/navigation.md. Options: --rounds N (default 40).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';
import { fmt, stats } from './stats.mjs';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > -1 ? Number(process.argv[roundsArg + 1]) : 40;
const WARMUP = 3;
const PORT = 4391;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const PAGE = `${ORIGIN}/about.html`;

const server = spawn('node', ['demo/server.mjs', '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});

try {
  /** @typedef {{ name: string, page: import('playwright-core').Page, before?: () => Promise<void>, expect: string | undefined }} Case */
  /** @type {Case[]} */
  const cases = [];

  const network = await browser.newContext({ serviceWorkers: 'block' });
  cases.push({ name: 'network (no worker)', page: await network.newPage(), expect: undefined });

  for (const cold of [false, true]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(PAGE);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    cases.push({
      name: cold ? 'sw-isr HIT, worker stopped first' : 'sw-isr HIT, worker running',
      page,
      expect: 'HIT',
      before: cold
        ? async () => {
            await cdp.send('ServiceWorker.stopAllWorkers');
          }
        : undefined,
    });
  }

  /** @type {Map<string, { responseStart: number[], duration: number[] }>} */
  const samples = new Map(cases.map((c) => [c.name, { responseStart: [], duration: [] }]));
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (const c of cases) {
      await c.before?.();
      const response = await c.page.goto(PAGE);
      const verdict = response?.headers()['x-isr-cache'];
      if (verdict !== c.expect) throw new Error(`${c.name}: expected x-isr-cache ${c.expect}, got ${verdict}`);
      if (round < WARMUP) continue;
      const timing = await c.page.evaluate(() => {
        const [entry] = /** @type {PerformanceNavigationTiming[]} */ (performance.getEntriesByType('navigation'));
        return { responseStart: entry?.responseStart ?? NaN, duration: entry?.duration ?? NaN };
      });
      const bucket = samples.get(c.name);
      bucket?.responseStart.push(timing.responseStart);
      bucket?.duration.push(timing.duration);
    }
  }

  const baseline = stats(samples.get(cases[0]?.name ?? '')?.responseStart ?? []).median;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Chromium ${browser.version()}, Node ${process.version}`;
  const lines = [
    `Navigation to /about.html (${ROUNDS} rounds after ${WARMUP} warm-up rounds, interleaved), ms: median (min–max).`,
    `Machine: ${machine}. Run: ${new Date().toISOString()}.`,
    '',
    '| case | responseStart | duration | responseStart vs network |',
    '|---|---:|---:|---:|',
    ...cases.map((c) => {
      const s = samples.get(c.name);
      const start = stats(s?.responseStart ?? []);
      return `| ${c.name} | ${fmt(start)} | ${fmt(stats(s?.duration ?? []))} | ${(start.median / baseline).toFixed(2)}× |`;
    }),
  ];
  console.log(lines.join('\n'));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/navigation.md', `${lines.join('\n')}\n`);
} finally {
  await browser.close();
  server.kill();
}
