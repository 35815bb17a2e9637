import { createHash } from 'node:crypto';
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ManifestHead } from '../shared/site-manifest.js';
import { readPreviousManifest } from './manifest-files.js';
import { buildSite, PREBUILT } from './build-site.js';
import { WORKER_DEFAULTS } from '../shared/options.js';
import { CLI_OPTIONS } from './cli-options.js';
import { main } from './cli.js';

let dir: string;
let prebuiltDir: string;

function capture(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

/** The CLI; with a build cache beside the site folder (removed after each test) unless the test names its own. */
async function run(...argv: string[]) {
  const out = capture();
  const err = capture();
  const args = argv[0] === 'build' && !argv.includes('--cache-dir') ? [...argv, '--cache-dir', `${dir}-cache`] : argv;
  const status = await main(args, out as never, err as never);
  return { status, out: out.text, err: err.text };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sw-isr-cli-'));
  await mkdir(join(dir, 'blog'), { recursive: true });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Home</title></head><body>home</body></html>',
  );
  await writeFile(
    join(dir, 'blog', 'post.html'),
    '<html><head><meta name="isr:revalidate" content="300"><meta name="isr:tags" content="blog, news"></head><body>post</body></html>',
  );
  await writeFile(join(dir, 'notes.txt'), 'not a page');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-cache`, { recursive: true, force: true });
});

it('builds a site through the same code as the CLI: tag, manifest, prebuilt files; a second run changes nothing', async () => {
  prebuiltDir = await mkdtemp(join(tmpdir(), 'sw-isr-prebuilt-'));
  for (const file of PREBUILT) await writeFile(join(prebuiltDir, file), `// ${file}`);
  const report = await buildSite({ dir, cacheDir: false, revalidate: 120, prebuiltDir });
  expect(report).toMatchObject({ pages: 2, injected: 2 });
  expect(await readFile(join(dir, 'index.html'), 'utf8')).toBe(
    '<!doctype html><html><head><title>Home</title><script src="/sw-isr.js" data-revalidate="120" defer></script>\n</head><body>home</body></html>',
  );
  expect((await readdir(dir)).sort()).toEqual([
    '_headers',
    'blog',
    'index.html',
    'isr-manifest',
    'isr-manifest.json',
    'notes.txt',
    'sw-isr-banner.js',
    'sw-isr-inspector.js',
    'sw-isr-morph.js',
    'sw-isr-routers.js',
    'sw-isr-worker.js',
    'sw-isr.js',
  ]);
  const { pages } = (await readPreviousManifest(dir, '/'))!;
  expect(pages['/blog/post.html']).toMatchObject({ revalidate: 300, tags: ['blog', 'news'] });
  expect(pages['/index.html']).toMatchObject({ revalidate: 120, tags: [] });
  expect(pages['/index.html']!.hash).toMatch(/^[0-9a-f]{64}$/);

  // Netlify and Cloudflare Pages revalidate sw-isr's unversioned files and the manifest.
  const headers = await readFile(join(dir, '_headers'), 'utf8');
  for (const path of [
    '/sw-isr.js',
    '/sw-isr-worker.js',
    '/sw-isr-banner.js',
    '/sw-isr-morph.js',
    '/sw-isr-routers.js',
    '/isr-manifest.json',
  ])
    expect(headers).toContain(`${path}\n  Cache-Control: no-cache`);
  // Its content-addressed files may be kept by every cache on the way.
  expect(headers).toContain('/isr-manifest/*\n  Cache-Control: public, max-age=31536000, immutable');

  const files = ['index.html', 'blog/post.html', 'isr-manifest.json', '_headers'];
  const before = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  // Nor a file's time: a host whose ETag is made of it (nginx) would answer every returning reader in full.
  const times = async () =>
    Promise.all([...files, 'sw-isr.js', 'sw-isr-worker.js'].map(async (f) => (await stat(join(dir, f))).mtimeMs));
  const timesBefore = await times();
  expect(await buildSite({ dir, cacheDir: false, revalidate: 120, prebuiltDir })).toMatchObject({
    pages: 2,
    injected: 0,
  });
  const after = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  expect(after).toEqual(before);
  expect(await times()).toEqual(timesBefore);
  await rm(prebuiltDir, { recursive: true, force: true });
});

it('honours --include and --exclude, and --dry-run writes nothing', async () => {
  const { status, out } = await run('build', dir, '--exclude', 'blog/**', '--dry-run');
  expect(status).toBe(0);
  expect(out).toContain('1 pages');
  expect(out).toContain('dry run, nothing written');
  expect(await readFile(join(dir, 'index.html'), 'utf8')).not.toContain('sw-isr');
  expect(await readdir(dir)).not.toContain('isr-manifest.json');
});

it('--precache lists pages at the URL they are read at and files with their hashes; a glob matching nothing is refused', async () => {
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'app-x1.js'), 'console.log(1)');
  await mkdir(join(dir, 'docs'));
  await writeFile(join(dir, 'docs', 'index.html'), '<html><head></head><body>docs</body></html>');
  prebuiltDir = await mkdtemp(join(tmpdir(), 'sw-isr-prebuilt-'));
  for (const file of PREBUILT) await writeFile(join(prebuiltDir, file), `// ${file}`);
  await buildSite({ dir, cacheDir: false, prebuiltDir, precache: ['index.html', 'docs/*.html', 'assets/**'] });
  const manifest = JSON.parse(await readFile(join(dir, 'isr-manifest.json'), 'utf8')) as ManifestHead;
  expect(manifest.precache).toEqual(['/', '/assets/app-x1.js', '/docs/']);
  expect(manifest.assets).toEqual({ '/assets/app-x1.js': createHash('sha256').update('console.log(1)').digest('hex') });

  const result = await run('build', dir, '--precache', 'assets/*.css', '--precache', 'nope/**');
  expect(result.status).toBe(1);
  expect(result.err).toContain(
    '2 precache problem(s); nothing was written:\n  --precache "assets/*.css" matches no file\n  --precache "nope/**" matches no file',
  );
  await rm(prebuiltDir, { recursive: true, force: true });
});

it.each([
  [['build', '/no/such/folder'], 1, 'sw-isr: no such folder: /no/such/folder'],
  [['build'], 2, 'build needs a folder'],
  [['publish', 'x'], 2, 'unknown command "publish"'],
  [[], 2, 'no command given'],
  [['build', '.', '--revalidate', 'soon'], 2, '--revalidate takes a number of seconds ≥ 0, got "soon"'],
  // Seconds as the meta tag takes them: plain decimals.
  [['build', '.', '--revalidate', '1e3'], 2, '--revalidate takes a number of seconds ≥ 0, got "1e3"'],
  [['build', '.', '--revalidate', '0x10'], 2, '--revalidate takes a number of seconds ≥ 0, got "0x10"'],
  [['build', '.', '--revalidate=-1'], 2, '--revalidate takes a number of seconds ≥ 0, got "-1"'],
  [['build', '.', '--expire', 'soon'], 2, '--expire takes a number of seconds ≥ 0, or none for never, got "soon"'],
  [['build', '.', '--frobnicate'], 2, "Unknown option '--frobnicate'"],
  [['build', '.', '--base', 'docs'], 1, '--base must be a path starting with "/", got "docs"'],
])('refuses %j with status %i and a clear message', async (argv, status, message) => {
  const result = await run(...argv.map((arg) => (arg === '.' ? dir : arg)));
  expect(result.status).toBe(status);
  expect(result.err).toContain(message);
});

it("prints the CLI's help within 80 columns, with the worker's own defaults", async () => {
  const { status, out } = await run('--help');
  expect(status).toBe(0);
  expect(out).toMatch(new RegExp(`--revalidate <s> .*\\(default ${WORKER_DEFAULTS.revalidate}\\)`));
  // Within 80 columns, for a terminal.
  expect(Math.max(...out.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
});

it('reads --expire none as no expiry, as the worker reads its query', async () => {
  const result = await run('build', dir, '--expire', 'none', '--revalidate', '30');
  expect(result).toMatchObject({ status: 0, err: '' });
  const tag = (await readFile(join(dir, 'index.html'), 'utf8')).match(/<script src="\/sw-isr.js"[^>]*>/)![0];
  expect(tag).toContain('data-revalidate="30"');
  expect(tag).not.toContain('data-expire');
});

it('refuses a folder with no HTML', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'sw-isr-empty-'));
  const result = await run('build', empty);
  expect(result).toMatchObject({ status: 1 });
  expect(result.err).toContain(`no HTML files found in ${empty}`);
  await rm(empty, { recursive: true });
});

it('lists every malformed meta tag and writes nothing', async () => {
  await writeFile(join(dir, 'bad.html'), '<head><meta name="isr:revalidate" content="often"></head>');
  const result = await run('build', dir);
  expect(result.status).toBe(1);
  expect(result.err).toContain(
    '1 page problem(s) (malformed sw-isr meta tags, unsupported encodings); nothing was written:',
  );
  expect(result.err).toContain('bad.html: isr:revalidate meta tag has "often", which is not a number of seconds ≥ 0');
  expect(await readFile(join(dir, 'index.html'), 'utf8')).not.toContain('sw-isr');
});

it('prints help and version', async () => {
  expect((await run('--help')).out).toContain('Usage:\n  sw-isr build <dir> [options]');
  expect((await run('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
});

it('reports a page it cannot write by name, and leaves the page whole', async () => {
  // File modes do not stop root (CI runs as root), and the temporary name is unpredictable, so the write is made to
  // fail another way: a page whose name fits the file system's 255-byte limit while its temporary name does not.
  const name = `${'p'.repeat(235)}.html`;
  await writeFile(join(dir, name), '<!doctype html><html><head></head><body>long</body></html>');
  const before = await readFile(join(dir, name), 'utf8');
  const result = await run('build', dir);
  expect(result.status).toBe(1);
  expect(result.err).toMatch(
    new RegExp(`^sw-isr: cannot write ${join(dir, name)}\\.sw-isr-[0-9a-f]{16}\\.tmp: (ERR_FS_)?ENAMETOOLONG\n$`),
  );
  expect(await readFile(join(dir, name), 'utf8')).toBe(before);
  expect((await readdir(dir)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
});

it("never writes through a symlink in the site, keeps each page's mode, and leaves no temporary file", async () => {
  const outside = await mkdtemp(join(tmpdir(), 'sw-isr-outside-'));
  try {
    const victim = join(outside, 'precious.js');
    await writeFile(victim, 'do not touch');
    await symlink(victim, join(dir, 'sw-isr.js'));
    await chmod(join(dir, 'index.html'), 0o640);
    const result = await run('build', dir, '--quiet');
    expect(result.status).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('do not touch');
    expect((await lstat(join(dir, 'sw-isr.js'))).isFile()).toBe(true);
    expect((await stat(join(dir, 'index.html'))).mode & 0o777).toBe(0o640);
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain('sw-isr.js');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

it('a page in windows-1252 comes out byte for byte apart from the tag; a BOM stays; UTF-16 is refused by name', async () => {
  // "Café – 5 €" in windows-1252: é is 0xE9, the dash 0x96, the euro 0x80: none of them valid UTF-8.
  const latin = Buffer.concat([
    Buffer.from('<!doctype html><html><head><meta charset="windows-1252"><title>Caf'),
    Buffer.from([0xe9, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
    Buffer.from('</title></head><body>x</body></html>'),
  ]);
  await writeFile(join(dir, 'index.html'), latin);
  const bom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('<!doctype html><html><head><title>é</title></head><body>bom</body></html>'),
  ]);
  await writeFile(join(dir, 'blog', 'post.html'), bom);
  expect((await run('build', dir, '--quiet')).status).toBe(0);
  const written = await readFile(join(dir, 'index.html'));
  const at = latin.indexOf('</head>');
  const tag = written.subarray(at, written.length - (latin.length - at));
  expect(tag.toString('latin1')).toMatch(/^<script src="\/sw-isr\.js"[^>]*><\/script>\s*$/);
  expect(Buffer.concat([written.subarray(0, at), written.subarray(at + tag.length)]).equals(latin)).toBe(true);
  const post = await readFile(join(dir, 'blog', 'post.html'));
  expect([...post.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(post.toString('utf8')).toContain('<title>é</title>');
  // The manifest's hash is of the bytes served, as the worker hashes them.
  const { pages } = (await readPreviousManifest(dir, '/'))!;
  expect(pages['/index.html']!.hash).toBe(createHash('sha256').update(written).digest('hex'));

  await writeFile(
    join(dir, 'blog', 'post.html'),
    Buffer.from('\ufeff<html><head></head><body>wide</body></html>', 'utf16le'),
  );
  const before = await readFile(join(dir, 'index.html'));
  const refused = await run('build', dir);
  expect(refused.status).toBe(1);
  expect(refused.err).toContain('blog/post.html: UTF-16 is not supported; save the page as UTF-8');
  expect((await readFile(join(dir, 'index.html'))).equals(before)).toBe(true);
});

it('--remove puts the off script and worker at their URLs and leaves the pages alone; a build adopts anew', async () => {
  const prebuilt = await mkdtemp(join(tmpdir(), 'sw-isr-prebuilt-'));
  for (const file of [...PREBUILT, 'sw-isr-off.js', 'sw-isr-off-worker.js'])
    await writeFile(join(prebuilt, file), `// ${file}`);
  await buildSite({ dir, cacheDir: false, prebuiltDir: prebuilt });
  const page = await readFile(join(dir, 'index.html'), 'utf8');
  expect(await buildSite({ dir, cacheDir: false, prebuiltDir: prebuilt, remove: true })).toMatchObject({
    copied: ['sw-isr.js', 'sw-isr-worker.js'],
  });
  expect(await readFile(join(dir, 'sw-isr.js'), 'utf8')).toBe('// sw-isr-off.js');
  expect(await readFile(join(dir, 'sw-isr-worker.js'), 'utf8')).toBe('// sw-isr-off-worker.js');
  expect(await readFile(join(dir, 'index.html'), 'utf8')).toBe(page);
  await buildSite({ dir, cacheDir: false, prebuiltDir: prebuilt });
  expect(await readFile(join(dir, 'sw-isr-worker.js'), 'utf8')).toBe('// sw-isr-worker.js');
  // A folder that never was an sw-isr site (a typo) is refused rather than "removed".
  const other = await mkdtemp(join(tmpdir(), 'sw-isr-not-a-site-'));
  await expect(buildSite({ dir: other, prebuiltDir: prebuilt, remove: true })).rejects.toThrow('not an sw-isr site');
  await rm(other, { recursive: true, force: true });
  await rm(prebuilt, { recursive: true, force: true });
});

it("merges the site's own _headers, leaving the paths its rules name to them, under the site's base", async () => {
  prebuiltDir = await mkdtemp(join(tmpdir(), 'sw-isr-prebuilt-'));
  for (const file of PREBUILT) await writeFile(join(prebuiltDir, file), `// ${file}`);
  const own = '/docs/sw-isr-worker.js\n  Cache-Control: max-age=0, must-revalidate\n/docs/*\n  X-Frame-Options: DENY\n';
  await writeFile(join(dir, '_headers'), own);
  const { status, out } = await run('build', dir, '--base', '/docs/');
  expect(status).toBe(0);
  expect(out).toContain('your own rules there name /docs/sw-isr-worker.js');
  const headers = await readFile(join(dir, '_headers'), 'utf8');
  expect(headers.startsWith(own)).toBe(true);
  expect(headers).toContain('/docs/isr-manifest.json\n  Cache-Control: no-cache');
  expect(headers.match(/^\/docs\/sw-isr-worker\.js$/gm)).toHaveLength(1);
  await rm(prebuiltDir, { recursive: true, force: true });
});

it("lists each page's Next.js payloads in it, in both of Next's layouts, under the site's base; not outside a Next export", async () => {
  // The files of `next build` with output: 'export' (Next 16.4): trailingSlash: true (a folder per route) for
  // /about/, the default (about.html beside about/) for /news.
  await rm(join(dir, 'blog'), { recursive: true });
  for (const [path, text] of [
    ['_next/static/chunks/app.js', ''],
    ['index.txt', 'rsc home'],
    ['__next._tree.txt', 'tree'],
    ['__next.__PAGE__.txt', 'page'],
    ['about/index.html', '<html><head></head><body>about</body></html>'],
    ['about/index.txt', 'rsc about'],
    ['about/__next._full.txt', 'full'],
    ['about/__next.about.__PAGE__.txt', 'page'],
    ['news.html', '<html><head></head><body>news</body></html>'],
    ['news.txt', 'rsc news'],
    ['news/__next._tree.txt', 'tree'],
    ['news/deeper/__next._tree.txt', 'a route below'],
  ] as const) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const { status, out } = await run('build', dir, '--base', '/shop/');
  expect(status).toBe(0);
  expect(out).toContain('listed the Next.js payloads of 3');
  const payloads = async (page: string) =>
    /name="isr:payloads" content="([^"]*)"/.exec(await readFile(join(dir, page), 'utf8'))?.[1];
  expect(await payloads('index.html')).toBe('/shop/index.txt /shop/__next.__PAGE__.txt /shop/__next._tree.txt');
  expect(await payloads('about/index.html')).toBe(
    '/shop/about/index.txt /shop/about/__next._full.txt /shop/about/__next.about.__PAGE__.txt',
  );
  expect(await payloads('news.html')).toBe('/shop/news.txt /shop/news/__next._tree.txt');
  // The manifest's hash is of the page as served, meta tag included.
  const { pages } = (await readPreviousManifest(dir, '/shop/'))!;
  expect(pages['/shop/news.html']!.hash).toBe(
    createHash('sha256')
      .update(await readFile(join(dir, 'news.html')))
      .digest('hex'),
  );

  // The same files without a _next folder are no Next export: nothing listed.
  await rm(join(dir, '_next'), { recursive: true });
  await writeFile(join(dir, 'news.html'), '<html><head></head><body>news</body></html>');
  expect((await run('build', dir)).out).not.toContain('payloads');
  expect(await payloads('news.html')).toBeUndefined();
});

it("--worker-option passes any worker option through the script tag, checked by the worker's own parser", async () => {
  const { status } = await run(
    'build',
    dir,
    '--revalidate',
    '30',
    '--worker-option',
    'exclude=/account/,/cart/',
    '--worker-option',
    'offlinePage=/offline.html',
    '--worker-option',
    'maxEntries=none',
    '--quiet',
  );
  expect(status).toBe(0);
  expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain(
    '<script src="/sw-isr.js" data-exclude="/account/,/cart/" data-offline-page="/offline.html" data-max-entries="none" data-revalidate="30" defer></script>',
  );

  // Refused before anything is written: what the worker would refuse, an unknown name, a malformed pair.
  for (const [option, message] of [
    ['maxEntries=0', '--worker-option: option "maxEntries" must be a whole number ≥ 1, or none for no limit, got "0"'],
    ['offlinePage=https://elsewhere.example/', 'option "offlinePage" must be a path on this site'],
    ['maxEntrys=5', 'option "maxEntrys" must be one of revalidate,'],
    ['exclude', '--worker-option takes name=value, got "exclude"'],
  ]) {
    const refused = await run('build', dir, '--worker-option', option!);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain(message);
  }
  // From the Vite plugin or the Astro integration, the same checks: revalidate and expire have options of their own.
  await expect(buildSite({ dir, cacheDir: false, worker: { revalidate: 5 } })).rejects.toThrow(
    "revalidate: give it as the build's own revalidate option (--revalidate)",
  );
  await expect(buildSite({ dir, cacheDir: false, worker: { exclude: ['/a,b'] } })).rejects.toThrow(
    'a list item cannot contain a comma',
  );
  await expect(buildSite({ dir, cacheDir: false, worker: { timeout: -1 } })).rejects.toThrow(
    'option "timeout" must be a number of seconds',
  );
  await expect(buildSite({ dir, cacheDir: false, worker: { manifest: 'other.json' } })).rejects.toThrow(
    'manifest: the build writes',
  );
  // Escaped in the attribute, and a second build finds its own tag again (no second tag).
  await buildSite({ dir, cacheDir: false, worker: { offlinePage: '/off<line>&"x".html' } });
  await buildSite({ dir, cacheDir: false, worker: { offlinePage: '/off<line>&"x".html' } });
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  expect(html).toContain('data-offline-page="/off&lt;line&gt;&amp;&quot;x&quot;.html"');
  expect(html.match(/sw-isr\.js/g)).toHaveLength(1);
});

it('writes manifest version 2: a delta from the state before at each changed build, files of older builds removed, an unchanged build changing nothing', async () => {
  const head = async () => JSON.parse(await readFile(join(dir, 'isr-manifest.json'), 'utf8')) as ManifestHead;
  const files = async () => (await readdir(join(dir, 'isr-manifest'))).sort();
  await run('build', dir, '--quiet');
  const first = await head();
  expect(first).toMatchObject({ version: 2, base: '/', deltas: {} });
  const firstFiles = await files();
  expect(firstFiles).toHaveLength(2); // the index and its one shard

  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Home</title></head><body>home, again</body></html>',
  );
  await run('build', dir, '--quiet');
  const second = await head();
  expect(Object.keys(second.deltas)).toEqual([first.state]);
  const delta = JSON.parse(await readFile(join(dir, second.deltas[first.state]!), 'utf8')) as { pages: object };
  expect(Object.keys(delta.pages)).toEqual(['/index.html']);
  // What the head before named is kept (a reader may still hold it).
  expect(await files()).toEqual(expect.arrayContaining(firstFiles));

  const before = await readFile(join(dir, 'isr-manifest.json'), 'utf8');
  const listed = await files();
  await run('build', dir, '--quiet');
  expect(await readFile(join(dir, 'isr-manifest.json'), 'utf8')).toBe(before);
  expect(await files()).toEqual(listed);

  await rm(join(dir, 'blog'), { recursive: true });
  await run('build', dir, '--quiet');
  const third = await head();
  expect(Object.keys(third.deltas).sort()).toEqual([first.state, second.state].sort());
  const gone = JSON.parse(await readFile(join(dir, third.deltas[second.state]!), 'utf8')) as { pages: object };
  expect(gone.pages).toEqual({ '/blog/post.html': null });
  // The first build's files that neither of the last two heads names are gone.
  const shards = async (index: string) =>
    (JSON.parse(await readFile(join(dir, index), 'utf8')) as { shards: string[] }).shards;
  const named = [third, second].flatMap((one) => [one.index, ...Object.values(one.deltas)]);
  named.push(...(await shards(third.index)), ...(await shards(second.index)));
  expect((await files()).map((file) => `isr-manifest/${file}`).sort()).toEqual([...new Set(named)].sort());
});

it('keeps a copy of the manifest in its cache, so a build into an emptied folder still writes the delta', async () => {
  const cacheDir = `${dir}-cache`;
  const head = async () => JSON.parse(await readFile(join(dir, 'isr-manifest.json'), 'utf8')) as ManifestHead;
  const empty = async () => {
    // A framework empties its output folder before it builds again.
    await rm(join(dir, 'isr-manifest'), { recursive: true });
    await rm(join(dir, 'isr-manifest.json'));
  };
  try {
    await run('build', dir, '--cache-dir', cacheDir, '--quiet');
    const first = await head();
    await empty();
    await writeFile(join(dir, 'index.html'), '<html><head></head><body>new home</body></html>');
    await run('build', dir, '--cache-dir', cacheDir, '--quiet');
    expect(Object.keys((await head()).deltas)).toEqual([first.state]);
    // Nothing changed, the folder emptied again: the same manifest, byte for byte, with its files.
    const before = await readFile(join(dir, 'isr-manifest.json'), 'utf8');
    const files = (await readdir(join(dir, 'isr-manifest'))).sort();
    await empty();
    await run('build', dir, '--cache-dir', cacheDir, '--quiet');
    expect(await readFile(join(dir, 'isr-manifest.json'), 'utf8')).toBe(before);
    expect((await readdir(join(dir, 'isr-manifest'))).sort()).toEqual(files);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
});

it('copes with a folder restored from an older deploy: that deploy’s head comes back, and the next build goes on from it', async () => {
  const head = async () => JSON.parse(await readFile(join(dir, 'isr-manifest.json'), 'utf8')) as ManifestHead;
  await run('build', dir, '--quiet');
  const older = await head();
  const olderText = await readFile(join(dir, 'isr-manifest.json'), 'utf8');
  const saved = `${dir}-older`;
  await cp(dir, saved, { recursive: true });
  try {
    await writeFile(join(dir, 'index.html'), '<html><head></head><body>newer home</body></html>');
    await run('build', dir, '--quiet');
    const newer = await head();
    expect(Object.keys(newer.deltas)).toEqual([older.state]);

    // The older deploy's folder put back (its manifest with it) and built again, the cache holding the newer one.
    await rm(dir, { recursive: true });
    await cp(saved, dir, { recursive: true });
    await run('build', dir, '--quiet');
    expect(await readFile(join(dir, 'isr-manifest.json'), 'utf8')).toBe(olderText);
    // A reader of the newer deploy finds no delta from its state (it falls back to its shards); the next change
    // has a delta from the restored state only.
    await writeFile(join(dir, 'blog', 'post.html'), '<html><head></head><body>post, edited</body></html>');
    await run('build', dir, '--quiet');
    expect(Object.keys((await head()).deltas)).toEqual([older.state]);
  } finally {
    await rm(saved, { recursive: true, force: true });
  }
});
