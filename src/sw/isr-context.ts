import { CHANNEL_NAME, MESSAGE_META, type BroadcastMessage, type PrecacheProgress } from '../shared/protocol.js';
import { AssetStore } from './asset-store.js';
import { evictForRoom } from './evict-for-room.js';
import type { ResolvedOptions } from './options.js';
import { PageMetaDb } from './page-meta-db.js';
import { createPageScope, type PageScope } from './page-scope.js';

declare let self: ServiceWorkerGlobalScope;

/** Network work under way for one page: a first fetch (`miss`) or a revalidation. */
export interface Inflight {
  kind: 'miss' | 'revalidate';
  done: Promise<boolean>;
}

/** What the handlers of one installed engine share. Created once per worker by `installIsr`. */
export interface IsrContext {
  options: ResolvedOptions;
  /** What this worker may store (scope and `exclude`), checked wherever anything enters the cache. */
  scope: PageScope;
  cache(): Promise<Cache>;
  db: PageMetaDb;
  /** The files stored pages need, and precached files. */
  assets: AssetStore;
  /** At most one network fetch per page at a time: every tab is served by this one worker. */
  inflight: Map<string, Inflight>;
  /** The manifest check under way, if any, and when the last one started (ms; 0 at worker start). */
  manifestCheck: Promise<void> | null;
  lastManifestCheck: number;
  /** Until when (ms) an inspector wants each navigation's verdict announced; 0: none is open. */
  inspectingUntil: number;
  /** The once-per-worker-life healing of cache and metadata (see reconcile.ts). */
  reconciled: Promise<void> | null;
  /** The storage upkeep pass running (budget, then collection), and whether another is wanted after it. */
  upkeep: { running: Promise<void> | null; again: boolean };
  /**
   * The precache pass running, the progress of the last one in this worker's life, and what the running pass is
   * storing (kept from the budget and the collector before the pass has recorded it).
   */
  precache: { running: Promise<void> | null; progress: PrecacheProgress | null; storing: Set<string> };
  announce(message: DistributiveOmit<BroadcastMessage, 'meta'>): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function createIsrContext(options: ResolvedOptions): IsrContext {
  let cache: Promise<Cache> | null = null;
  let channel: BroadcastChannel | null = null;
  const ctx: IsrContext = {
    options,
    scope: createPageScope(self.registration.scope, options.exclude),
    cache() {
      // Opening the cache once per worker life keeps it off the hot path after the first request.
      if (!cache) {
        const opening = caches.open(options.cacheName);
        // A failed open is not remembered, or one bad moment would disable the cache until the worker restarts.
        opening.catch(() => {
          if (cache === opening) cache = null;
        });
        cache = opening;
      }
      return cache;
    },
    db: new PageMetaDb(options.dbName),
    assets: new AssetStore(options.assetCacheName),
    inflight: new Map(),
    manifestCheck: null,
    lastManifestCheck: 0,
    reconciled: null,
    upkeep: { running: null, again: false },
    precache: { running: null, progress: null, storing: new Set() },
    inspectingUntil: 0,
    announce(message) {
      channel ??= new BroadcastChannel(CHANNEL_NAME);
      channel.postMessage({ ...message, meta: MESSAGE_META });
    },
  };
  ctx.assets.makeRoom = (bytes) => evictForRoom(ctx, '', bytes);
  ctx.assets.mayStore = ctx.scope.file;
  return ctx;
}
