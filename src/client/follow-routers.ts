/**
 * Watches a page's client-side routers: calls `follow` each time one shows another page, until `stop`'s signal
 * aborts: with the `performance.now()` from which the router's fetch of that page is the one that carried its
 * version, or null when the page was shown from what the router had (a Next.js route read through its payloads).
 */
export type RouterWatch = (follow: (since: number | null) => void, stop: { signal: AbortSignal }) => void;

/** Dispatched on `window` after `history.pushState` where there is no Navigation API. */
const HISTORY_EVENT = 'sw-isr:history';
let watching = false;

/**
 * Wraps `history.pushState` once per page, whichever stores are made and destroyed. (Not replaceState: a router
 * replaces its own state on every commit, and moves to another page with pushState.)
 */
function watchHistory(): void {
  if (watching) return;
  watching = true;
  const push = history.pushState;
  history.pushState = function (...args) {
    push.apply(this, args);
    dispatchEvent(new Event(HISTORY_EVENT));
  };
}

/** Follows Astro's `<ClientRouter />`, and the router of a site whose pages list payloads (a Next.js export). */
export const followRouters: RouterWatch = (follow, stop) => {
  // Astro's <ClientRouter /> swaps the next page in, with the version the router's fetch of it carried: the first
  // fetch of that URL since the router's navigation began. (The listeners' options are `stop` itself, whose
  // `signal` they read.)
  let since = 0;
  document.addEventListener('astro:before-preparation', () => (since = performance.now()), stop);
  document.addEventListener('astro:after-swap', () => follow(since), stop);
  // On a site whose pages list payloads (a Next.js export: see page-directives.ts), the router shows the next page
  // from them and moves with history.pushState, which the Navigation API tells of (Chromium 102, Firefox 147,
  // Safari 26.2). Only to another path: a query or fragment changed in place (a search box, a replaceState of the
  // router's own state on every commit) is the same page. The version shown is the stored one, as far as the store
  // can tell: the payloads came from it, and the worker revalidates a stale route only when the store asks. Taken
  // up in a microtask: Next moves from a React insertion effect, where a subscriber must not update.
  if (document.querySelector('meta[name="isr:payloads"]')) {
    let path = location.pathname;
    const moved = () =>
      queueMicrotask(() => {
        if (path === location.pathname || stop.signal.aborted) return;
        path = location.pathname;
        follow(null);
      });
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    if (navigation) navigation.addEventListener('currententrychange', moved, stop);
    else {
      // Without it (WebKitGTK 2.50): pushState, and back and forward.
      addEventListener(HISTORY_EVENT, moved, stop);
      addEventListener('popstate', moved, stop);
      watchHistory();
    }
  }
};
