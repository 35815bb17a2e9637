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
   * never waits on it; it only bounds how long the worker is kept alive for one page.
   */
  timeout: 10,
  /** Cache Storage cache holding the pages. Versioned so that a format change can start a new cache. */
  cacheName: 'sw-isr-pages-v1',
  /** IndexedDB database holding per-page metadata. */
  dbName: 'sw-isr',
  /**
   * Query parameters left out of cache keys, so that a shared link with tracking parameters reads the same copy.
   * A name ending in `*` matches every parameter with that prefix.
   */
  ignoreParams: ['utm_*', 'fbclid', 'gclid'] as readonly string[],
  /** Path prefixes inside the worker's scope that are never handled (they go to the network untouched). */
  exclude: [] as readonly string[],
  /**
   * Take over at once: a new worker skips waiting and claims open tabs, so a site gets ISR from the first visit.
   * Turn off to let a new version wait until every tab of the old one is closed.
   */
  claim: true,
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
} as const;
