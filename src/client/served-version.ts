import { parseServerTiming, SERVER_TIMING_NAME, type CacheStatus } from '../shared/protocol.js';

/**
 * How the worker answered this document's navigation and which stored version it carried, read from the
 * `Server-Timing` entry the worker adds, and whether the navigation was the reader's reload. Null when the worker
 * did not answer it (first visit, no worker), or when the browser does not say.
 *
 * Without `url`, on a page a client-side router has since moved to (another path than the document's), as with it
 * for that page's URL.
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
  // A store made after a client-side router moved on (a React island hydrating on a page Astro swapped in) is not
  // about the document's navigation, but about the page the router fetched: the path tells.
  const loaded = performance.getEntriesByType('navigation')[0];
  if (!url && loaded && new URL(loaded.name).pathname !== location.pathname) url = location.href.split('#')[0];
  const navigation = (
    url ? performance.getEntriesByName(url, 'resource').filter((fetched) => fetched.startTime >= since) : [loaded]
  ).at(-1) as PerformanceNavigationTiming | undefined;
  const entry = navigation?.serverTiming?.find((timing) => timing.name === SERVER_TIMING_NAME);
  return entry ? { ...parseServerTiming(entry.description), reload: navigation!.type === 'reload' } : null;
}
