import { parseServerTiming, SERVER_TIMING_NAME, type CacheStatus } from '../shared/protocol.js';

/**
 * How the worker answered this document's navigation and which stored version it carried, read from the
 * `Server-Timing` entry the worker adds, and whether the navigation was the reader's reload. Null when the worker
 * did not answer it (first visit, no worker).
 */
export function servedVersion(): { status: CacheStatus; version: number | null; reload: boolean } | null {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const entry = navigation?.serverTiming?.find((timing) => timing.name === SERVER_TIMING_NAME);
  return entry ? { ...parseServerTiming(entry.description), reload: navigation!.type === 'reload' } : null;
}
