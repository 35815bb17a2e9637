// The demo origin: a small static site whose pages can be republished from the browser (/publish.html), serving the
// prebuilt dist/sw-isr.js (with its banner, dist/sw-isr-banner.js) and dist/sw-isr-worker.js. Pages carry a strong
// ETag and answer If-None-Match with 304, as a static host does. Usage: node demo/server.mjs [--port N] (default
// 4173; 0 picks a free port).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const site = join(here, 'site');
const dist = join(here, '..', 'dist');

/**
 * The site's pages and their current edition. Each shows a different way to set its interval. `built` pages come
 * from the Vite build of the demo (dist/demo); the others from demo/site/layout.html.
 * @type {Record<string, {title: string, content: string, meta: string, headers: Record<string, string>, edition: number, publishedAt: Date, built?: string}>}
 */
const pages = {
  '/index.html': {
    title: 'Home',
    content:
      '<p>A static site that stays fresh. This page uses the default interval given on the script tag (<code>data-revalidate="20"</code>).</p><ul><li><a href="/news.html">News</a> sets 10 s with a meta tag.</li><li><a href="/about.html">About</a> sets 3600 s with an <code>x-isr-revalidate</code> header.</li></ul>',
    meta: '',
    headers: {},
    edition: 1,
    publishedAt: new Date(),
  },
  '/news.html': {
    title: 'News',
    content: '<p>Nothing has happened yet. Publish something from the Publish page.</p>',
    meta: '<meta name="isr:revalidate" content="10">\n<meta name="isr:tags" content="news,front">',
    headers: {},
    edition: 1,
    publishedAt: new Date(),
  },
  '/about.html': {
    title: 'About',
    content: '<p>sw-isr serves prebuilt HTML from Cache Storage and refreshes it in the background.</p>',
    meta: '',
    headers: { 'x-isr-revalidate': '3600' },
    edition: 1,
    publishedAt: new Date(),
  },
  '/react.html': {
    title: 'React',
    content:
      '<p>This page is a React app: its freshness panel and its banner come from <code>useFreshness()</code>.</p>',
    meta: '',
    headers: {},
    edition: 1,
    publishedAt: new Date(),
    built: join(dist, 'demo', 'react.html'),
  },
};

const layout = readFileSync(join(site, 'layout.html'), 'utf8');
/** Every demo page's header; the templates say {{header}}. */
const HEADER = `<header>
  <strong>sw-isr demo</strong>
  <nav aria-label="Pages"><a href="/">Home</a> <a href="/news.html">News</a> <a href="/about.html">About</a> <a href="/react.html">React</a> <a href="/publish.html">Publish</a> <a href="/inspector.html">Inspector</a></nav>
</header>`;
const escape = (/** @type {string} */ text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** What makes every demo page part of an installable app; the templates say {{pwa}} in their heads. */
const PWA = `<link rel="manifest" href="/manifest.webmanifest">
<meta name="theme-color" content="#1d2330">
<link rel="icon" href="/icons/icon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png">`;

/** @param {string} template @param {Record<string, string | number>} values */
function fill(template, values) {
  /** @type {Record<string, string | number>} */
  const all = { header: HEADER, pwa: PWA, ...values };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => String(all[name] ?? ''));
}

/** @param {typeof pages[string]} page */
function render(page) {
  return fill(page.built ? readFileSync(page.built, 'utf8') : layout, {
    title: escape(page.title),
    meta: page.meta,
    content: page.content,
    edition: page.edition,
    publishedAt: page.publishedAt.toUTCString(),
    publishedIso: page.publishedAt.toISOString(),
  });
}

// The worker script must reach the browser as soon as it changes (no-cache). The page assets may be kept for a
// while, which also lets a page read offline keep its style and script until sw-isr stores assets itself.
/** @type {Record<string, [string, string, string]>} */
const assets = {
  '/sw-isr.js': [join(dist, 'sw-isr.js'), 'text/javascript', 'max-age=300'],
  '/sw-isr-banner.js': [join(dist, 'sw-isr-banner.js'), 'text/javascript', 'max-age=300'],
  '/sw-isr-morph.js': [join(dist, 'sw-isr-morph.js'), 'text/javascript', 'max-age=300'],
  '/sw-isr-routers.js': [join(dist, 'sw-isr-routers.js'), 'text/javascript', 'max-age=300'],
  '/sw-isr-inspector.js': [join(dist, 'sw-isr-inspector.js'), 'text/javascript', 'max-age=300'],
  '/sw-isr-worker.js': [join(dist, 'sw-isr-worker.js'), 'text/javascript', 'no-cache'],
  '/demo-status.js': [join(site, 'demo-status.js'), 'text/javascript', 'max-age=300'],
  '/demo.css': [join(site, 'demo.css'), 'text/css', 'max-age=300'],
  // Shown by the worker for a page that is neither stored nor reachable (data-offline-page on the script tag).
  '/offline.html': [join(site, 'offline.html'), 'text/html; charset=utf-8', 'no-cache'],
  // The web app manifest and its icons (drawn by scripts/make-icons.mjs), which make the demo installable.
  '/manifest.webmanifest': [join(site, 'manifest.webmanifest'), 'application/manifest+json', 'no-cache'],
  '/icons/icon.svg': [join(site, 'icons', 'icon.svg'), 'image/svg+xml', 'max-age=300'],
  '/icons/icon-192.png': [join(site, 'icons', 'icon-192.png'), 'image/png', 'max-age=300'],
  '/icons/icon-512.png': [join(site, 'icons', 'icon-512.png'), 'image/png', 'max-age=300'],
  '/icons/icon-maskable-512.png': [join(site, 'icons', 'icon-maskable-512.png'), 'image/png', 'max-age=300'],
  '/icons/apple-touch-icon.png': [join(site, 'icons', 'apple-touch-icon.png'), 'image/png', 'max-age=300'],
};

/** The React page's hashed files, as Vite built them. */
function builtAssets() {
  const folder = join(dist, 'demo', 'assets');
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => /\.(js|css)$/.test(name))
        .map((name) => `/assets/${name}`)
    : [];
}

/** The bytes the server sends for one of its files (not pages). @param {string} path */
function fileBody(path) {
  if (path.startsWith('/assets/')) return readFileSync(join(dist, 'demo', path));
  const asset = assets[/** @type {keyof typeof assets} */ (path)];
  if (!asset) throw new Error(`no file ${path}`);
  return readFileSync(asset[0]);
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 100_000) throw new Error('body too large');
  }
  return body;
}

/**
 * The statuses this origin answered, by path: what reached the origin rather than the worker's cache, read by the
 * end-to-end tests through GET /api/requests?path=P in every engine (browser drivers do not all see a worker's
 * requests). @type {Map<string, number[]>}
 */
const answered = new Map();

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  if (path === '/api/requests') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(answered.get(url.searchParams.get('path') ?? '') ?? []));
    return;
  }
  res.on('finish', () => answered.set(path, [...(answered.get(path) ?? []), res.statusCode]));
  try {
    if (req.method === 'POST' && path === '/api/publish') {
      const form = new URLSearchParams(await readBody(req));
      const name = form.get('page') ?? '';
      const page = pages[name];
      const text = form.get('text') ?? '';
      if (!page || !text.trim()) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: `unknown page "${name}" or empty text` }));
        return;
      }
      page.content = `<p>${escape(text)}</p>`;
      page.edition += 1;
      page.publishedAt = new Date();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ path: name, edition: page.edition }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const page = pages[path];
    if (page) {
      const html = render(page);
      const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 22)}"`;
      const headers = {
        'content-type': 'text/html; charset=utf-8',
        etag,
        'cache-control': 'no-cache',
        ...page.headers,
      };
      if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
      else res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (path === '/isr-manifest.json') {
      // What `sw-isr build` would write for this site, computed live, since this origin republishes pages itself.
      /** @type {Record<string, {hash: string, revalidate: number, tags: string[]}>} */
      const entries = {};
      for (const [pagePath, page] of Object.entries(pages)) {
        const tags = /isr:tags" content="([^"]*)"/.exec(page.meta)?.[1]?.split(',') ?? [];
        entries[pagePath] = { hash: createHash('sha256').update(render(page)).digest('hex'), revalidate: 20, tags };
      }
      // Declared for offline reading, so the demo works as a PWA from its first visit: every page, and the files
      // they need (the worker also finds a page's files by itself; listing them gives them revisions).
      const files = [
        '/demo.css',
        '/demo-status.js',
        '/sw-isr.js',
        '/sw-isr-banner.js',
        '/offline.html',
        ...builtAssets(),
      ];
      /** @type {Record<string, string>} */
      const hashes = {};
      for (const file of files) hashes[file] = createHash('sha256').update(fileBody(file)).digest('hex');
      const precache = ['/', '/news.html', '/about.html', '/react.html', ...files];
      const body = JSON.stringify({
        version: 1,
        base: '/',
        generatedAt: new Date(0).toISOString(),
        pages: entries,
        precache,
        assets: hashes,
      });
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      const headers = { 'content-type': 'application/json', etag, 'cache-control': 'no-cache' };
      if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
      else res.writeHead(200, headers).end(body);
      return;
    }
    if (path === '/inspector.html') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(fill(readFileSync(join(site, 'inspector.html'), 'utf8'), {}));
      return;
    }
    if (path === '/publish.html') {
      const options = Object.keys(pages)
        .map((p) => `<option value="${p}">${p}</option>`)
        .join('');
      const html = fill(readFileSync(join(site, 'publish.html'), 'utf8'), { options, now: new Date().toUTCString() });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
      return;
    }
    if (path.startsWith('/assets/') && /^\/assets\/[\w.-]+\.(js|css)$/.test(path)) {
      // Hashed names: kept for a year, as a static host would.
      const type = path.endsWith('.js') ? 'text/javascript' : 'text/css';
      res
        .writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' })
        .end(readFileSync(join(dist, 'demo', path)));
      return;
    }
    const asset = assets[path];
    if (asset) {
      // A strong ETag as static hosts send: the browser's update checks of the worker script, and the worker's
      // conditional fetches of a page's files, are then 304s rather than whole files.
      const body = readFileSync(asset[0]);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      const headers = { 'content-type': asset[1], 'cache-control': asset[2], etag };
      if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
      else res.writeHead(200, headers).end(body);
      return;
    }
    res
      .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>Not found</title><h1>Not found</h1>');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found (run npm run build first?)');
      return;
    }
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('server error');
  }
});

const portArg = process.argv.indexOf('--port');
const port = Number(portArg > -1 ? process.argv[portArg + 1] : (process.env.PORT ?? 4173));
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(
    `sw-isr demo: http://127.0.0.1:${actual}/  (publish new editions at http://127.0.0.1:${actual}/publish.html; Ctrl+C stops)`,
  );
});
