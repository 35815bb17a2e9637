import { CHANNEL_NAME, MESSAGE_META, type BroadcastMessage } from '../../shared/protocol.js';
import { AssetStore } from '../storage/asset-store.js';
import { PageMetaDb } from '../storage/page-meta-db.js';
import type { ResolvedOptions } from './options.js';
import { createPageScope, type PageScope } from './page-scope.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * What every part of one installed engine shares: its options, its stores and its voice. State that belongs to one
 * piece of work (a flight, a pass, a schedule) lives in the module that owns it, keyed by this context
 * (see per-context.ts), so no feature reaches into another's.
 */
export interface IsrContext {
  readonly options: ResolvedOptions;
  /** What this worker may store (scope and `exclude`), checked wherever anything enters the cache. */
  readonly scope: PageScope;
  cache(): Promise<Cache>;
  readonly db: PageMetaDb;
  /** The files stored pages need, and precached files. */
  readonly assets: AssetStore;
  announce(message: DistributiveOmit<BroadcastMessage, 'meta'>): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function createIsrContext(options: ResolvedOptions): IsrContext {
  let cache: Promise<Cache> | null = null;
  let channel: BroadcastChannel | null = null;
  const scope = createPageScope(self.registration.scope, options.exclude);
  const assets = new AssetStore(options.assetCacheName);
  return {
    options,
    scope,
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
    assets,
    announce(message) {
      channel ??= new BroadcastChannel(CHANNEL_NAME);
      channel.postMessage({ ...message, meta: MESSAGE_META });
    },
  };
}
