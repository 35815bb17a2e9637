/**
 * Every option default of sw-isr, worker side and page side, in one place. The README's options table mirrors this
 * file; change a default here and there together.
 */

export const WORKER_DEFAULTS = {
  /**
   * Seconds a stored page counts as fresh when neither an `x-isr-revalidate` header nor an `isr:revalidate` meta tag
   * sets its own interval. Next.js has no default (pages are static until told); 60 s keeps a forgotten page from
   * lagging its origin by more than a minute of reading, at one conditional request per page per minute at most.
   */
  revalidate: 60,
  /**
   * Seconds a background revalidation waits for the origin before it aborts and keeps the stored copy. The reader
   * never waits on it; it only bounds how long the worker is kept alive for one page. At most 2147483 (24.8 days,
   * the longest a timer waits); a longer one counts as that.
   */
  timeout: 10,
  /**
   * After a failed background revalidation, seconds before the next automatic one; doubled after each further
   * failure up to `retryMax`. Reads in between are served the stored copy without a request, so a failing origin
   * sees one request per page per backoff step, not one per reader. A reader's reload or an explicit revalidate()
   * still goes through. Next.js waits 3 to 30 s; a static host that fails tends to fail for longer.
   */
  retryBase: 10,
  /** Cap of the retry backoff, in seconds. */
  retryMax: 600,
  /**
   * Largest page body stored, in bytes; a larger page is answered from the network and not stored. Workbox's
   * precache limit is the same 2 MiB; an HTML page above it is rare and better not kept offline.
   */
  maxBodyBytes: 2 * 1024 * 1024,
  /**
   * When a revalidation gets 404 or 410, the page is gone: drop the stored copy and its metadata and tell open tabs.
   * Off: keep serving the stored copy and count it as a failed revalidation.
   */
  dropGonePages: true,
  /** Cache Storage cache holding the pages. Versioned so that a format change can start a new cache. */
  cacheName: 'sw-isr-pages-v1',
  /** IndexedDB database holding per-page metadata. */
  dbName: 'sw-isr',
  /**
   * Query parameters left out of cache keys, so that a shared link with tracking parameters reads the same copy.
   * A name ending in `*` matches every parameter with that prefix.
   */
  ignoreParams: ['utm_*', 'fbclid', 'gclid'] as readonly string[],
  /**
   * Seconds after fetchedAt past which a stored page is too old to show while the network may have a newer one:
   * a reader's navigation then waits for the network and gets the stored copy only if the network fails
   * (stale-if-error). `null`: pages never expire, they are only revalidated in the background.
   */
  expire: null as number | null,
  /**
   * URL of the site manifest (relative to the worker's scope) that `sw-isr build` writes; the worker checks it with
   * a conditional request to refresh republished pages ahead of their interval. '' turns checking off.
   */
  manifest: 'isr-manifest.json',
  /**
   * Seconds between manifest checks at most. A check happens at the first navigation after that (so at the start
   * of a reading session) and when a tab regains focus; an unchanged manifest costs one 304.
   */
  manifestInterval: 60,
  /** Path prefixes inside the worker's scope that are never handled (they go to the network untouched). */
  exclude: [] as readonly string[],
  /**
   * Take over at once: a new worker skips waiting and claims open tabs, so a site gets ISR from the first visit.
   * Turn off to let a new version wait until every tab of the old one is closed.
   */
  claim: true,
  /**
   * Cache Storage cache holding the scripts, module preloads and stylesheets that stored pages reference (and the
   * precached files). A page is committed only once every one of them is here, so a stored page never points at a
   * file a deploy deleted.
   */
  assetCacheName: 'sw-isr-assets-v1',
  /**
   * URLs (relative to the worker's scope) stored at install, for reading offline before they are ever visited: the
   * app shell, chosen pages, files. Added to the `precache` list of the site manifest, which carries revisions so a
   * new deploy fetches only what changed.
   */
  precache: [] as readonly string[],
  /**
   * URL (relative to the scope) of the page shown, with status 503 and `x-isr-cache: OFFLINE`, for a navigation that
   * is neither stored nor reachable; it is precached. '' shows a small built-in page.
   */
  offlinePage: '',
  /**
   * Most pages kept; past it, the pages read longest ago are dropped. 1,000 holds a long reading history while
   * keeping every pass over the metadata (manifest check, reconcile, this budget) in the tens of milliseconds.
   * Precached pages are not counted out. `null`: no limit.
   */
  maxEntries: 1000 as number | null,
  /**
   * Most bytes of pages and their files kept; past it, the pages read longest ago are dropped and files no kept
   * page needs are collected. 50 MiB stays far below every browser's quota for a site (Chromium: 60% of the disk,
   * Safari: 1 GiB before it asks) and leaves room for the site's own storage. `null`: no limit but the quota.
   */
  maxBytes: 50 * 1024 * 1024 as number | null,
  /**
   * Navigation preload: the browser starts a navigation's network request while the worker starts up. It helps a
   * page that is not stored, but it is a network request for every navigation, fresh stored pages included, which
   * is the cost ISR exists to avoid; measured in bench/results/navigation-preload.md. Off by default.
   */
  navigationPreload: false,
} as const;

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
   * worker already revalidates on every read of a stale page and on focus.
   */
  refreshInterval: 0,
  /** How `applyUpdate()` and the banner's button show a new version: 'reload', or 'morph' (in place, keeping scroll,
   * focus and form input; falls back to a reload when the new version's scripts or styles differ). */
  updateMode: 'reload' as 'reload' | 'morph',
} as const;
