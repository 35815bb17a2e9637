// The end-to-end tests' fake origin: a real HTTP server on 127.0.0.1 whose pages each test sets through a small
// API, so that the browser's own caching, offline mode and reload semantics are the real ones (routing requests in
// Playwright would switch the HTTP cache off and make every navigation look like a hard reload).
//   POST /__lab/page     {path, page}  set a page (see LabPage in fixtures.ts)
//   POST /__lab/hold     {path, mode}  hold the next request for path (of that Sec-Fetch-Mode, if given) until released
//   POST /__lab/release  {path}        let it go
//   GET  /__lab/hits?path=P            how many requests for P reached this server (requests Playwright may not see,
//                                      such as the browser's own preloads)
//   GET  /__lab/log?prefix=P           every request under P that reached this server, in order: [{path, headers, status}]
//   POST /__lab/offline {offline}      while on, drop every connection but the API's: the network gone, made at the
//                                      origin (WebDriver has no offline switch, and Firefox's offline mode does not
//                                      reach the worker's own fetch), so it is the same in every engine. The whole
//                                      origin goes, the prebuilt scripts included; tests run one at a time.
// Everything else under /lab/ answers from the pages set, with a strong ETag and 304s, as a static host does;
// /sw-isr*.js and /lib/* come from dist/. Usage: node e2e/lab-server.mjs --port N
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const dist = join(import.meta.dirname, '..', 'dist');

/** @typedef {{ content?: string, head?: string, status?: number, headers?: Record<string, string>, body?: string, etag?: boolean, script?: string, fault?: 'reset' | 'truncate', delayMs?: number }} LabPage */
/** @type {Map<string, LabPage>} */
const pages = new Map();
/** @type {Map<string, { released: Promise<void>, release: () => void, mode?: string }>} */
const holds = new Map();

/** @param {LabPage} page */
function document(page) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lab</title>${page.head ?? ''}
${page.script ?? '<script src="/sw-isr.js" data-scope="/lab/" defer></script>'}</head><body><main id="content">${page.content ?? 'content'}</main></body></html>`;
}

/** @param {import('node:http').IncomingMessage} req */
async function json(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

const TYPES = /** @type {Record<string, string>} */ ({ '.js': 'text/javascript', '.json': 'application/json' });

/** @type {Map<string, number>} */
const hits = new Map();
/** @type {{ path: string, headers: import('node:http').IncomingHttpHeaders, status: number }[]} */
const log = [];
/** Whether the network is gone (see /__lab/offline). */
let offline = false;

/** Requests under way at the origin (not /__lab/ ones). */
let inFlight = 0;
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  if (path === '/__lab/hits') {
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(String(hits.get(url.searchParams.get('path') ?? '') ?? 0));
    return;
  }
  if (path === '/__lab/log') {
    const prefix = url.searchParams.get('prefix') ?? '/';
    const entries = log.filter((entry) => entry.path.startsWith(prefix));
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(entries));
    return;
  }
  // Offline: the request never reached "the origin", so it is neither counted nor logged.
  if (offline && !path.startsWith('/__lab/')) return void req.socket.destroy();
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (!path.startsWith('/__lab/')) {
    // Logged when answered, with the status sent (0 for a dropped connection).
    // inFlight: requests at the origin (this one included) when it arrived, for tests of how much runs at once.
    inFlight += 1;
    const entry = { path, headers: req.headers, status: 0, inFlight };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    res.on('close', () => (inFlight -= 1));
  }
  if (req.method === 'POST' && path.startsWith('/__lab/')) {
    const { path: target, page, mode, offline: off } = await json(req);
    if (path === '/__lab/page') pages.set(target, page);
    else if (path === '/__lab/offline') offline = off === true;
    else if (path === '/__lab/hold') {
      /** @type {() => void} */
      let release = () => {};
      const released = new Promise((resolve) => (release = () => resolve(undefined)));
      holds.set(target, { released, release, mode });
    } else if (path === '/__lab/release') {
      // Released before or after the request came: either way it goes through.
      holds.get(target)?.release();
      holds.delete(target);
    }
    res.writeHead(204).end();
    return;
  }
  const hold = holds.get(path);
  if (hold && (!hold.mode || req.headers['sec-fetch-mode'] === hold.mode)) {
    // Only the next request is held: the hold stays listed until released, but later requests pass.
    holds.set(path, { released: Promise.resolve(), release: hold.release });
    await hold.released;
  }
  // The prebuilt files wherever a page asks for them (a test can give its page a script URL of its own to hold),
  // unless a test set a page at that path (a host without the file), and the package's ES modules under /lib/.
  const name = path.split('/').pop() ?? '';
  if ((/^sw-isr[\w-]*\.js$/.test(name) && !pages.has(path)) || path.startsWith('/lib/')) {
    const file = normalize(join(dist, path.startsWith('/lib/') ? path : name));
    if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'text/plain', 'cache-control': 'no-cache' })
      .end(readFileSync(file));
    return;
  }
  const page = pages.get(path);
  if (!page) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>404</title>');
  if (page.delayMs) await new Promise((resolve) => setTimeout(resolve, page.delayMs));
  // A dropped connection, and a body cut short of its declared length: the faults a network really makes.
  if (page.fault === 'reset') return void req.socket.destroy();
  const body = page.body ?? document(page);
  if (page.fault === 'truncate') {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(body.length * 2) });
    res.write(body);
    setTimeout(() => req.socket.destroy(), 50);
    return;
  }
  /** @type {Record<string, string>} */
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    'content-length': String(Buffer.byteLength(body)),
    ...page.headers,
  };
  if (page.etag !== false && !('etag' in headers))
    headers.etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  if (headers.etag && req.headers['if-none-match'] === headers.etag) return void res.writeHead(304, headers).end();
  res.writeHead(page.status ?? 200, headers).end(body);
});

const portArg = process.argv.indexOf('--port');
server.listen(Number(process.argv[portArg + 1] ?? 4318), '127.0.0.1', () => console.log('lab server ready'));
