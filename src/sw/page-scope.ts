/**
 * What this worker may store, decided in one place and checked where anything enters the cache. A page: same origin,
 * inside the worker's scope (a worker controls only those), under no `exclude` prefix. A file (a stored page's
 * script, style or font, a precached file): same origin and under no `exclude` prefix, outside the scope too, since a
 * controlled page's requests reach its worker whatever their path.
 */
export interface PageScope {
  page(url: string): boolean;
  file(url: string): boolean;
}

/** @param scope the registration's scope, an absolute URL @param exclude path prefixes, relative to the scope */
export function createPageScope(scope: string, exclude: readonly string[]): PageScope {
  const { origin } = new URL(scope);
  const excluded = exclude.map((prefix) => new URL(prefix, scope).pathname);
  const file = (url: string): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return parsed.origin === origin && !excluded.some((prefix) => parsed.pathname.startsWith(prefix));
  };
  return { file, page: (url) => url.startsWith(scope) && file(url) };
}
