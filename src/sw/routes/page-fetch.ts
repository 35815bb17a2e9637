/**
 * The only headers a page fetch may carry: those a navigation carries too. A worker sees some the browser adds:
 * Chromium 156 shows `user-agent` and its `sec-ch-ua*` client hints on a plain `fetch()` (measured); a reload's
 * `cache-control` and `pragma`; WebKit's own validators (see navigation-route.ts).
 */
const NAVIGATION_HEADERS = new RegExp(
  '^(accept|accept-language|content-language|user-agent|sec-ch-ua[a-z-]*|' +
    'cache-control|pragma|if-none-match|if-modified-since)$',
);

/**
 * Whether a request that is not a navigation asks for a page: a client-side router's fetch of the next page's HTML
 * (Astro's `<ClientRouter />` does a plain `fetch(href)`, with no header of its own on a static host: mode `cors`,
 * destination empty, `Accept: *\/*`). The worker answers those from the same stored copy as a navigation to the URL,
 * so that clicking through the site and loading a page show one version. Decided on the request alone, without a
 * store read: a same-origin GET with an empty destination (fetch, XHR), whose path names a page (a folder, `.html`,
 * or no dot in its last segment: not an API's `.json`), whose Accept is `*\/*` or names HTML, and which carries no
 * header a navigation would not: a fragment request (htmx's `HX-Request`, Turbo's `Turbo-Frame`, pjax's `X-PJAX`)
 * is answered with part of a page, which must not be stored as the page or answered from it; `Authorization` makes
 * it one reader's; `Range` asks for part of it. `cache: 'no-store'` asks for the network and nothing kept. Scope and
 * `exclude` are checked by the caller, as for navigations.
 */
export function isPageFetch(request: Request, url: URL): boolean {
  if (request.method !== 'GET' || request.mode === 'navigate' || request.destination !== '') return false;
  if (request.cache === 'no-store') return false;
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  if (name.includes('.') && !/\.html?$/i.test(name)) return false;
  for (const [header] of request.headers) if (!NAVIGATION_HEADERS.test(header)) return false;
  // Exactly */* (a plain fetch) or HTML named: an API client's "application/json, text/plain, */*" (axios) is no
  // page fetch.
  const accept = request.headers.get('accept');
  return accept === null || accept === '*/*' || /text\/html/i.test(accept);
}
