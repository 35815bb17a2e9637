// The on-demand check behind a real HTTP cache: a site of 10,000 pages built with `sw-isr build`, served by Debian's
// nginx (the origin, with the Cache-Control rules the README's Deploy section gives) behind a second nginx acting as
// a CDN edge (proxy_cache: content-addressed manifest files kept as the origin says, a year; the head and the pages
// kept 2 s, the micro-caching a CDN does for `no-cache` HTML, with one request to the origin at a time per URL).
// One real reader (the worker in Chromium, 20 pages stored) checks after a deploy that changes one of its pages; the
// requests its worker made, with their conditional headers, are then replayed for 999 more readers (arriving over
// 30 s: the edge's 2 s copies of the head and the page are then revalidated with the origin about every 2 s).
// Then the same for a check with nothing changed. Counts the requests that reach the origin and the bytes the edge
// sends each reader. Writes bench/results/cdn-replay.md. Needs nginx (`apt-get install nginx-light`; installed here
// when run as root). Options: --pages N (default 10000), --readers N (default 1000), --spread S (seconds, default 30).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from '../scripts/find-engines.mjs';

const option = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const at = process.argv.indexOf(name);
  return at > -1 ? Number(process.argv[at + 1]) : fallback;
};
const PAGES = option('--pages', 10000);
const READERS = option('--readers', 1000);
const SPREAD = option('--spread', 30);
const READER_PAGES = 20;
const EDGE_SECONDS = 2;

/** The nginx binary, installed from Debian when missing and run as root; otherwise says what to run. */
function nginxBinary() {
  const found = () => ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
  if (found()) return /** @type {string} */ (found());
  if (process.getuid?.() !== 0) throw new Error('nginx is missing: run `sudo apt-get install -y nginx-light`');
  console.log('installing nginx-light from Debian…');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], { stdio: 'inherit' });
  const path = found();
  if (!path) throw new Error('apt-get installed nginx-light, but no nginx binary was found');
  return path;
}

/** A free TCP port on 127.0.0.1. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const work = mkdtempSync(join(tmpdir(), 'sw-isr-bench-cdn-'));
const site = join(work, 'site');
const current = join(work, 'current');

/** @param {string} dir @param {number} i @param {number} edition */
function writePage(dir, i, edition) {
  const body = `<p>Page ${i} of a generated site, edition ${edition}.</p>`.repeat(12);
  writeFileSync(
    join(dir, `page-${i}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${i}</title>` +
      `<meta name="isr:revalidate" content="3600"></head><body><main>${body}</main></body></html>\n`,
  );
}
/** @param {string} dir */
const build = (dir) =>
  execFileSync('node', ['bin/sw-isr.mjs', 'build', dir, '--quiet', '--cache-dir', join(work, 'build-cache')]);
/** Points the origin at `dir` in one rename, as an atomic deploy does. @param {string} dir */
function deploy(dir) {
  const next = `${current}.next`;
  symlinkSync(dir, next);
  renameSync(next, current);
}

// Server-wide lines both nginx share: no daemon (the bench stops them by PID), files in the work folder.
const common = (/** @type {string} */ name) => `
daemon off;
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${work}/${name}.pid;
error_log ${work}/${name}-error.log;
events { worker_connections 1024; }
http {
  client_body_temp_path ${work}/${name}-body;
  proxy_temp_path ${work}/${name}-proxy;
  fastcgi_temp_path ${work}/${name}-fastcgi;
  uwsgi_temp_path ${work}/${name}-uwsgi;
  scgi_temp_path ${work}/${name}-scgi;
  types { text/html html; application/json json; text/javascript js; }
  default_type application/octet-stream;
  log_format json escape=json '{"uri":"$request_uri","status":$status,"bytes":$bytes_sent,'
    '"cache":"$upstream_cache_status","inm":"$http_if_none_match","ims":"$http_if_modified_since",'
    '"cc":"$http_cache_control","pragma":"$http_pragma","ae":"$http_accept_encoding"}';
  access_log ${work}/${name}.log json;
`;

const originPort = /** @type {number} */ (await freePort());
const edgePort = /** @type {number} */ (await freePort());
// The origin: the README's nginx rules (the head and the scripts revalidated, the manifest's files immutable).
const originConf = `${common('origin')}
  server {
    listen 127.0.0.1:${originPort};
    root ${current};
    location = /isr-manifest.json { add_header Cache-Control "no-cache"; }
    location /isr-manifest/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
    location / { add_header Cache-Control "no-cache"; }
  }
}
`;
// The edge: keeps immutable files as long as the origin says; the rest (no-cache at the origin) for a short while,
// revalidating with the origin once it passes (a 304 when unchanged); concurrent misses wait for one request.
const edgeConf = `${common('edge')}
  proxy_cache_path ${work}/edge-cache keys_zone=edge:10m;
  gzip on;
  gzip_types application/json text/javascript;
  server {
    listen 127.0.0.1:${edgePort};
    proxy_cache edge;
    proxy_cache_lock on;
    proxy_cache_revalidate on;
    proxy_cache_use_stale updating;
    proxy_http_version 1.1;
    location /isr-manifest/ { proxy_pass http://127.0.0.1:${originPort}; }
    location / {
      proxy_pass http://127.0.0.1:${originPort};
      proxy_ignore_headers Cache-Control Expires;
      proxy_cache_valid 200 301 302 404 ${EDGE_SECONDS}s;
    }
  }
}
`;

/** @typedef {{ uri: string, status: number, bytes: number, cache: string, inm: string, ims: string, cc: string, pragma: string, ae: string }} LogLine */
/** The lines of an nginx access log after its first `from` bytes. @param {string} name @param {number} from */
function logSince(name, from) {
  const text = readFileSync(join(work, `${name}.log`))
    .subarray(from)
    .toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => /** @type {LogLine} */ (JSON.parse(line)));
}
const logSize = (/** @type {string} */ name) => readFileSync(join(work, `${name}.log`)).length;

/** @type {import('node:child_process').ChildProcess[]} */
const servers = [];
const nginx = nginxBinary();
/** @param {string} name @param {string} conf @param {number} port */
async function startNginx(name, conf, port) {
  writeFileSync(join(work, `${name}.conf`), conf);
  const child = spawn(nginx, ['-p', work, '-c', join(work, `${name}.conf`), '-e', join(work, `${name}-error.log`)], {
    stdio: 'inherit',
  });
  servers.push(child);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`http://127.0.0.1:${port}/isr-manifest.json`).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx (${name}) did not answer on port ${port}: see ${work}/${name}-error.log`);
}

/**
 * Replays `requests` (a reader's, from the edge's log) for `readers` readers arriving one after another, evenly over
 * `SPREAD` seconds, each reader's requests in order as its worker made them, with the headers that decide what the
 * edge answers.
 * @param {LogLine[]} requests @param {number} readers
 */
async function replay(requests, readers) {
  const one = async () => {
    for (const request of requests) {
      /** @type {Record<string, string>} */
      const headers = {};
      if (request.inm) headers['if-none-match'] = request.inm;
      if (request.ims) headers['if-modified-since'] = request.ims;
      if (request.cc) headers['cache-control'] = request.cc;
      if (request.pragma) headers.pragma = request.pragma;
      if (request.ae) headers['accept-encoding'] = request.ae;
      const response = await fetch(`http://127.0.0.1:${edgePort}${request.uri}`, { headers });
      await response.arrayBuffer();
    }
  };
  await Promise.all(
    Array.from({ length: readers }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, ((i + 1) * SPREAD * 1000) / readers));
      await one();
    }),
  );
}

const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-gpu', '--disable-quic'],
});
/** @type {{ name: string, reader: LogLine[], edge: LogLine[], origin: LogLine[] }[]} */
const phases = [];
try {
  // Two editions of the site: the second changes one page every reader stores.
  const [first, second] = [join(work, 'a'), join(work, 'b')];
  execFileSync('mkdir', ['-p', site]);
  for (let i = 0; i < PAGES; i += 1) writePage(site, i, 1);
  build(site);
  cpSync(site, first, { recursive: true, preserveTimestamps: true });
  writePage(site, 0, 2);
  build(site);
  cpSync(site, second, { recursive: true, preserveTimestamps: true });
  deploy(first);
  await startNginx('origin', originConf, originPort);
  await startNginx('edge', edgeConf, edgePort);

  const edge = `http://127.0.0.1:${edgePort}`;
  const page = await (await browser.newContext()).newPage();
  const stored = Array.from({ length: READER_PAGES }, (_, i) => Math.floor((i * PAGES) / READER_PAGES));
  await page.goto(`${edge}/page-${stored[0]}.html`);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null && window.swIsr.getSnapshot().fetchedAt !== null,
  );
  for (const i of stored.slice(1)) await page.goto(`${edge}/page-${i}.html`);
  // The last stores and the first manifest check settle; the store's focus throttle passes.
  await page.waitForTimeout(5500);
  const count = await page.evaluate(async () => (await (await caches.open('sw-isr-pages-v1')).keys()).length);
  if (count !== READER_PAGES) throw new Error(`expected ${READER_PAGES} stored pages, found ${count}`);

  for (const name of ['settle', 'one page changed', 'unchanged']) {
    if (name === 'one page changed') deploy(second);
    // The edge's copy of the head outlives the deploy by up to its 2 s; a reader checking then sees the old head.
    await page.waitForTimeout(EDGE_SECONDS * 1000 + 1000);
    const edgeFrom = logSize('edge');
    const originFrom = logSize('origin');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    // The reader is done when nothing more arrives for a second.
    let last = -1;
    for (let waited = 0; waited < 20; waited += 1) {
      await page.waitForTimeout(1000);
      const now = logSince('edge', edgeFrom).length;
      if (now > 0 && now === last) break;
      last = now;
    }
    const reader = logSince('edge', edgeFrom);
    if (process.env.DEBUG) console.log(name, reader);
    if (name === 'one page changed' && !reader.some((line) => line.uri === '/page-0.html'))
      throw new Error(`the reader did not fetch the changed page: ${reader.map((line) => line.uri).join(', ')}`);
    await replay(reader, READERS - 1);
    phases.push({
      name,
      reader,
      edge: logSince('edge', edgeFrom),
      origin: logSince('origin', originFrom),
    });
    await page.waitForTimeout(5100); // the store's focus throttle
  }

  const kind = (/** @type {string} */ uri) =>
    uri === '/isr-manifest.json'
      ? 'head'
      : uri.startsWith('/isr-manifest/')
        ? ({ d: 'delta', i: 'index', s: 'shard' }[uri[14] ?? ''] ?? uri)
        : uri.endsWith('.js')
          ? 'script'
          : 'page';
  const counted = (/** @type {LogLine[]} */ lines) =>
    Object.entries(
      lines.reduce((all, line) => {
        const key = `${kind(line.uri)} ${line.status}`;
        all[key] = (all[key] ?? 0) + 1;
        return all;
      }, /** @type {Record<string, number>} */ ({})),
    )
      .map(([key, n]) => `${n} × ${key}`)
      .join(', ');
  const head = readFileSync(join(second, 'isr-manifest.json')).length;
  // nginx -v writes to stderr.
  const version = spawnSync(nginx, ['-v'], { encoding: 'utf8' })
    .stderr.trim()
    .replace(/^nginx version: /, '');
  const lines = [
    `A check behind a CDN edge: a ${PAGES.toLocaleString('en')}-page site on ${version} behind an nginx proxy_cache edge (immutable files kept a year, the head and`,
    `pages ${EDGE_SECONDS} s, one origin request at a time per URL, gzip). One reader's worker (Chromium ${browser.version()},`,
    `${READER_PAGES} pages stored) checks; its requests are replayed for ${(READERS - 1).toLocaleString('en')} more readers arriving evenly over ${SPREAD} s.`,
    `The head is ${(head / 1024).toFixed(1)} KB. ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. Run: ${new Date().toISOString()}.`,
    '',
    '| since the last check | a reader’s requests (edge answers) | bytes per reader (on the wire, headers included) | readers | requests reaching the origin | of them | bytes the origin sent |',
    '|---|---|---:|---:|---:|---|---:|',
    ...phases.map(
      ({ name, reader, edge: all, origin }) =>
        `| ${name} | ${counted(reader)} | ${Math.round(all.reduce((sum, line) => sum + line.bytes, 0) / READERS)} B | ${READERS.toLocaleString('en')} | ${origin.length} | ${counted(origin) || 'none'} | ${origin.reduce((sum, line) => sum + line.bytes, 0)} B |`,
    ),
    '',
  ];
  console.log(lines.join('\n'));
  writeFileSync('bench/results/cdn-replay.md', lines.join('\n'));
} finally {
  await browser.close();
  for (const server of servers) server.kill('SIGTERM');
  await Promise.all(
    servers.map((server) => server.exitCode === null && new Promise((resolve) => server.once('exit', resolve))),
  );
  rmSync(work, { recursive: true, force: true });
}
