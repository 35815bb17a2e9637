/**
 * The key a page is stored under: the URL without its fragment, without ignored (tracking) parameters, and with the
 * remaining parameters in a stable order, so `?b=2&a=1` and `?a=1&b=2&utm_source=x` read one copy.
 */
export function cacheKey(url: string, ignoreParams: readonly string[]): string {
  const parsed = new URL(url);
  parsed.hash = '';
  if (parsed.search) {
    const kept = [...parsed.searchParams].filter(([name]) => !ignoreParams.some((pattern) =>
      pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
    kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    parsed.search = new URLSearchParams(kept).toString();
  }
  return parsed.href;
}
