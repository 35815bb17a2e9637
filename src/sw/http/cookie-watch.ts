declare let self: ServiceWorkerGlobalScope & { cookieStore?: CookieStore };

/**
 * Browsers hide `Set-Cookie` from a worker's fetch(), but a response that sets a cookie the worker can read adds a
 * name to what `cookieStore.getAll()` returns: such a page is one reader's (a login, a session) and is never stored.
 * Takes a reading now; the function returned says whether a cookie name appeared since. Only new names count: a
 * page's own scripts rewrite their cookies on every view (an analytics `_ga`), and a rewrite during the fetch must
 * not cost a public page its copy. So a session cookie rotated to a new value is not seen, and neither are HttpOnly
 * cookies, cookies of a narrower path than the worker's scope (Chromium 156 refuses any `url` but none in a
 * worker), or anything in a worker without `cookieStore`; Firefox ESR 153's sees no change. A page that sets cookies
 * must therefore still say `Cache-Control: private` (see the README).
 */
export function watchCookies(): () => Promise<boolean> {
  const store = self.cookieStore;
  const names = async () => new Set((store ? await store.getAll().catch(() => []) : []).map((cookie) => cookie.name));
  // Asked now, before the caller's fetch goes out; read when the answer is wanted.
  const before = names();
  return async () => {
    const [was, now] = await Promise.all([before, names()]);
    return [...now].some((name) => !was.has(name));
  };
}
