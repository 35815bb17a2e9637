import { CACHE_STATUS_HEADER, withServerTiming } from '../shared/protocol.js';
import { hashBody } from './hash-body.js';
import { isHttpFresh } from './http-freshness.js';
import { runLimited } from './run-limited.js';

const STORED_AT = 'x-isr-asset-stored-at';
const SIZE = 'x-isr-asset-size';
const REVISION = 'x-isr-asset-revision';
/** Files fetched at once for one page or one precache pass: enough to fill a connection, few enough to be polite. */
export const FETCH_CONCURRENCY = 4;

/** What a stored file's headers say about it. */
export interface StoredAsset {
  storedAt: number;
  size: number;
  /** The manifest's revision it was stored for, else the SHA-256 of its body. */
  revision: string;
}

export function readAsset(headers: Headers): StoredAsset {
  return { storedAt: Number(headers.get(STORED_AT)) || 0, size: Number(headers.get(SIZE)) || 0, revision: headers.get(REVISION) ?? '' };
}

/** Files a page needs that could not be stored; the page is then not committed. */
export class AssetsMissingError extends Error {
  constructor(readonly failures: string[]) {
    super(`files it needs could not be stored: ${failures.join('; ')}`);
  }
}

/** A file that must not be kept (`no-store`, `private`): the page still commits, the file just is not offline. */
class UnstorableAsset extends Error {}

/**
 * The files stored pages need (scripts, module preloads, stylesheets, fonts) and precached files, in their own
 * cache. The URLs held are also kept in memory, so the router can tell in a synchronous check whether a request is
 * one of ours; until that list has loaded, every script, style and font request is checked against the cache.
 */
export class AssetStore {
  readonly known = new Set<string>();
  loaded = false;
  private loading: Promise<void> | null = null;
  private opened: Promise<Cache> | null = null;
  private readonly inflight = new Map<string, Promise<void>>();
  /** Files a store under way needs before its page is recorded: the collector must not take them meanwhile. */
  private readonly pins = new Map<string, number>();

  constructor(private readonly cacheName: string) {}

  cache(): Promise<Cache> {
    if (!this.opened) {
      const opening = caches.open(this.cacheName);
      opening.catch(() => {
        if (this.opened === opening) this.opened = null;
      });
      this.opened = opening;
    }
    return this.opened;
  }

  load(): Promise<void> {
    this.loading ??= this.cache().then(async (cache) => {
      for (const request of await cache.keys()) this.known.add(request.url);
      this.loaded = true;
    }).catch((error: unknown) => {
      this.loading = null;
      console.warn('sw-isr: could not list the stored files', error);
    });
    return this.loading;
  }

  /**
   * Makes sure every file in `urls` is stored: a file already here is kept as it is unless `refresh` (the page
   * changed: an unversioned file may have changed with it, so it is fetched again, conditionally through the HTTP
   * cache). Resolves to the files actually kept; rejects with {@link AssetsMissingError} when any could not be,
   * unless `tolerateGone` and they are 404 or 410 (a first store of a page whose file is broken at the origin too).
   */
  async ensure(urls: readonly string[], refresh: boolean, tolerateGone: boolean): Promise<string[]> {
    await this.load();
    const failures: string[] = [];
    const kept: string[] = [];
    await runLimited(urls, FETCH_CONCURRENCY, async (url) => {
      try {
        if (!this.known.has(url) || (refresh && !(await this.fresh(url)))) await this.fetch(url, undefined);
        kept.push(url);
      } catch (error) {
        if (error instanceof UnstorableAsset) return;
        const message = `${new URL(url).pathname}: ${(error as Error).message}`;
        if (tolerateGone && /answered (404|410)/.test(message)) console.warn(`sw-isr: ${message}; the page is stored without it`);
        else failures.push(message);
      }
    });
    if (failures.length) throw new AssetsMissingError(failures);
    return urls.filter((url) => kept.includes(url));
  }

  /** Whether the stored copy of a file is fresh by its own caching headers (a versioned file usually is, for a year). */
  async fresh(url: string): Promise<boolean> {
    const stored = await (await this.cache()).match(url);
    if (!stored) return false;
    void stored.body?.cancel().catch(() => {});
    return isHttpFresh(stored.headers, readAsset(stored.headers).storedAt, Date.now());
  }

  /** Protects `urls` from the collector until the returned function is called. */
  pin(urls: readonly string[]): () => void {
    for (const url of urls) this.pins.set(url, (this.pins.get(url) ?? 0) + 1);
    return () => {
      for (const url of urls) {
        const left = (this.pins.get(url) ?? 1) - 1;
        if (left > 0) this.pins.set(url, left);
        else this.pins.delete(url);
      }
    };
  }

  pinned(url: string): boolean {
    return this.pins.has(url);
  }

  /** The revision a file was stored for, or null when it is not stored. */
  async revision(url: string): Promise<string | null> {
    const stored = await (await this.cache()).match(url);
    if (!stored) return null;
    void stored.body?.cancel().catch(() => {});
    return readAsset(stored.headers).revision;
  }

  /** Fetches one file past the HTTP cache's stale copies and stores it; one fetch per URL at a time. */
  fetch(url: string, revision: string | undefined): Promise<void> {
    const running = this.inflight.get(url);
    if (running) return running;
    const work = this.download(url, revision).finally(() => this.inflight.delete(url));
    this.inflight.set(url, work);
    return work;
  }

  private async download(url: string, revision: string | undefined): Promise<void> {
    const cache = await this.cache();
    const stored = await cache.match(url);
    const headers = new Headers();
    const etag = stored?.headers.get('etag');
    const lastModified = stored?.headers.get('last-modified');
    if (etag) headers.set('if-none-match', etag);
    if (lastModified) headers.set('if-modified-since', lastModified);
    // A file not stored yet: no-cache, so the HTTP cache may answer, but only once the origin confirmed its copy.
    // A stored one: our own validators, past the HTTP cache (no-store), which would otherwise make this wait for a
    // page's request of the same file that holds the HTTP cache's lock on it. Same-origin credentials, as the
    // page's own request would send.
    const response = await fetch(new Request(url, { headers, cache: stored ? 'no-store' : 'no-cache', credentials: 'same-origin', signal: AbortSignal.timeout(30_000) }));
    if (response.status === 304 && stored) {
      // Unchanged at the origin: the stored copy is renewed, so its own max-age counts from now.
      const renewed = new Headers(stored.headers);
      renewed.set(STORED_AT, String(Date.now()));
      if (revision) renewed.set(REVISION, revision);
      await cache.put(url, new Response(stored.body, { status: 200, statusText: stored.statusText, headers: renewed }));
      return;
    }
    void stored?.body?.cancel().catch(() => {});
    await this.store(url, response, revision);
  }

  /** Stores a fetched file under `url`; rejects when it is not a complete 200 that may be kept. */
  async store(url: string, response: Response, revision: string | undefined): Promise<void> {
    if (response.status !== 200) {
      void response.body?.cancel().catch(() => {});
      throw new Error(`answered ${response.status}`);
    }
    if (/(?:^|,)\s*(no-store|private)\b/i.test(response.headers.get('cache-control') ?? '')) {
      void response.body?.cancel().catch(() => {});
      throw new UnstorableAsset();
    }
    // Read whole before storing: a body cut short rejects here, and nothing half-written is stored.
    const body = await response.arrayBuffer();
    const headers = new Headers(response.headers);
    headers.set(STORED_AT, String(Date.now()));
    headers.set(SIZE, String(body.byteLength));
    headers.set(REVISION, revision ?? (await hashBody(body)));
    headers.set(CACHE_STATUS_HEADER, 'HIT');
    headers.set('server-timing', withServerTiming(headers.get('server-timing'), 'HIT', null));
    await (await this.cache()).put(url, new Response(body, { status: 200, statusText: response.statusText, headers }));
    this.known.add(url);
  }

  /** Every stored file and what its headers say, for the budget and the collector. */
  async list(): Promise<Map<string, StoredAsset>> {
    const cache = await this.cache();
    const found = new Map<string, StoredAsset>();
    for (const request of await cache.keys()) {
      const stored = await cache.match(request);
      if (!stored) continue;
      void stored.body?.cancel().catch(() => {});
      found.set(request.url, readAsset(stored.headers));
    }
    return found;
  }

  async delete(url: string): Promise<void> {
    await (await this.cache()).delete(url);
    this.known.delete(url);
  }
}
