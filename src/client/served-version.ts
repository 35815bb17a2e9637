import { parseServerTiming, SERVER_TIMING_NAME, type CacheStatus } from '../shared/protocol.js';

/**
 * How the worker answered this document's navigation and which stored version it carried, read from the
 * `Server-Timing` entry the worker adds, and whether the navigation was the reader's reload. Null when the worker
 * did not answer it (first visit, no worker), or when the browser does not say.
 */
export function servedVersion(url?: string): { status: CacheStatus; version: number | null; reload: boolean } | null {
  // With a URL: the last fetch of it (a client-side router's, which the worker answers as it does a navigation).
  const navigation = (
    url ? performance.getEntriesByName(url, 'resource') : performance.getEntriesByType('navigation')
  ).at(-1) as PerformanceNavigationTiming | undefined;
  const entry = navigation?.serverTiming?.find((timing) => timing.name === SERVER_TIMING_NAME);
  return entry ? { ...parseServerTiming(entry.description), reload: navigation!.type === 'reload' } : null;
}
