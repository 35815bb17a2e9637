/**
 * What this worker may store, decided in one place and checked where anything enters the cache. A page: same origin,
 * inside the worker's scope (a worker controls only those), under no `exclude` prefix. A file (a stored page's
 * script, style or font, a precached file): same origin and under no `exclude` prefix, outside the scope too, since a
 * controlled page's requests reach its worker whatever their path.
 */
export interface PageScope {
  /** A URL object is taken as it is: the routes hold one already, and parsing again costs each navigation. */
  page(url: URL | string): boolean;
  file(url: URL | string): boolean;
}

/** @param scope the registration's scope, an absolute URL @param exclude path prefixes, relative to the scope */
export function createPageScope(scope: string, exclude: readonly string[]): PageScope {
  const { origin } = new URL(scope);
  const excluded = exclude.map((prefix) => new URL(prefix, scope).pathname);
  const parse = (url: URL | string): URL | null => {
    if (typeof url !== 'string') return url;
    try {
      return new URL(url);
    } catch {
      return null;
    }
  };
  const file = (url: URL | string): boolean => {
    const parsed = parse(url);
    return (
      parsed !== null && parsed.origin === origin && !excluded.some((prefix) => parsed.pathname.startsWith(prefix))
    );
  };
  const page = (url: URL | string): boolean => {
    const parsed = parse(url);
    return parsed !== null && parsed.href.startsWith(scope) && file(parsed);
  };
  return { file, page };
}
