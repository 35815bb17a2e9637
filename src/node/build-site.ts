import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPageDirectives } from '../shared/page-directives.js';
import { MANIFEST_FILES, type ManifestEntry, type ManifestHead } from '../shared/site-manifest.js';
import { planManifest, readPreviousManifest, writeManifest } from './manifest-files.js';
import { globToRegExp } from './glob-to-regexp.js';
import { injectPayloads, injectScriptTag, scriptTagFor } from './inject-script-tag.js';
import { WORKER_DEFAULTS } from '../shared/options.js';
import { IsrOptionError, optionsFromQuery, resolveOptions, type IsrOptions } from '../sw/context/options.js';
import { HEADERS_FILE, mergeHeaders, type HeadersReport } from './host-headers.js';

export interface BuildSiteOptions {
  /** The folder of built HTML. */
  dir: string;
  /**
   * Default revalidate interval in seconds for pages without a meta tag; also the worker's default.
   * @default the worker's own (`WORKER_DEFAULTS.revalidate`)
   */
  revalidate?: number;
  /** Hard expiry in seconds, passed to the worker; null is none. @default none */
  expire?: number | null;
  /** The path the site is served under. @default '/' */
  base?: string;
  /** Globs of HTML files to include (relative to dir). @default every .html and .htm file */
  include?: string[];
  /** Globs of HTML files to leave alone. @default none */
  exclude?: string[];
  /**
   * Globs (relative to dir) of pages and files the worker stores at install, for offline reading before any visit:
   * the app shell, chosen pages, a build's chunks. Listed in the manifest with their hashes, so a new deploy
   * fetches only what changed. A glob that matches nothing is an error. @default none
   */
  precache?: string[];
  /**
   * The worker's other options (the README's worker options table), such as `exclude` or `offlinePage`: written
   * into the script tag, which passes them to the worker in its URL. Checked here, so that a bad one stops the build
   * rather than reaching readers as a worker warning. `revalidate` and `expire` are the options above. @default none
   */
  worker?: IsrOptions;
  /**
   * Put the script tag in the pages. The Vite plugin turns it off for apps that register the worker themselves.
   * @default true
   */
  inject?: boolean;
  /**
   * Where the build keeps a copy of the manifest it wrote, for the next build's deltas when the output folder is
   * emptied between builds (Astro, Next.js and Vite empty theirs); false keeps none, and each reader then fetches
   * the shards of its pages once after such a build. @default node_modules/.cache/sw-isr in the working folder, if
   * it has a node_modules folder
   */
  cacheDir?: string | false;
  /** Report what would change without writing anything. @default false */
  dryRun?: boolean;
  /** Where the prebuilt sw-isr.js, its parts and sw-isr-worker.js are. @default this package's dist/ */
  prebuiltDir?: string;
  /**
   * The way out: instead of building, put the "off" versions at the script tag's and the worker's URLs
   * (dist/sw-isr-off.js as sw-isr.js, dist/sw-isr-off-worker.js as sw-isr-worker.js). Every returning reader's
   * browser then deletes what sw-isr stored and unregisters it; pages are left as they are. Running the build
   * again adopts sw-isr anew. @default false
   */
  remove?: boolean;
}

export interface BuildSiteReport {
  pages: number;
  /** Pages whose script tag was added or updated. */
  injected: number;
  /** Pages given a list of payloads (a Next.js export's RSC files; see {@link payloadsOf}). */
  withPayloads: number;
  bytes: number;
  manifestPath: string;
  copied: string[];
  /**
   * The `_headers` file (Netlify, Cloudflare Pages) written or merged, and the paths its own rules already named
   * (left to them). Null in a dry run.
   */
  headers: HeadersReport | null;
  seconds: number;
}

/** Thrown for input the build cannot use; `problems` lists every one found, so a user fixes them in one go. */
export class BuildSiteError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n  ${problems.join('\n  ')}` : message);
    this.name = 'BuildSiteError';
  }
}

/**
 * A glob of the chunks and styles a bundler (Vite, Astro) emitted into `assetsDir` of `dir`, for the integrations'
 * default precache; none for a build without.
 */
export function builtChunks(dir: string, assetsDir: string): string[] {
  const folder = join(dir, assetsDir);
  const any =
    existsSync(folder) && readdirSync(folder, { recursive: true }).some((name) => /\.(m?js|css)$/.test(String(name)));
  return any ? [`${assetsDir}/**/*.{js,mjs,css}`] : [];
}

/** Called with each page as it is processed, for progress output. */
export type Progress = (done: number, total: number, path: string) => void;

// Built, this module sits in dist/node and the prebuilt files in dist; run from source (src/node, as vite.config.ts
// does), they are in the repository's dist.
const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = existsSync(join(HERE, '..', 'sw-isr.js')) ? join(HERE, '..') : join(HERE, '..', '..', 'dist');
export const PREBUILT = [
  'sw-isr.js',
  'sw-isr-banner.js',
  'sw-isr-morph.js',
  'sw-isr-inspector.js',
  'sw-isr-routers.js',
  'sw-isr-worker.js',
];
/** What `remove` writes: each served name, and the prebuilt file that goes there. */
export const REMOVAL: [served: string, prebuilt: string][] = [
  ['sw-isr.js', 'sw-isr-off.js'],
  ['sw-isr-worker.js', 'sw-isr-off-worker.js'],
];
const SKIP_DIRS = new Set(['node_modules']);
/** The cache's default place, as other build tools keep theirs; none where the working folder has no node_modules. */
const defaultCache = () =>
  existsSync(join(process.cwd(), 'node_modules')) ? join(process.cwd(), 'node_modules', '.cache', 'sw-isr') : null;
/** One cache entry per output folder and base. */
const cacheKeyOf = (dir: string, base: string) =>
  createHash('sha256')
    .update(`${resolve(dir)}\n${base}`)
    .digest('hex')
    .slice(0, 16);

async function findFiles(dir: string, wanted: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findFiles(path, wanted)));
    else if (entry.isFile() && wanted.test(entry.name)) found.push(path);
  }
  return found;
}

const HTML = /\.html?$/i;

/**
 * The worker options in `worker` as the worker reads them from its URL's query (lists comma-separated, null as
 * `none`), each checked by the worker's own parser; throws {@link BuildSiteError} listing every bad one.
 */
function workerQuery(worker: IsrOptions): Record<string, string> {
  const query: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(worker)) {
    if (value === undefined) continue;
    if (name === 'revalidate' || name === 'expire') {
      problems.push(`${name}: give it as the build's own ${name} option (--${name})`);
      continue;
    }
    // The build writes the manifest at its one name, and the _headers rule for it.
    if (name === 'manifest') {
      problems.push('manifest: the build writes isr-manifest.json; a worker with another manifest needs no build');
      continue;
    }
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    if (items.some((item) => String(item).includes(',')))
      problems.push(`${name}: a list item cannot contain a comma (the worker's URL separates items with them)`);
    else query[name] = value === null ? 'none' : items.join(',');
  }
  problems.push(...optionsFromQuery(new URLSearchParams(query).toString()).errors);
  if (problems.length)
    throw new BuildSiteError(`${problems.length} bad worker option(s); nothing was written:`, problems);
  return query;
}

/**
 * A Next.js static export's payloads, by page: for the page in `file` (paths relative to the site; `texts` is the
 * export's `.txt` files), the RSC files its router fetches instead of the HTML, beside it. `trailingSlash: true`
 * writes `about/index.html` with `about/index.txt` and the segment files `about/__next.*.txt`; the default writes
 * `about.html` with `about.txt` and `about/__next.*.txt` (measured with Next 16.4).
 */
function nextPayloads(texts: ReadonlySet<string>): (file: string) => string[] {
  // Each folder's segment files, sorted, worked out once.
  const segments = new Map<string, string[]>();
  for (const path of [...texts].sort()) {
    const slash = path.lastIndexOf('/') + 1;
    if (!path.startsWith('__next.', slash)) continue;
    const folder = path.slice(0, slash);
    segments.set(folder, [...(segments.get(folder) ?? []), path]);
  }
  return (file) => {
    const index = /(^|\/)index\.html?$/i.exec(file);
    const folder = index ? file.slice(0, index.index + index[1]!.length) : `${file.replace(HTML, '')}/`;
    const full = index ? `${folder}index.txt` : file.replace(HTML, '.txt');
    return [full, ...(segments.get(folder) ?? [])].filter((path) => texts.has(path));
  };
}

/**
 * How to read a page so that writing it back changes nothing but the inserted tag: UTF-8 (a BOM included) round-trips
 * as text; any other ASCII-compatible encoding (windows-1252, ISO-8859-1, Shift_JIS) is read byte for byte as latin1,
 * so its bytes come out as they went in (decoding it as UTF-8 would rewrite every é as U+FFFD). UTF-16, whose ASCII
 * is not ASCII bytes, is refused (null).
 */
function pageEncoding(raw: Buffer): 'utf8' | 'latin1' | null {
  if ((raw[0] === 0xfe && raw[1] === 0xff) || (raw[0] === 0xff && raw[1] === 0xfe)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return 'utf8';
  } catch {
    return 'latin1';
  }
}

/** The URL path a static host serves a file at: a folder's index.html at the folder's URL. */
function urlPath(base: string, file: string): string {
  return `${base}${file.replace(/(^|\/)index\.html?$/i, '$1')}`;
}

/**
 * Writes through a temporary file and a rename, so a crash never leaves a half-written page. The rename replaces a
 * symlink at `path` rather than writing through it (a `sw-isr.js` linked to a file outside the site is never
 * touched); the temporary name is unpredictable and created exclusively (`wx`: an existing file or link there makes
 * it fail, never followed); a file that existed keeps its mode.
 */
/**
 * Pages read or written at once: file system calls overlap (a write is four of them), so a folder of 100,000 pages
 * is not written one call at a time; few enough to stay far from the open-file limit.
 */
const FILE_CONCURRENCY = 64;

/** Runs `work` over `items`, `limit` at a time; once all have settled, rejects with the first failure, if any. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index).catch((error: unknown) => void failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failures.length) throw failures[0];
}

async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  const existing = await lstat(path).catch(() => null);
  const mode = existing?.isFile() ? existing.mode & 0o7777 : 0o644;
  const temporary = `${path}.sw-isr-${randomBytes(8).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { flag: 'wx', mode });
    // writeFile's mode is filtered by the umask; the page's own mode is what it had.
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `content` unless the file holds it already: an unchanged file keeps its time, so a host whose ETag is made
 * of it (nginx: time and size) answers returning readers' revalidations with a 304.
 */
async function writeIfChanged(path: string, content: string | Uint8Array): Promise<void> {
  // A symbolic link is replaced whatever it points to, as writeAtomically does: the build writes its own files.
  const link = (await lstat(path).catch(() => null))?.isSymbolicLink();
  const existing = link ? null : await readFile(path).catch(() => null);
  if (existing && existing.equals(typeof content === 'string' ? Buffer.from(content) : content)) return;
  await writeAtomically(path, content);
}

function normaliseBase(base: string): string {
  if (!base.startsWith('/')) throw new BuildSiteError(`--base must be a path starting with "/", got "${base}"`);
  return base.endsWith('/') ? base : `${base}/`;
}

/** Files the worker must not store ahead: the manifest itself and the worker script. */
const NEVER_PRECACHED = new Set(['isr-manifest.json', 'sw-isr-worker.js']);

/**
 * The manifest's precache list and file revisions for `globs`: pages by the URL they are read at (their hash is
 * their manifest entry's, taken after the script tag went in), other files by path with the SHA-256 of their bytes.
 */
async function precacheList(
  dir: string,
  base: string,
  globs: string[],
  pages: { file: string; entry: ManifestEntry }[],
): Promise<Pick<ManifestHead, 'pages' | 'precache' | 'assets'>> {
  const all = (await findFiles(dir, /./))
    .map((path) => relative(dir, path).split(sep).join('/'))
    .filter((file) => !NEVER_PRECACHED.has(file) && !file.startsWith(`${MANIFEST_FILES}/`))
    .sort();
  const htmlPages = new Map(pages.map((page) => [page.file, page.entry]));
  const precached: Record<string, ManifestEntry> = {};
  const precache = new Set<string>();
  const assets: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const glob of globs) {
    const re = globToRegExp(glob);
    const matched = all.filter((file) => re.test(file));
    if (!matched.length) unmatched.push(`--precache "${glob}" matches no file`);
    for (const file of matched) {
      if (HTML.test(file)) {
        if (!htmlPages.has(file))
          unmatched.push(`--precache "${glob}": ${file} is left out by --include/--exclude, so it is not an ISR page`);
        else {
          precache.add(urlPath(base, file));
          precached[`${base}${file}`] = htmlPages.get(file)!;
        }
      } else {
        precache.add(`${base}${file}`);
        assets[`${base}${file}`] = createHash('sha256')
          .update(await readFile(join(dir, file)))
          .digest('hex');
      }
    }
  }
  if (unmatched.length)
    throw new BuildSiteError(`${unmatched.length} precache problem(s); nothing was written:`, unmatched);
  return { pages: precached, precache: [...precache].sort(), assets };
}

/**
 * Makes a folder of static HTML an ISR site: the prebuilt worker and client next to the pages, the script tag in every
 * page (idempotently), and the manifest (`isr-manifest.json` and its files) of every page's hash, interval and tags.
 */
export async function buildSite(options: BuildSiteOptions, progress: Progress = () => {}): Promise<BuildSiteReport> {
  const started = performance.now();
  const base = normaliseBase(options.base ?? '/');
  const revalidate = options.revalidate ?? WORKER_DEFAULTS.revalidate;
  try {
    // Checked as the worker checks them, in its words.
    resolveOptions({ revalidate: options.revalidate, expire: options.expire });
  } catch (error) {
    if (error instanceof IsrOptionError) throw new BuildSiteError(error.message.replace(/^sw-isr: /, ''));
    throw error;
  }
  const info = await stat(options.dir).catch(() => null);
  if (!info) throw new BuildSiteError(`no such folder: ${options.dir}`);
  if (!info.isDirectory()) throw new BuildSiteError(`not a folder: ${options.dir}`);
  if (options.remove) {
    // A typo'd folder would otherwise report a removal that removes nothing.
    if (!existsSync(join(options.dir, 'sw-isr-worker.js')) && !existsSync(join(options.dir, 'isr-manifest.json'))) {
      throw new BuildSiteError(`${options.dir} has no sw-isr-worker.js nor isr-manifest.json: not an sw-isr site`);
    }
    const sources = REMOVAL.map(([served, prebuilt]) => [served, join(options.prebuiltDir ?? DIST, prebuilt)] as const);
    for (const [, source] of sources) {
      if (!existsSync(source))
        throw new BuildSiteError(`the prebuilt ${source} is missing; run npm run build in sw-isr`);
    }
    // The off files must reach returning readers as surely as a release does.
    const headers = await planHeaders(options.dir, base, [...PREBUILT, 'isr-manifest.json']);
    if (!options.dryRun) {
      for (const [served, source] of sources) await writeAtomically(join(options.dir, served), await readFile(source));
      await headers.write();
    }
    return {
      pages: 0,
      injected: 0,
      withPayloads: 0,
      bytes: 0,
      manifestPath: join(options.dir, 'isr-manifest.json'),
      copied: options.dryRun ? [] : REMOVAL.map(([served]) => served),
      headers: options.dryRun ? null : headers.report,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const includes = (options.include ?? []).map(globToRegExp);
  const excludes = (options.exclude ?? []).map(globToRegExp);
  const files = (await findFiles(options.dir, HTML))
    .map((path) => relative(options.dir, path).split(sep).join('/'))
    .filter(
      (path) =>
        (includes.length === 0 || includes.some((re) => re.test(path))) && !excludes.some((re) => re.test(path)),
    )
    .sort();
  if (files.length === 0)
    throw new BuildSiteError(
      `no HTML files found in ${options.dir}${includes.length || excludes.length ? ' (after --include/--exclude)' : ''}`,
    );

  const workerOptions = workerQuery(options.worker ?? {});
  if (options.revalidate !== undefined) workerOptions.revalidate = String(options.revalidate);
  // Null is the worker's default: no attribute.
  if (options.expire != null) workerOptions.expire = String(options.expire);
  const tag = scriptTagFor({ base, workerOptions });
  // A Next.js export (its _next folder): each page's RSC payloads are listed in it, for the worker to keep with it.
  const payloadsOf = nextPayloads(
    existsSync(join(options.dir, '_next'))
      ? new Set(
          (await findFiles(options.dir, /\.txt$/)).map((path) => relative(options.dir, path).split(sep).join('/')),
        )
      : new Set<string>(),
  );

  /**
   * A page as the host will serve it: its tag and payload list in, its directives read. Deterministic, so the write
   * pass can make it again rather than hold every page's bytes (100,000 pages) in memory between the passes.
   */
  const made = async (file: string) => {
    const raw = await readFile(join(options.dir, file));
    const encoding = pageEncoding(raw);
    if (encoding === null) return null;
    const original = raw.toString(encoding);
    const directives = readPageDirectives(original);
    const tagged = options.inject === false ? { html: original, changed: false } : injectScriptTag(original, tag);
    const payloads = payloadsOf(file).map((path) => encodeURI(`${base}${path}`));
    const listed = injectPayloads(tagged.html, payloads);
    const changed = tagged.changed || listed.changed;
    const bytes = changed ? Buffer.from(listed.html, encoding) : raw;
    return { bytes, changed, tagged: tagged.changed, payloads: payloads.length > 0, directives };
  };
  const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  // Read and check every page before writing any, so bad input leaves the site as it was. Only each page's entry is
  // kept: its bytes are made again when it is written.
  const read: ({
    file: string;
    size: number;
    changed: boolean;
    tagged: boolean;
    payloads: boolean;
    entry: ManifestEntry;
    problems: string[];
  } | null)[] = [];
  let done = 0;
  await eachLimited(files, FILE_CONCURRENCY, async (file, index) => {
    const page = await made(file);
    progress(++done, files.length, file);
    if (page === null) {
      read[index] = null;
      return;
    }
    read[index] = {
      file,
      problems: page.directives.problems,
      size: page.bytes.length,
      changed: page.changed,
      tagged: page.tagged,
      payloads: page.payloads,
      // The bytes the host will serve, which the worker hashes as it receives them.
      entry: {
        hash: hashOf(page.bytes),
        revalidate: page.directives.revalidate ?? revalidate,
        tags: page.directives.tags,
      },
    };
  });
  const problems = files.flatMap((file, index) => {
    const page = read[index];
    if (!page) return [`${file}: UTF-16 is not supported; save the page as UTF-8 (its bytes are left as they are)`];
    return page.problems.map((problem) => `${file}: ${problem}`);
  });
  const pages = read.filter((page) => page !== null);
  if (problems.length)
    throw new BuildSiteError(
      `${problems.length} page problem(s) (malformed sw-isr meta tags, unsupported encodings); nothing was written:`,
      problems,
    );

  const extras = options.precache?.length
    ? await precacheList(options.dir, base, options.precache, pages)
    : { pages: {} };
  const manifestPath = join(options.dir, 'isr-manifest.json');
  // The manifest before, for the deltas from its state: in the folder, or in the build's cache when the folder was
  // emptied since (as Astro, Next.js and Vite do before they build). An unchanged site keeps its manifest byte for
  // byte, so workers checking it get a 304.
  const cacheRoot = options.cacheDir === false ? null : (options.cacheDir ?? defaultCache());
  const cache = cacheRoot && join(cacheRoot, cacheKeyOf(options.dir, base));
  const here = await readPreviousManifest(options.dir, base);
  const previous = here ?? (cache ? await readPreviousManifest(cache, base) : null);
  const plan = planManifest(
    Object.fromEntries(pages.map(({ file, entry }) => [`${base}${file}`, entry])),
    base,
    extras,
    previous,
  );
  const headers = await planHeaders(options.dir, base, [...PREBUILT, 'isr-manifest.json', `${MANIFEST_FILES}/*`]);
  if (!options.dryRun) {
    await eachLimited(
      pages.filter((page) => page.changed),
      FILE_CONCURRENCY,
      async (page) => {
        const again = await made(page.file);
        // Changed on disk since it was read (another build writing the folder): the manifest would not match it.
        if (!again || hashOf(again.bytes) !== page.entry.hash)
          throw new BuildSiteError(`${page.file} changed while the build ran; run it again`);
        await writeAtomically(join(options.dir, page.file), again.bytes);
      },
    );
    for (const file of PREBUILT) {
      const source = join(options.prebuiltDir ?? DIST, file);
      await stat(source).catch(() => {
        throw new BuildSiteError(
          `the prebuilt ${file} is missing next to the CLI (${source}); run npm run build in sw-isr`,
        );
      });
      await mkdir(options.dir, { recursive: true });
      await writeIfChanged(join(options.dir, file), await readFile(source));
    }
    if (!(plan.unchanged && here)) await writeManifest(options.dir, plan, here?.files ?? [], writeIfChanged);
    if (cache) await writeManifest(cache, plan, [], writeIfChanged).catch(() => {}); // a cache: best effort
    await headers.write();
  }
  return {
    pages: pages.length,
    injected: pages.filter((page) => page.tagged).length,
    withPayloads: pages.filter((page) => page.payloads).length,
    bytes: pages.reduce((sum, page) => sum + page.size, 0),
    manifestPath,
    copied: options.dryRun ? [] : PREBUILT,
    headers: options.dryRun ? null : headers.report,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * `_headers` merged with sw-isr's rules for the files in `names` (at the site's base), and a `write()` that writes
 * it if it changed. Read and merged before anything is written, so a broken file stops the build untouched.
 */
async function planHeaders(
  dir: string,
  base: string,
  names: string[],
): Promise<{ report: NonNullable<BuildSiteReport['headers']>; write: () => Promise<void> }> {
  const path = join(dir, HEADERS_FILE);
  const existing = await readFile(path, 'utf8').catch(() => null);
  let merged;
  try {
    merged = mergeHeaders(
      existing,
      names.map((name) => `${base}${name}`),
    );
  } catch (error) {
    throw new BuildSiteError(`${path}: ${(error as Error).message}; nothing was written`);
  }
  const { text, leftToSite, broaderRules } = merged;
  return {
    report: { path, leftToSite, broaderRules },
    // Unchanged, untouched: a second build changes no byte (nor the file's time).
    write: async () => {
      if (text !== existing) await writeAtomically(path, text);
    },
  };
}
