/**
 * The key a page is stored under: the URL without its fragment, without ignored (tracking) parameters, and with the
 * remaining parameters in a stable order, so `?b=2&a=1` and `?a=1&b=2&utm_source=x` read one copy. Nothing else is
 * changed: each parameter is kept as it was written (`?a` stays `?a`, not `?a=`; `;` and a malformed escape such as
 * `%zz` are left alone), because re-encoding through URLSearchParams changes what some servers read. Empty segments
 * (`&&`) carry no parameter for any parser and are dropped.
 */
export function cacheKey(url: string, ignoreParams: readonly string[]): string {
  const parsed = new URL(url);
  parsed.hash = '';
  if (parsed.search) {
    const kept = parsed.search
      .slice(1)
      .split('&')
      .filter((segment) => segment !== '')
      .map((segment) => ({ segment, name: decodeName(segment.split('=', 1)[0]!) }))
      .filter(
        ({ name }) =>
          !ignoreParams.some((pattern) =>
            pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
          ),
      );
    // A stable sort: repeated names keep their order.
    kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    parsed.search = kept.length ? `?${kept.map(({ segment }) => segment).join('&')}` : '';
  }
  return parsed.href;
}

/**
 * A parameter's name as a form decoder reads it: `+` is a space, and each run of escapes is decoded on its own, so a
 * malformed one (`%zz`, a broken UTF-8 sequence) stays as written without keeping its neighbours from decoding.
 */
function decodeName(raw: string): string {
  return raw.replace(/\+/g, ' ').replace(/(%[\da-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * The URL a file is stored under: without its fragment, the rest as written. A Next.js payload fetch (one with
 * `_rsc`, the cache buster its router computes from the page it leaves, not from the file) drops its whole query: a
 * static export serves one file whatever the query, and the router keeps the page's own (`?utm_source=…`) on it.
 */
export function fileKey(url: URL): string {
  return url.searchParams.has('_rsc') ? url.origin + url.pathname : url.href.replace(/#.*$/, '');
}
