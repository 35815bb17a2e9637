/**
 * Opens the Cache Storage cache `name` at the first call and hands out that one promise afterwards: opening once per
 * worker life keeps it off the hot path after the first request. A failed open is not remembered, or one bad moment
 * would disable the cache until the worker restarts.
 */
export function cacheOpener(name: string): () => Promise<Cache> {
  let opened: Promise<Cache> | null = null;
  return () => {
    if (!opened) {
      const opening = caches.open(name);
      opening.catch(() => {
        if (opened === opening) opened = null;
      });
      opened = opening;
    }
    return opened;
  };
}
