export { createFreshnessStore } from './freshness-store.js';
export type { FreshnessSnapshot, FreshnessStatus, FreshnessStore, FreshnessStoreOptions, UpdateMode } from './freshness-store.js';
export { morphDocument } from './morph-document.js';
export { registerWorker, type RegisterWorkerOptions } from './register-worker.js';
export { revalidatePath, revalidateTag, type OnDemandOptions } from './revalidate-on-demand.js';
export { persistStorage, storageStatus, type StorageStatus } from './storage-status.js';
export { defineBanner, SwIsrBanner } from './banner.js';
export { CLIENT_DEFAULTS } from '../shared/options.js';
export type { CacheStatus, PageInfo, PrecacheProgress } from '../shared/protocol.js';
