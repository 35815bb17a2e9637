/**
 * Every option of sw-isr in one place: the worker's in a table of metadata (kind, bounds, default, and the doc
 * comment on each entry), the page side's as plain defaults. From it come the worker's checks and its query parsing
 * (src/sw/context/options.ts), the `IsrOptions` type, the page side's defaults, the CLI's help and the README's
 * options tables (scripts/docs.mjs, which reads these doc comments). Add an option here and it is checked, parsed
 * from a worker URL's query and documented.
 */

/**
 * The longest a timer can wait: setTimeout takes a 32-bit signed delay in every engine, and a longer one fires at
 * once (a timeout of a year aborted every revalidation as it started). A timeout that long means "none" already.
 */
export const MAX_TIMER_SECONDS = (2 ** 31 - 1) / 1000;

/**
 * The page side's cap on a timer, in ms: 23 days, under the 2^31−1 ms a timer can wait (a longer delay fires at
 * once: a page with an `isr:revalidate` of a year made its tab spin ~250 wake-ups a second). A wait it cuts short is
 * simply taken up again when it fires.
 */
export const LONGEST_TIMER_MS = 2e9;

/** What an option holds, which decides its check, its query syntax and its type. */
export interface OptionSpec {
  default: unknown;
  /**
   * `seconds`: a number ≥ `min` (clamped to `max`); `bytes`, `count`: a whole number ≥ 1; `flag`: a boolean;
   * `name`: a non-empty string; `list`: non-empty strings; `path`: a URL of this site, or '' (`empty` says what ''
   * means); `paths`: URLs of this site.
   */
  kind: 'seconds' | 'bytes' | 'count' | 'flag' | 'name' | 'list' | 'path' | 'paths';
  min?: number;
  max?: number;
  /** Null is allowed, and means this. */
  nullable?: string;
  empty?: string;
}

export const WORKER_OPTIONS = {
  /**
   * Seconds a stored page counts as fresh when neither an `x-isr-revalidate` header nor an `isr:revalidate` meta tag
   * sets its own interval. Next.js has no default (pages are static until told); 60 s keeps a forgotten page from
   * lagging its origin by more than a minute of reading, at one conditional request per page per minute at most.
   */
  revalidate: { default: 60, kind: 'seconds', min: 0 },
  /**
   * Seconds a background revalidation waits for the origin before it aborts and keeps the stored copy. The reader
   * never waits on it; it only bounds how long the worker is kept alive for one page. At most 2147483 (24.8 days,
   * the longest a timer waits); a longer one counts as that.
   */
  timeout: { default: 10, kind: 'seconds', min: 0.001, max: MAX_TIMER_SECONDS },
  /**
   * After a failed background revalidation, seconds before the next automatic one; doubled after each further
   * failure up to `retryMax`, and each wait drawn between half and all of that, so that readers do not all come
   * back at once. Reads in between are served the stored copy without a request, so a failing origin sees one
   * request per page per backoff step, not one per reader. A reader's reload or an explicit revalidate() still goes
   * through, without lengthening the backoff; an attempt made while the browser is offline does not count at all.
   * Next.js waits 3 to 30 s.
   */
  retryBase: { default: 10, kind: 'seconds', min: 0 },
  /**
   * Cap of the retry backoff, in seconds: once the origin is back, a page read now and then is fresh again within
   * this long at worst (at the first read after its wait ends), and at once for a reader who reloads it.
   */
  retryMax: { default: 60, kind: 'seconds', min: 0 },
  /**
   * Largest page body stored, in bytes; a larger page is answered from the network and not stored. Workbox's
   * precache limit is the same 2 MiB; an HTML page above it is rare and better not kept offline.
   */
  maxBodyBytes: { default: 2 * 1024 * 1024, kind: 'bytes' },
  /**
   * When a revalidation gets 404 or 410, the page is gone: drop the stored copy and its metadata and tell open tabs.
   * Off: keep serving the stored copy and count it as a failed revalidation.
   */
  dropGonePages: { default: true, kind: 'flag' },
  /** Cache Storage cache holding the pages. Versioned so that a format change can start a new cache. */
  cacheName: { default: 'sw-isr-pages-v1', kind: 'name' },
  /** IndexedDB database holding per-page metadata. */
  dbName: { default: 'sw-isr', kind: 'name' },
  /**
   * Query parameters left out of cache keys, so that a shared link with tracking parameters reads the same copy.
   * A name ending in `*` matches every parameter with that prefix.
   */
  ignoreParams: { default: ['utm_*', 'fbclid', 'gclid'], kind: 'list' },
  /**
   * Seconds after fetchedAt past which a stored page is too old to show while the network may have a newer one:
   * a reader's navigation then waits for the network and gets the stored copy only if the network fails
   * (stale-if-error). `null`: pages never expire, they are only revalidated in the background.
   */
  expire: { default: null, kind: 'seconds', min: 0, nullable: 'never' },
  /**
   * URL of the site manifest (relative to the worker's scope) that `sw-isr build` writes; the worker checks it with
   * a conditional request to refresh republished pages ahead of their interval. '' turns checking off.
   */
  manifest: { default: 'isr-manifest.json', kind: 'path', empty: 'none' },
  /**
   * Seconds between manifest checks at most. A check happens at the first navigation after that (so at the start
   * of a reading session) and when a tab regains focus; an unchanged manifest costs one 304.
   */
  manifestInterval: { default: 60, kind: 'seconds', min: 0 },
  /** Path prefixes inside the worker's scope that are never handled (they go to the network untouched). */
  exclude: { default: [], kind: 'list' },
  /**
   * Take over at once: a new worker skips waiting and claims open tabs, so a site gets ISR from the first visit.
   * Turn off to let a new version wait until every tab of the old one is closed.
   */
  claim: { default: true, kind: 'flag' },
  /**
   * Cache Storage cache holding the scripts, module preloads and stylesheets that stored pages reference (and the
   * precached files). A page is committed only once every one of them is here, so a stored page never points at a
   * file a deploy deleted.
   */
  assetCacheName: { default: 'sw-isr-assets-v1', kind: 'name' },
  /**
   * URLs (relative to the worker's scope) stored at install, for reading offline before they are ever visited: the
   * app shell, chosen pages, files. Added to the `precache` list of the site manifest, which carries revisions so a
   * new deploy fetches only what changed.
   */
  precache: { default: [], kind: 'paths' },
  /**
   * URL (relative to the scope) of the page shown, with status 503 and `x-isr-cache: OFFLINE`, for a navigation that
   * is neither stored nor reachable; it is precached. '' shows a small built-in page.
   */
  offlinePage: { default: '', kind: 'path', empty: 'the built-in page' },
  /**
   * Most pages kept; past it, the pages read longest ago are dropped. 1,000 holds a long reading history while
   * keeping every pass over the metadata (manifest check, reconcile, this budget) in the tens of milliseconds.
   * Precached pages are not counted out. `null`: no limit.
   */
  maxEntries: { default: 1000, kind: 'count', nullable: 'no limit' },
  /**
   * Most bytes of pages and their files kept; past it, the pages read longest ago are dropped and files no kept
   * page needs are collected. 50 MiB stays far below every browser's quota for a site (Chromium: 60% of the disk,
   * Safari: 1 GiB before it asks) and leaves room for the site's own storage. `null`: no limit but the quota.
   */
  maxBytes: { default: 50 * 1024 * 1024, kind: 'bytes', nullable: 'no limit' },
  /**
   * Navigation preload: the browser starts a navigation's network request while the worker starts up. It helps a
   * page that is not stored, but it is a network request for every navigation, fresh stored pages included, which
   * is the cost ISR exists to avoid; measured in bench/results/navigation-preload.md. Off by default.
   */
  navigationPreload: { default: false, kind: 'flag' },
} as const satisfies Record<string, OptionSpec>;

type WorkerOptionTable = typeof WORKER_OPTIONS;

/** The value an option of this spec holds. */
export type OptionValue<S extends OptionSpec> =
  | (S['kind'] extends 'seconds' | 'bytes' | 'count'
      ? number
      : S['kind'] extends 'flag'
        ? boolean
        : S['kind'] extends 'list' | 'paths'
          ? readonly string[]
          : string)
  | (S extends { nullable: string } ? null : never);

/** Every worker option with its value, each documented by its table entry's comment. */
export type WorkerOptionValues = { -readonly [K in keyof WorkerOptionTable]: OptionValue<WorkerOptionTable[K]> };

function defaultsOf(table: Record<string, OptionSpec>): Readonly<WorkerOptionValues> {
  return Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [name, spec.default]),
  ) as unknown as WorkerOptionValues;
}

// Marked pure so that a bundle using only CLIENT_DEFAULTS (the script tag) drops the worker's table.
export const WORKER_DEFAULTS = /* @__PURE__ */ defaultsOf(WORKER_OPTIONS);

/** What an option needs, as its check's message and the README say it: "a number of seconds ≥ 0, or null for never". */
export function optionNeed(spec: OptionSpec): string {
  const need = {
    seconds: `a number of seconds ≥ ${spec.min}`,
    bytes: 'a whole number of bytes ≥ 1',
    count: 'a whole number ≥ 1',
    flag: 'true or false',
    name: 'a non-empty string',
    list: 'an array of non-empty strings',
    path: `a path on this site, or '' for ${spec.empty}`,
    paths: 'an array of paths on this site',
  }[spec.kind];
  return spec.nullable ? `${need}, or null for ${spec.nullable}` : need;
}

export const CLIENT_DEFAULTS = {
  /** URL of the worker script the page registers. */
  worker: '/sw-isr-worker.js',
  /** Registration scope; `undefined` lets the browser use the worker script's folder. */
  scope: undefined as string | undefined,
  /** Show the `<sw-isr-banner>` when the page being read has a newer version. */
  banner: true,
  /** Milliseconds a page waits for its worker's answer to a request before it gives up on that request. */
  requestTimeout: 5000,
  /**
   * When the tab becomes visible again, ask the worker to revalidate the page if it is stale. Costs nothing when the
   * page is fresh: the worker answers from the stamp on its stored copy.
   */
  revalidateOnFocus: true,
  /** When the browser comes back online, ask the worker to revalidate the page if it is stale. */
  revalidateOnReconnect: true,
  /** Milliseconds within which focus and reconnect checks after the first are skipped (SWR's default too). */
  focusThrottleInterval: 5000,
  /**
   * Milliseconds between checks while the tab is visible and online; 0 turns polling off. Off by default: the
   * worker already revalidates on every read of a stale page and on focus. At most 2e9 (23 days, under the longest
   * a timer waits); a longer one counts as that.
   */
  refreshInterval: 0,
  /** How `applyUpdate()` and the banner's button show a new version: 'reload', or 'morph' (in place, keeping scroll,
   * focus and form input; falls back to a reload when the new version's scripts or styles differ, or its head has a
   * `<noscript>`, which a parse for the morph cannot keep inert). */
  updateMode: 'reload' as 'reload' | 'morph',
} as const;
