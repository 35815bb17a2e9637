import { WORKER_DEFAULTS } from '../../shared/defaults.js';
import { namesOtherOrigin } from '../../shared/site-manifest.js';

/** Options of {@link installIsr}. Every field is optional; defaults live in `src/shared/defaults.ts`. */
export interface IsrOptions {
  /** Default revalidate interval in seconds. @default 60 */
  revalidate?: number;
  /** Seconds a background revalidation may take before it is aborted. @default 10 */
  timeout?: number;
  /** Cache Storage cache name. @default 'sw-isr-pages-v1' */
  cacheName?: string;
  /** IndexedDB database name. @default 'sw-isr' */
  dbName?: string;
  /** Query parameters ignored in cache keys; `name*` matches a prefix. @default ['utm_*', 'fbclid', 'gclid'] */
  ignoreParams?: readonly string[];
  /** Seconds after fetchedAt past which a reader waits for the network (stale-if-error); null never. @default null */
  expire?: number | null;
  /** Site manifest URL, relative to the scope; '' turns checking off. @default 'isr-manifest.json' */
  manifest?: string;
  /** Seconds between manifest checks at most. @default 60 */
  manifestInterval?: number;
  /** Seconds before the first automatic retry after a failed revalidation; doubles per failure. @default 10 */
  retryBase?: number;
  /** Cap of the retry backoff in seconds. @default 600 */
  retryMax?: number;
  /** Largest page body stored, in bytes. @default 2097152 */
  maxBodyBytes?: number;
  /** Drop a page whose revalidation gets 404 or 410. @default true */
  dropGonePages?: boolean;
  /** Path prefixes the worker never handles. @default [] */
  exclude?: readonly string[];
  /** Skip waiting and claim open tabs at once. @default true */
  claim?: boolean;
  /** Cache Storage cache for the files stored pages need. @default 'sw-isr-assets-v1' */
  assetCacheName?: string;
  /** URLs, relative to the scope, stored at install for offline reading. @default [] */
  precache?: readonly string[];
  /** Page shown offline for a navigation neither stored nor reachable; '' is a built-in one. @default '' */
  offlinePage?: string;
  /** Most pages kept, least recently read dropped first; null for no limit. @default 1000 */
  maxEntries?: number | null;
  /** Most bytes of pages and files kept; null for no limit. @default 52428800 */
  maxBytes?: number | null;
  /** Let the browser start each navigation's request while the worker starts. @default false */
  navigationPreload?: boolean;
}

export type ResolvedOptions = { -readonly [K in keyof IsrOptions]-?: Exclude<IsrOptions[K], undefined> };

/** Thrown for an option that cannot work; the message names the option, what it needs and what it got. */
export class IsrOptionError extends TypeError {
  override name = 'IsrOptionError';
}

function fail(name: string, need: string, got: unknown): never {
  throw new IsrOptionError(`sw-isr: option "${name}" must be ${need}, got ${JSON.stringify(got) ?? String(got)}`);
}

function seconds(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(name, `a number of seconds ≥ ${min}`, value);
  }
  return value;
}

function strings(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    fail(name, 'an array of non-empty strings', value);
  }
  return [...(value as string[])];
}

function bytes(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(name, 'a whole number of bytes ≥ 1', value);
  return value;
}

/**
 * A URL of this site (a path, relative to the scope, or absolute on this origin): never another origin's (see
 * namesOtherOrigin). In a worker the origin is its own; elsewhere (unit tests, Node) any absolute URL is refused.
 */
function sitePath(name: string, value: string): string {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (namesOtherOrigin(value, origin && origin !== 'null' ? origin : undefined)) fail(name, "a path on this site such as /offline.html, not another origin's URL", value);
  return value;
}

function flag(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(name, 'true or false', value);
  return value;
}

/** A whole number ≥ 1, or null for no limit. */
function limit(name: string, value: unknown): number | null {
  if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) fail(name, 'a whole number ≥ 1, or null for no limit', value);
  return value;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') fail(name, 'a non-empty string', value);
  return value;
}

const KNOWN = new Set<string>(Object.keys(WORKER_DEFAULTS));

/**
 * The longest a timer can wait: setTimeout takes a 32-bit signed delay in every engine, and a longer one fires at
 * once (a timeout of a year aborted every revalidation as it started). A timeout that long means "none" already.
 */
const MAX_TIMER_SECONDS = (2 ** 31 - 1) / 1000;

/** Fills in defaults and checks every option; throws {@link IsrOptionError} on a bad or unknown one. */
export function resolveOptions(options: IsrOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(key, `one of ${[...KNOWN].join(', ')} (unknown option)`, key);
  }
  const expire = options.expire === undefined ? WORKER_DEFAULTS.expire : options.expire;
  const manifest = options.manifest ?? WORKER_DEFAULTS.manifest;
  if (typeof manifest !== 'string') fail('manifest', "a URL, or '' for none", manifest);
  // The manifest can drop and refresh pages and add precache entries: it must be this site's.
  if (manifest) sitePath('manifest', manifest);
  const offlinePage = options.offlinePage === undefined ? WORKER_DEFAULTS.offlinePage : options.offlinePage;
  if (typeof offlinePage !== 'string') fail('offlinePage', "a path on this site, or '' for the built-in page", offlinePage);
  const cacheName = text('cacheName', options.cacheName ?? WORKER_DEFAULTS.cacheName);
  // One cache for both would have the file collector delete pages, and the budget count them twice.
  const assetCacheName = text('assetCacheName', options.assetCacheName ?? WORKER_DEFAULTS.assetCacheName);
  if (assetCacheName === cacheName) fail('assetCacheName', 'a name other than cacheName\'s', assetCacheName);
  return {
    revalidate: seconds('revalidate', options.revalidate ?? WORKER_DEFAULTS.revalidate, 0),
    // A zero timeout would abort every revalidation before it starts.
    timeout: Math.min(seconds('timeout', options.timeout ?? WORKER_DEFAULTS.timeout, 0.001), MAX_TIMER_SECONDS),
    cacheName,
    dbName: text('dbName', options.dbName ?? WORKER_DEFAULTS.dbName),
    expire: expire === null ? null : seconds('expire', expire, 0),
    manifest,
    manifestInterval: seconds('manifestInterval', options.manifestInterval ?? WORKER_DEFAULTS.manifestInterval, 0),
    retryBase: seconds('retryBase', options.retryBase ?? WORKER_DEFAULTS.retryBase, 0),
    retryMax: seconds('retryMax', options.retryMax ?? WORKER_DEFAULTS.retryMax, 0),
    maxBodyBytes: bytes('maxBodyBytes', options.maxBodyBytes ?? WORKER_DEFAULTS.maxBodyBytes),
    dropGonePages: flag('dropGonePages', options.dropGonePages ?? WORKER_DEFAULTS.dropGonePages),
    ignoreParams: strings('ignoreParams', options.ignoreParams ?? WORKER_DEFAULTS.ignoreParams),
    exclude: strings('exclude', options.exclude ?? WORKER_DEFAULTS.exclude),
    claim: flag('claim', options.claim ?? WORKER_DEFAULTS.claim),
    assetCacheName,
    precache: strings('precache', options.precache ?? WORKER_DEFAULTS.precache).map((url) => sitePath('precache', url)),
    offlinePage: sitePath('offlinePage', offlinePage),
    maxEntries: limit('maxEntries', options.maxEntries === undefined ? WORKER_DEFAULTS.maxEntries : options.maxEntries),
    maxBytes: limit('maxBytes', options.maxBytes === undefined ? WORKER_DEFAULTS.maxBytes : options.maxBytes),
    navigationPreload: flag('navigationPreload', options.navigationPreload ?? WORKER_DEFAULTS.navigationPreload),
  };
}

/**
 * Reads options from the query of the worker's registration URL (`/sw-isr-worker.js?revalidate=60`), for sites with
 * no build step. Lists are comma-separated; `none` is null for `expire`, `maxEntries` and `maxBytes`. Returns what could be read and one message per value that could not, so
 * the caller can report them without refusing to start: a worker that fails to start would leave the site uncached.
 */
export function optionsFromQuery(search: string): { options: IsrOptions; errors: string[] } {
  const options: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, raw] of new URLSearchParams(search)) {
    let value: unknown = raw;
    if (['revalidate', 'timeout', 'manifestInterval', 'retryBase', 'retryMax', 'maxBodyBytes'].includes(key)) value = raw.trim() === '' ? NaN : Number(raw);
    else if (['expire', 'maxEntries', 'maxBytes'].includes(key)) value = raw === 'none' ? null : raw.trim() === '' ? NaN : Number(raw);
    else if (['ignoreParams', 'exclude', 'precache'].includes(key)) value = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (['claim', 'dropGonePages', 'navigationPreload'].includes(key)) value = raw === 'true' ? true : raw === 'false' ? false : raw;
    try {
      resolveOptions({ [key]: value } as IsrOptions);
      options[key] = value;
    } catch (error) {
      // Quote what was written in the URL, not the value it was converted to.
      errors.push((error as Error).message.replace(/, got .*$/s, `, got ${JSON.stringify(raw)}`));
    }
  }
  return { options: options as IsrOptions, errors };
}
