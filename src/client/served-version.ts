import { parseServerTiming, SERVER_TIMING_NAME, type CacheStatus } from '../shared/protocol.js';

/**
 * How the worker answered this document's navigation and which stored version it carried, read from the
 * `Server-Timing` entry the worker adds, and whether the navigation was the reader's reload. Null when the worker
 * did not answer it (first visit, no worker), or when the browser does not say.
 *
 * With `url`: the newest fetch of that URL begun at `since` (a `performance.now()`) or later: a client-side router's
 * fetch of the page it swapped in, which the worker answers as it does a navigation. An earlier fetch of the same
 * URL carried an older version; none is found once the browser's resource timing buffer is full (250 entries by
 * default), or for a page the router reached through a redirect (the entry keeps the URL asked for): null then.
 */
export function servedVersion(
  url?: string,
  since = 0,
): { status: CacheStatus; version: number | null; reload: boolean } | null {
  const navigation = (
    url
      ? performance.getEntriesByName(url, 'resource').filter((fetched) => fetched.startTime >= since)
      : performance.getEntriesByType('navigation')
  ).at(-1) as PerformanceNavigationTiming | undefined;
  const entry = navigation?.serverTiming?.find((timing) => timing.name === SERVER_TIMING_NAME);
  return entry ? { ...parseServerTiming(entry.description), reload: navigation!.type === 'reload' } : null;
}
