import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { WorkerState } from './worker-state.js';
import { warn } from '../util/log.js';

/** Per-page metadata. Mirrors the stamp on the cached response and adds what only an index needs. */
export interface PageRecord {
  /** Cache key: absolute URL without fragment or ignored parameters. */
  url: string;
  fetchedAt: number;
  version: number;
  revalidate: number;
  hash: string;
  tags: string[];
  /** The same-origin files the stored copy needs (absolute URLs); absent in records of older versions. */
  assets?: string[];
  /** Validators of the stored response, sent on revalidation. */
  etag: string | null;
  lastModified: string | null;
  /** Body size in bytes. */
  size: number;
  /** Last time a reader was served this page; for least-recently-used eviction. */
  lastAccessedAt: number;
  /**
   * The hash a manifest check last compared this page at: the one listed for it, or its own when a check found it
   * unchanged. Absent when no check has compared it yet (stored since the last, or its body changed since).
   */
  manifestHash?: string;
  /**
   * Until when (ms) a revalidation of this page is under way. A worker stopped mid-revalidation loses its memory of
   * it; the lease keeps its successor from starting a second one, and expires so that a dead one never blocks.
   */
  leaseUntil?: number;
  /** Why the last revalidation failed, and how many failed in a row; cleared by a success. */
  lastError?: string | null;
  failures?: number;
}

export const DB_VERSION = 2;
const IDB_TIMEOUT = 3000;
export const PAGES_STORE = 'pages';
export const STATE_STORE = 'state';

export interface PageMetaSchema extends DBSchema {
  pages: {
    key: string;
    value: PageRecord;
    indexes: { 'by-tag': string; 'by-accessed': number };
  };
  /** Small worker-wide facts that must outlive a worker restart, such as the manifest's validators. */
  state: { key: string; value: unknown };
}

/**
 * Brings a database of any earlier version to {@link DB_VERSION}. Each step starts where the previous one ended, so a
 * database skipped by several releases climbs every step in order. Exported so that tests can build old versions.
 */
export function upgrade(db: IDBPDatabase<PageMetaSchema>, oldVersion: number): void {
  if (oldVersion < 1) {
    const pages = db.createObjectStore(PAGES_STORE, { keyPath: 'url' });
    pages.createIndex('by-tag', 'tags', { multiEntry: true });
    pages.createIndex('by-accessed', 'lastAccessedAt');
  }
  if (oldVersion < 2) {
    db.createObjectStore(STATE_STORE);
  }
}

/** The metadata store (see {@link createPageMetaDb}). */
export type PageMetaDb = ReturnType<typeof createPageMetaDb>;

/**
 * The metadata store of the database `name`, opened at its first use. Every method swallows IndexedDB failures
 * (unavailable, blocked, quota) after logging them: metadata helps, but pages must be served without it. (A closure,
 * not a class: its private parts minify to one letter.)
 */
export function createPageMetaDb(name: string) {
  let connection: Promise<IDBPDatabase<PageMetaSchema>> | null = null;
  let touched = new Map<string, number>();
  let retired = false;
  let flushing: Promise<void> | null = null;

  const open = (): Promise<IDBPDatabase<PageMetaSchema>> => {
    if (connection) return connection;
    const opening = openDB<PageMetaSchema>(name, DB_VERSION, {
      upgrade,
      // Another version of the worker holds the database open with an older schema; it will close on its own.
      blocked: () => warn('db-upgrade-blocked'),
      // A newer worker wants the database (to upgrade it, or to delete it: the way out): let it, and use it no more
      // in this worker's life. Reopening would fail against a newer version, or make again a database just deleted.
      blocking: () => {
        void connection?.then((db) => db.close());
        connection = null;
        retired = true;
      },
      terminated: () => {
        connection = null;
      },
    });
    // A failed open must not be remembered, or one bad moment would disable metadata until the worker restarts.
    opening.catch(() => {
      if (connection === opening) connection = null;
    });
    connection = opening;
    return connection;
  };

  /** `what`: the operation, named in the console's `db-failed` by a short name (`get`, `lru`, `lease`, …). */
  async function attempt<T>(
    what: string,
    work: (db: IDBPDatabase<PageMetaSchema>) => Promise<T>,
    fallback: T,
  ): Promise<T> {
    if (retired) return fallback;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // A blocked upgrade or a stuck transaction must not hold up a revalidation, let alone a reader waiting on one.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${IDB_TIMEOUT} ms`)), IDB_TIMEOUT);
      });
      return await Promise.race([open().then(work), timeout]);
    } catch (error) {
      warn('db-failed', what, error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  const store = {
    /**
     * How many times {@link clear} ran in this worker's life. Work that fetched before a clear compares it with the
     * count it started with and does not write: a logout must not be undone by a revalidation that was under way.
     */
    clears: 0,

    get(url: string): Promise<PageRecord | undefined> {
      return attempt('get', (db) => db.get(PAGES_STORE, url), undefined);
    },

    /** Writes a page's record, keeping its lastAccessedAt when the caller has none newer. */
    put(record: PageRecord): Promise<void> {
      return attempt(
        'put',
        async (db) => {
          const tx = db.transaction(PAGES_STORE, 'readwrite', { durability: 'relaxed' });
          const previous = await tx.store.get(record.url);
          const lastAccessedAt = Math.max(
            record.lastAccessedAt,
            previous?.lastAccessedAt ?? 0,
            touched.get(record.url) ?? 0,
          );
          // A new body drops the listed hash it was compared with: the page may be listed at that hash again later
          // (a change reverted), and must then be refreshed.
          const manifestHash =
            record.manifestHash ?? (previous?.hash === record.hash ? previous.manifestHash : undefined);
          await Promise.all([
            tx.store.put({ ...record, lastAccessedAt, ...(manifestHash === undefined ? {} : { manifestHash }) }),
            tx.done,
          ]);
        },
        undefined,
      );
    },

    /**
     * Records a read for eviction. Reads are collected and written in one transaction a moment later, so a burst of
     * hits costs one write and no hit waits on IndexedDB. The returned promise is for `event.waitUntil`.
     */
    touch(url: string, at: number): Promise<void> {
      touched.set(url, at);
      flushing ??= new Promise<void>((resolve) => setTimeout(resolve, 250)).then(() => store.flushTouches());
      return flushing;
    },

    /** Writes the reads collected so far now (before an eviction decides by them). */
    flushTouches(): Promise<void> {
      const batch = touched;
      touched = new Map();
      flushing = null;
      if (!batch.size) return Promise.resolve();
      return attempt(
        'touch',
        async (db) => {
          const tx = db.transaction(PAGES_STORE, 'readwrite', { durability: 'relaxed' });
          await Promise.all([
            ...[...batch].map(async ([url, at]) => {
              const record = await tx.store.get(url);
              if (record && record.lastAccessedAt < at) await tx.store.put({ ...record, lastAccessedAt: at });
            }),
            tx.done,
          ]);
        },
        undefined,
      );
    },

    all(): Promise<PageRecord[]> {
      return attempt('all', (db) => db.getAll(PAGES_STORE), []);
    },

    /**
     * Every record, or null when IndexedDB could not be read: for decisions that must not mistake "unknown" for "none".
     */
    allOrNull(): Promise<PageRecord[] | null> {
      return attempt<PageRecord[] | null>('all', (db) => db.getAll(PAGES_STORE), null);
    },

    urlsTagged(tag: string): Promise<string[]> {
      return attempt('tag', (db) => db.getAllKeysFromIndex(PAGES_STORE, 'by-tag', tag), []);
    },

    /** Sets fields of existing records in one transaction; records that are gone stay gone. */
    patch(changes: Map<string, Partial<PageRecord> & { ifHash?: string }>): Promise<void> {
      return attempt(
        'patch',
        async (db) => {
          const tx = db.transaction(PAGES_STORE, 'readwrite', { durability: 'relaxed' });
          await Promise.all([
            ...[...changes].map(async ([url, { ifHash, ...change }]) => {
              const record = await tx.store.get(url);
              // `ifHash`: only onto that body (a mark made from it must not land on a copy stored since).
              if (record && (ifHash === undefined || record.hash === ifHash))
                await tx.store.put({ ...record, ...change });
            }),
            tx.done,
          ]);
        },
        undefined,
      );
    },

    /** The least recently read pages, oldest first, leaving out `keep`. */
    async leastRecentlyRead(limit: number, keep: string): Promise<PageRecord[]> {
      return attempt(
        'lru',
        async (db) => {
          const found: PageRecord[] = [];
          let cursor = await db.transaction(PAGES_STORE).store.index('by-accessed').openCursor();
          while (cursor && found.length < limit) {
            if (cursor.value.url !== keep) found.push(cursor.value);
            cursor = await cursor.continue();
          }
          return found;
        },
        [],
      );
    },

    /**
     * Takes the revalidation lease of a page for `ms`, unless another holds an unexpired one; resolves to whether it
     * was taken. Without metadata (or without IndexedDB) there is nothing to coordinate through, and it is taken.
     */
    takeLease(url: string, ms: number): Promise<boolean> {
      return attempt(
        'lease',
        async (db) => {
          const tx = db.transaction(PAGES_STORE, 'readwrite', { durability: 'relaxed' });
          const record = await tx.store.get(url);
          const now = Date.now();
          if (record && (record.leaseUntil ?? 0) > now) return false;
          if (record) await tx.store.put({ ...record, leaseUntil: now + ms });
          await tx.done;
          return true;
        },
        true,
      );
    },

    getState<K extends keyof WorkerState>(key: K): Promise<WorkerState[K] | undefined> {
      return attempt('state', async (db) => (await db.get(STATE_STORE, key)) as WorkerState[K] | undefined, undefined);
    },

    /** A state value ({value: undefined} when unset), or null when IndexedDB could not be read. */
    stateOrNull<K extends keyof WorkerState>(key: K): Promise<{ value: WorkerState[K] | undefined } | null> {
      return attempt<{ value: WorkerState[K] | undefined } | null>(
        'state',
        async (db) => ({ value: (await db.get(STATE_STORE, key)) as WorkerState[K] | undefined }),
        null,
      );
    },

    setState<K extends keyof WorkerState>(key: K, value: WorkerState[K]): Promise<void> {
      return attempt('setState', async (db) => void (await db.put(STATE_STORE, value, key)), undefined);
    },

    delete(url: string): Promise<void> {
      return attempt('delete', (db) => db.delete(PAGES_STORE, url), undefined);
    },

    /**
     * Forgets every page's record and the worker's state but the site's declared precache list (`manifest-precache`,
     * the site's and no reader's), in one transaction: the manifest's validators go, so the next check reads it in
     * full. Counted (`clears`) at once, before any await. Rejects when IndexedDB could not be cleared (logged), so
     * that a clear is never reported done while the reader's pages are still listed.
     */
    async clear(): Promise<void> {
      store.clears++;
      touched.clear();
      const cleared = await attempt(
        'clear',
        async (db) => {
          const tx = db.transaction([PAGES_STORE, STATE_STORE], 'readwrite');
          const state = tx.objectStore(STATE_STORE);
          const work = (async () => {
            const keys = (await state.getAllKeys()).filter((key) => key !== 'manifest-precache');
            await Promise.all([tx.objectStore(PAGES_STORE).clear(), ...keys.map((key) => state.delete(key))]);
          })();
          // Both awaited together: a failed request aborts the transaction, and neither rejection goes unheard.
          await Promise.all([work, tx.done]);
          return true;
        },
        false,
      );
      if (!cleared) throw new Error('metadata not cleared');
    },
  };
  return store;
}
