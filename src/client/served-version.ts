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
  const fetched = (page: string) =>
    performance.getEntriesByName(page, 'resource').filter((entry) => entry.startTime >= since);
  let entries = url ? fetched(url) : performance.getEntriesByType('navigation');
  // A store made after a client-side router moved on (a React island hydrating on a page Astro swapped in) is about
  // the page the router fetched, not the document's navigation: another path, and a fetch of it. (A path changed by
  // history alone, as a single-page app's router does, keeps the navigation's.)
  if (!url && entries[0] && new URL(entries[0].name).pathname !== location.pathname) {
    const routed = fetched(location.href.split('#')[0]!);
    if (routed.length) entries = routed;
  }
  const navigation = entries.at(-1) as PerformanceNavigationTiming | undefined;
  const entry = navigation?.serverTiming?.find((timing) => timing.name === SERVER_TIMING_NAME);
  return entry ? { ...parseServerTiming(entry.description), reload: navigation!.type === 'reload' } : null;
}
