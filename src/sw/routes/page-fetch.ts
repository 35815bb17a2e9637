/**
 * Whether a request that is not a navigation asks for a page: a client-side router's fetch of the next page's HTML
 * (Astro's `<ClientRouter />` does a plain `fetch(href)`, with no header of its own on a static host: mode `cors`,
 * destination empty, `Accept: *\/*`; its prefetch does the same, or a `<link rel="prefetch">`). The worker answers
 * those from the same stored copy as a navigation to the URL, so that clicking through the site and loading a page
 * show one version. Decided on the request alone, without a store read: a same-origin GET with an empty destination
 * (fetch, XHR, a prefetch link), whose path names a page (a folder, `.html`, or no extension: not an API's `.json`)
 * and whose Accept takes HTML. Scope and `exclude` are checked by the caller, as for navigations.
 */
export function isPageFetch(request: Request, url: URL): boolean {
  if (request.method !== 'GET' || request.mode === 'navigate' || request.destination !== '') return false;
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  if (name.includes('.') && !/\.html?$/i.test(name)) return false;
  const accept = request.headers.get('accept');
  return accept === null || /text\/html|\*\/\*/i.test(accept);
}
