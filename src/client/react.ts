export { useFreshness, type Freshness } from './use-freshness.js';
export type { FreshnessSnapshot, FreshnessStatus, FreshnessStoreOptions, UpdateMode } from './freshness-store.js';
