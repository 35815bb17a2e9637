import { CHANNEL_NAME, MESSAGE_META, type BroadcastMessage } from '../../shared/protocol.js';
import { createAssetStore, type AssetStore } from '../storage/asset-store.js';
import { cacheOpener } from '../storage/cache-opener.js';
import { createPageMetaDb, type PageMetaDb } from '../storage/page-meta-db.js';
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
  let channel: BroadcastChannel | null = null;
  const scope = createPageScope(self.registration.scope, options.exclude);
  const assets = createAssetStore(options.assetCacheName);
  return {
    options,
    scope,
    cache: cacheOpener(options.cacheName),
    db: createPageMetaDb(options.dbName),
    assets,
    announce(message) {
      channel ??= new BroadcastChannel(CHANNEL_NAME);
      channel.postMessage({ ...message, meta: MESSAGE_META });
    },
  };
}
