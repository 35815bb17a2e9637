// Network cost of on-demand revalidation: a site of 200 pages built with `sw-isr build`, every page read once so
// the worker holds it, then republished with 0, 1 and 10 changed pages; one focus check each. Counts the requests
// that reach the origin and the bytes it sends, as the origin sees them. Writes bench/results/manifest.md.
// Options: --pages N (default 200).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';

const pagesArg = process.argv.indexOf('--pages');
const PAGES = pagesArg > -1 ? Number(process.argv[pagesArg + 1]) : 200;
const dir = mkdtempSync(join(tmpdir(), 'sw-isr-bench-site-'));

/** @param {number} i @param {number} edition */
function writePage(i, edition) {
  const body = `<p>Page ${i}, edition ${edition}.</p>`.repeat(40);
  writeFileSync(
    join(dir, `page-${i}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${i}</title>
<meta name="isr:revalidate" content="3600"></head><body><main>${body}</main></body></html>\n`,
  );
}
const build = () => execFileSync('node', ['bin/sw-isr.mjs', 'build', dir, '--quiet', '--cache-dir', `${dir}-cache`]);
for (let i = 0; i < PAGES; i += 1) writePage(i, 1);
build();

/** @type {{ path: string, status: number, bytes: number }[]} */
let log = [];
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = normalize(join(dir, path));
  if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
    log.push({ path, status: 404, bytes: 0 });
    res.writeHead(404).end();
    return;
  }
  const body = readFileSync(file);
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
  const type =
    { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json' }[extname(file)] ??
    'application/octet-stream';
  if (req.headers['if-none-match'] === etag) {
    log.push({ path, status: 304, bytes: 0 });
    res.writeHead(304, { etag }).end();
  } else {
    log.push({ path, status: 200, bytes: body.length });
    res.writeHead(200, { 'content-type': type, etag, 'cache-control': 'no-cache' }).end(body);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});
const rows = [];
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/page-0.html`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  for (let i = 1; i < PAGES; i += 1) await page.goto(`${origin}/page-${i}.html`);
  // Let the last stores and the first manifest check settle, and the focus throttle pass.
  await page.waitForTimeout(5500);
  const stored = await page.evaluate(async () => (await (await caches.open('sw-isr-pages-v1')).keys()).length);
  if (stored !== PAGES) throw new Error(`expected ${PAGES} stored pages, found ${stored}`);

  let edition = 1;
  for (const changed of [0, 1, 10]) {
    edition += 1;
    for (let i = 0; i < changed; i += 1) writePage(i * 7 + 1, edition);
    build();
    log = [];
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    // Done when the manifest and every changed page have been fetched, and nothing more arrives for a second.
    const deadline = Date.now() + 20_000;
    let last = -1;
    while (Date.now() < deadline) {
      await page.waitForTimeout(1000);
      if (log.length === last && log.length >= 1 + changed) break;
      last = log.length;
    }
    // The manifest's head and its files (a delta, or the index and shards: see the README's On-demand revalidation).
    const ofManifest = (/** @type {{ path: string }} */ entry) =>
      entry.path === '/isr-manifest.json' || entry.path.startsWith('/isr-manifest/');
    const manifest = log.filter(ofManifest);
    const pages = log.filter((entry) => !ofManifest(entry));
    rows.push({
      changed,
      requests: log.length,
      manifest: manifest.map((m) => `${m.path.replace(/^\/isr-manifest\/([a-z])-.*/, '$1')} ${m.status}`).join(', '),
      pageRequests: pages.length,
      bytes: log.reduce((sum, entry) => sum + entry.bytes, 0),
    });
    await page.waitForTimeout(5100); // the store's focus throttle
  }
  const manifestSize = statSync(join(dir, 'isr-manifest.json')).size;
  const pageSize = statSync(join(dir, 'page-1.html')).size;
  const lines = [
    `Manifest check after a republish, ${PAGES}-page site (all pages stored; manifest ${(manifestSize / 1024).toFixed(1)} KB, a page ${(pageSize / 1024).toFixed(1)} KB).`,
    `Chromium ${browser.version()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    '',
    '| changed pages | requests to the origin | manifest answers (head, d delta, i index, s shard) | other requests | bytes sent by the origin |',
    '|---:|---:|---|---:|---:|',
    ...rows.map((r) => `| ${r.changed} | ${r.requests} | ${r.manifest} | ${r.pageRequests} | ${r.bytes} |`),
  ];
  console.log(lines.join('\n'));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/manifest.md', `${lines.join('\n')}\n`);
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-cache`, { recursive: true, force: true });
}
