import { CACHE_STATUS_HEADER, withServerTiming } from '../../shared/protocol.js';
import { hashBody } from './hash-body.js';
import { isHttpFresh } from '../http/http-freshness.js';
import { cacheOpener } from './cache-opener.js';
import { Flights } from '../util/flights.js';
import { runLimited } from '../util/run-limited.js';
import { release, storedHeaders } from './stored-headers.js';
import { isPersonal } from '../http/unstorable-reason.js';
import { conditionalOn } from '../http/conditional-headers.js';
import { rebuilt } from '../http/rebuilt.js';
import { putMakingRoom } from './put-making-room.js';
import { ClearedError } from './cleared.js';
import { warn } from '../util/log.js';
import { isScriptTagPart } from '../../shared/script-tag-parts.js';

const STORED_AT = 'x-isr-asset-stored-at';
const SIZE = 'x-isr-asset-size';
const HASH = 'x-isr-asset-hash';
/** On a stored payload (see page-directives.ts): the page it is a form of. */
const PAYLOAD_OF = 'x-isr-payload-of';
/** Files fetched at once for one page or one precache pass: enough to fill a connection, few enough to be polite. */
export const FETCH_CONCURRENCY = 4;
/** Headers a 304 refreshes on the stored copy (RFC 9111 §4.3.4); `Age` goes, since the copy is confirmed now. */
const REFRESHED = ['cache-control', 'expires', 'date', 'etag', 'last-modified', 'vary'];

/** What a stored file's headers say about it. */
export interface StoredAsset {
  storedAt: number;
  size: number;
  /** SHA-256 of the body, hex: compared with the manifest's revision of a precached file. */
  hash: string;
}

export function readAsset(headers: Headers): StoredAsset {
  return {
    storedAt: Number(headers.get(STORED_AT)) || 0,
    size: Number(headers.get(SIZE)) || 0,
    hash: headers.get(HASH) ?? '',
  };
}

/**
 * The pages a stored file is a payload of (several: `/b/` and `/b/?page=2` list the same file), or none for a file a
 * page needs (a script, a stylesheet).
 */
export function payloadOf(headers: Headers): string[] {
  return (headers.get(PAYLOAD_OF) ?? '').split(' ').filter(Boolean);
}

/** The owners to mark a downloaded payload with: those it had (the latest few), and `owner` last. */
function owners(stored: Response | undefined, owner: string | null): string | null {
  const known = stored ? payloadOf(stored.headers) : [];
  if (!owner) return known.length ? known.join(' ') : null;
  return [...known.filter((url) => url !== owner).slice(-7), owner].join(' ');
}

/** Whether a stored file is still fresh by its own caching headers, counted from when it was stored. */
export function isFreshFile(headers: Headers, now: number): boolean {
  return isHttpFresh(headers, readAsset(headers).storedAt, now);
}

/** A file that must not be kept (`no-store`, `private`): the page still commits, the file just is not offline. */
export class UnstorableAsset extends Error {}

/** A file at the origin answering 404 or 410. */
class GoneAsset extends Error {}

/** A file fetched and checked, not written yet: `write` stores it. */
interface Prepared {
  url: string;
  write(): Promise<void>;
}

/** What {@link AssetStore.ensure} kept, and which files it left out because the origin does not have them. */
export interface EnsuredAssets {
  kept: string[];
  missing: string[];
}

/** The store of files (see {@link createAssetStore}). */
export type AssetStore = ReturnType<typeof createAssetStore>;

/**
 * The files stored pages need (scripts, module preloads, stylesheets, fonts) and precached files, in their own
 * cache `cacheName`. The URLs held are also kept in memory, so the router can tell in a synchronous check whether a
 * request is one of ours; until that list has loaded, every script, style and font request is checked against the
 * cache. (A closure, not a class: its private parts minify to one letter.)
 */
export function createAssetStore(cacheName: string) {
  const openCache = cacheOpener(cacheName);
  let loading: Promise<void> | null = null;
  const downloads = new Flights<string, Prepared>();
  /** Files a store under way needs before its page is recorded: the collector must not take them meanwhile. */
  const pins = new Map<string, number>();
  /** How many times `clear` ran: a download that began before one is not written. */
  let clearCount = 0;

  const store = {
    known: new Set<string>(),
    loaded: false,
    /** Called when a write meets the quota, with the bytes wanted; it evicts pages read longest ago. */
    makeRoom: async (_bytes: number): Promise<void> => {},
    cache: openCache,

    load(): Promise<void> {
      return (loading ??= openCache()
        .then(async (cache) => {
          for (const request of await cache.keys()) store.known.add(request.url);
          store.loaded = true;
        })
        .catch((error: unknown) => {
          loading = null;
          warn('file-list-failed', error);
        }));
    },

    /**
     * Makes sure every file in `urls` is stored. A file already here is kept as it is unless `refresh` (the page
     * changed: an unversioned file may have changed with it, so it is fetched again unless its own caching headers
     * say it is fresh). Every file is fetched and checked before any is written, so a page that cannot commit leaves
     * the files of the version before it as they were. Rejects (naming the files) when any file could not
     * be fetched, except a 404 or 410 that `tolerateGone(url)` accepts (a file broken at the origin for the version
     * stored before too): those come back as `missing`. A part of sw-isr's script tag (see scriptTagParts) never
     * rejects: when it cannot be fetched its stored copy is kept, and without one it is left out.
     *
     * `payloads`: those of `urls` that are the page `of` in another form. They change with the page and say nothing
     * of it in their own caching headers, so they are asked for at every store, conditionally (an unchanged one costs
     * a 304), and stored marked as the page's (see {@link payloadOf}).
     */
    async ensure(
      urls: readonly string[],
      refresh: boolean,
      tolerateGone: (url: string) => boolean,
      payloads?: { of: string; urls: ReadonlySet<string> },
    ): Promise<EnsuredAssets> {
      await store.load();
      const failures: string[] = [];
      const missing: string[] = [];
      const skipped = new Set<string>();
      const prepared: Prepared[] = [];
      await runLimited(urls, FETCH_CONCURRENCY, async (url) => {
        try {
          const owner = payloads?.urls.has(url) ? payloads.of : null;
          if (!store.known.has(url) || owner || (refresh && !(await store.fresh(url))))
            prepared.push(await prepare(url, false, owner));
        } catch (error) {
          if (error instanceof UnstorableAsset) {
            // Not to be kept (private now, or redirected now): a copy stored earlier goes too.
            skipped.add(url);
            if (store.known.has(url)) await store.delete(url);
          } else if (isScriptTagPart(url)) {
            // A part of sw-isr's script tag (its banner) never holds a page back, whatever failed: a stored copy
            // stays listed (a deploy under way, a host's hiccup), and without one the page goes without it.
            if (!store.known.has(url)) skipped.add(url);
          } else if (error instanceof GoneAsset && tolerateGone(url)) missing.push(url);
          else failures.push(`${new URL(url).pathname}: ${(error as Error).message}`);
        }
      });
      if (failures.length) throw new Error(`files it needs could not be stored: ${failures.join('; ')}`);
      for (const file of prepared) await file.write();
      if (missing.length) warn('stored-without-files', missing);
      return { kept: urls.filter((url) => !skipped.has(url) && !missing.includes(url)), missing };
    },

    /**
     * Whether the stored copy of a file is fresh by its own caching headers (a versioned file usually is, for a year).
     */
    async fresh(url: string): Promise<boolean> {
      const headers = await storedHeaders(await openCache(), url);
      return headers !== null && isFreshFile(headers, Date.now());
    },

    /** Protects `urls` from the collector until the returned function is called. */
    pin(urls: readonly string[]): () => void {
      for (const url of urls) pins.set(url, (pins.get(url) ?? 0) + 1);
      return () => {
        for (const url of urls) {
          const left = (pins.get(url) ?? 1) - 1;
          if (left > 0) pins.set(url, left);
          else pins.delete(url);
        }
      };
    },

    pinned(url: string): boolean {
      return pins.has(url);
    },

    /** The SHA-256 of the stored copy of a file, or null when it is not stored. */
    async hash(url: string): Promise<string | null> {
      const headers = await storedHeaders(await openCache(), url);
      return headers && readAsset(headers).hash;
    },

    /** Fetches one file and stores it (a precached file; `html`: it may be an HTML page, as the offline page is). */
    async fetch(url: string, html: boolean): Promise<void> {
      await (await prepare(url, html)).write();
    },

    /** Every stored file and what its headers say, for the budget and the collector. */
    async list(): Promise<Map<string, StoredAsset>> {
      const cache = await openCache();
      const found = new Map<string, StoredAsset>();
      for (const { url } of await cache.keys()) {
        const headers = await storedHeaders(cache, url);
        if (headers) found.set(url, readAsset(headers));
      }
      return found;
    },

    async delete(url: string): Promise<void> {
      // Forgotten first: a store deciding meanwhile whether the file is here must fetch it again.
      store.known.delete(url);
      await (await openCache()).delete(url);
    },

    /**
     * Deletes every stored file. Entry by entry, not the cache itself: the handle opened once stays valid. A download
     * under way is not written when it lands (see `clears`).
     */
    async clear(): Promise<void> {
      clearCount++;
      const cache = await openCache();
      for (const request of await cache.keys()) await store.delete(request.url);
    },
  };

  /**
   * One fetch per URL at a time: a page's store and a precache pass wanting the same file share it. `owner`: the
   * page the file is a payload of.
   */
  function prepare(url: string, html: boolean, owner: string | null = null): Promise<Prepared> {
    // Keyed by the clear count too: a download begun before a clear writes nothing, so one asked for after it is
    // its own.
    return downloads.join(`${clearCount} ${url} ${owner}`, () => download(url, html, owner));
  }

  async function download(url: string, html: boolean, owner: string | null): Promise<Prepared> {
    const clears = clearCount;
    const cache = await openCache();
    const stored = await cache.match(url);
    // A file fetched again keeps the pages it is a payload of (a precache pass knows none of them).
    const marked = owners(stored, owner);
    const headers = conditionalOn(stored?.headers);
    // A file not stored yet: no-cache, so the HTTP cache may answer, but only once the origin confirmed its copy.
    // A stored one: our own validators, past the HTTP cache (no-store), which would otherwise make this wait for a
    // page's request of the same file that holds the HTTP cache's lock on it. Same-origin credentials, as the
    // page's own request would send.
    const response = await fetch(
      new Request(url, {
        headers,
        cache: stored ? 'no-store' : 'no-cache',
        credentials: 'same-origin',
        signal: AbortSignal.timeout(30_000),
      }),
    );
    if (response.status === 304 && stored) {
      // Unchanged at the origin: the stored copy is renewed, with the headers the 304 refreshes, so that its own
      // max-age counts from now.
      const renewed = new Headers(stored.headers);
      for (const name of REFRESHED) {
        const value = response.headers.get(name);
        if (value !== null) renewed.set(name, value);
      }
      renewed.delete('age');
      renewed.set(STORED_AT, String(Date.now()));
      if (marked) renewed.set(PAYLOAD_OF, marked);
      // Unchanged, but one reader's own now (the 304 says private, or varies on cookies): not kept any more.
      if (isPersonal(renewed)) {
        release(stored);
        throw new UnstorableAsset();
      }
      const body = await stored.arrayBuffer();
      return { url, write: () => put(url, () => rebuilt(stored, renewed, body, 200), body.byteLength, clears) };
    }
    release(stored);
    const cancel = () => release(response);
    if (response.status === 404 || response.status === 410) {
      cancel();
      throw new GoneAsset(`answered ${response.status}`);
    }
    if (response.status !== 200) {
      cancel();
      throw new Error(`answered ${response.status}`);
    }
    // One reader's file (a /session.js with their data): never kept, by the same rules as a page.
    if (isPersonal(response.headers)) {
      cancel();
      throw new UnstorableAsset();
    }
    // Redirected (a moved file, a CDN's versioned URL): stored under the asked URL it would be served without its
    // final URL, against which a script's relative imports and a stylesheet's url()s resolve. Such a file is left
    // to the network, which keeps the final URL; so is one followed to an excluded URL or another origin.
    // An HTML file (the offline page) is the exception: it is shown in place of other pages, under their URLs, and
    // hosts redirect such pages routinely (/offline.html → /offline, /offline → /offline/).
    const sameOrigin = new URL(response.url).origin === new URL(url).origin;
    if (response.redirected && !(html && sameOrigin)) {
      cancel();
      throw new UnstorableAsset();
    }
    // A host that answers unknown paths with its index page (an SPA fallback) would otherwise have a page stored
    // as a chunk that a deploy has not uploaded yet, and break it for good.
    if (!html && /^\s*text\/html/i.test(response.headers.get('content-type') ?? '')) {
      cancel();
      throw new Error('answered an HTML page, not the file (a fallback page for a missing file?)');
    }
    // Read whole before storing: a body cut short rejects here, and nothing half-written is stored.
    const body = await response.arrayBuffer();
    const kept = new Headers(response.headers);
    kept.set(STORED_AT, String(Date.now()));
    kept.set(SIZE, String(body.byteLength));
    kept.set(HASH, await hashBody(body));
    if (marked) kept.set(PAYLOAD_OF, marked);
    kept.set(CACHE_STATUS_HEADER, 'HIT');
    kept.set('server-timing', withServerTiming(kept.get('server-timing'), 'HIT', null));
    return { url, write: () => put(url, () => rebuilt(response, kept, body, 200), body.byteLength, clears) };
  }

  /**
   * Writes a downloaded file, unless the store was cleared since its download began (`clears` then), and takes it
   * out again if a clear began while it was written.
   */
  async function put(url: string, make: () => Response, bytes: number, clears: number): Promise<void> {
    if (clears !== clearCount) throw new ClearedError();
    const cache = await openCache();
    await putMakingRoom(cache, url, make, () => store.makeRoom(bytes));
    if (clears !== clearCount) {
      await cache.delete(url);
      throw new ClearedError();
    }
    store.known.add(url);
  }

  return store;
}
