export { installIsr } from './install-isr.js';
export { IsrOptionError, type IsrOptions } from './context/options.js';
export { WORKER_DEFAULTS } from '../shared/options.js';
export type { BroadcastMessage, CacheStatus, PageInfo, PrecacheProgress, RemovedReason } from '../shared/protocol.js';
