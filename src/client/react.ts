export { useFreshness, type Freshness } from './use-freshness.js';
export type { FreshnessSnapshot, FreshnessStatus } from './freshness-snapshot.js';
export type { FreshnessStoreOptions, UpdateMode } from './freshness-store.js';
