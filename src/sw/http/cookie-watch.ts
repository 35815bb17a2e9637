declare let self: ServiceWorkerGlobalScope & { cookieStore?: CookieStore };

/**
 * Browsers hide `Set-Cookie` from a worker's fetch(), but a response that sets a cookie the worker can read changes
 * what `cookieStore.getAll()` returns: such a page is one reader's and is never stored. Takes a reading now; the
 * function returned says whether the cookies differ since (a cookie set, changed or cleared). What can be read: the
 * cookies of the worker's scope URL (Chromium 156 refuses any other `url`, even the scope's own, in a worker), not
 * HttpOnly ones; a worker without `cookieStore` sees nothing, and Firefox ESR 153's sees no change. A page that
 * sets cookies must therefore still say `Cache-Control: private` (see the README). A change made by another tab at
 * the same moment counts too: the page is then not stored this once, which is the safe mistake.
 */
export async function watchCookies(): Promise<() => Promise<boolean>> {
  const store = self.cookieStore;
  const read = async () => (store ? JSON.stringify(await store.getAll().catch(() => null)) : '');
  const before = await read();
  return async () => (await read()) !== before;
}
