import { CLIENT_DEFAULTS, LONGEST_TIMER_MS } from '../shared/options.js';
import { CHANNEL_NAME, isProtocolMessage, type BroadcastMessage } from '../shared/protocol.js';
import { initialState, reduce, type FreshnessMessage, type FreshnessState } from './freshness-reduce.js';
import { freshnessSnapshot, type FreshnessSnapshot } from './freshness-snapshot.js';
import { messageWorker, type Request } from './message-worker.js';
import { servedVersion } from './served-version.js';
import { followRouters, type RouterWatch } from './follow-routers.js';

export type UpdateMode = 'reload' | 'morph';

export interface FreshnessStore {
  getSnapshot(): FreshnessSnapshot;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Asks the worker to revalidate the page now; resolves to whether the origin answered usably. */
  revalidate(): Promise<boolean>;
  /** Shows the newest stored version; see {@link UpdateMode}. Resolves when it is shown (or the reload started). */
  applyUpdate(mode?: UpdateMode): Promise<void>;
  /** Keeps the version on screen and stops announcing the newer one (until a still newer one arrives). */
  dismiss(): void;
  /**
   * Drops every page and file the worker stored for this site (not only this page) and what it knows of them, as at
   * a logout: call it before the logout request. Resolves to whether the site's worker did it (also when it does not
   * control this page; false without one, or after 10 s without its answer). Private pages are never stored; this
   * is for the public ones a reader would rather not leave behind.
   */
  clear(): Promise<boolean>;
  /** Stops listening to the worker, the channel and the window. */
  destroy(): void;
}

export interface FreshnessStoreOptions {
  /** The page to watch. @default the current page, and each page Astro's client router swaps in */
  url?: string;
  /** Milliseconds to wait for the worker's answer to a state request. @default 5000 */
  requestTimeout?: number;
  /** Check the page when the tab becomes visible again. @default true */
  revalidateOnFocus?: boolean;
  /** Check the page when the browser comes back online. @default true */
  revalidateOnReconnect?: boolean;
  /** Milliseconds within which a focus or reconnect check after another is skipped. @default 5000 */
  focusThrottleInterval?: number;
  /** Milliseconds between checks while visible and online; 0 is off. @default 0 */
  refreshInterval?: number;
  /** How `applyUpdate()` shows a new version when called without a mode. @default 'reload' */
  updateMode?: UpdateMode;
  /**
   * What 'morph' mode uses to show the stored version in place: pass `morphStored` from `sw-isr/client` (kept out of
   * the store so that pages which only reload do not carry it). It resolves to whether it did; otherwise, and
   * without one, 'morph' reloads. @default undefined
   */
  morph?: (url: string, cacheName: string) => Promise<boolean>;
}

/**
 * A framework-free store of one page's freshness. It listens on the `sw-isr` channel before it asks the worker for
 * the page's state, and knows which version it shows from the navigation's Server-Timing, so an update that landed
 * while the tab was still loading is found whichever arrives first.
 */
export function createFreshnessStore(options: FreshnessStoreOptions = {}): FreshnessStore {
  return freshnessStoreWith(followRouters, options);
}

/**
 * createFreshnessStore, following the page's client-side routers with `routers`: the script tag passes a watch
 * that its router glue (sw-isr-routers.js, a file of its own) takes up, so that pages without a router do not
 * carry it.
 */
export function freshnessStoreWith(routers: RouterWatch, options: FreshnessStoreOptions = {}): FreshnessStore {
  const config = { ...CLIENT_DEFAULTS, ...options };
  const ownPage = options.url === undefined;
  const served = ownPage ? servedVersion() : null;
  // Absent where workers are unavailable: insecure origins, some private modes.
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  let state = initialState(
    new URL(options.url ?? location.href, location.href).href.split('#')[0]!,
    !!container,
    navigator.onLine,
    served,
  );
  /** The Cache Storage cache holding the pages, from which a new version is read to morph into. */
  let cacheName: string | null = null;
  /** The reader reloaded and the worker answered from its store: told to the worker once (see the protocol). */
  let reloaded = served?.status === 'HIT' && served.reload;
  /** Ask the worker to store the page: the visit that installed it was not answered by the worker. */
  let warm = ownPage && !served;
  let lastCheck = 0;
  /** How many times the store followed a client-side router to another page: a state reply from before is old. */
  let moves = 0;
  /**
   * An sw-isr worker has answered this tab: a later change of controller is a new version of it. Not merely "had a
   * controller": sw-isr taking over from another worker (data-replace) is no update of the site, and the way out's
   * worker, which answers nothing, is none either.
   */
  let controlled = false;
  let snapshot = freshnessSnapshot(state, Date.now());
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();
  // One signal removes every listener on destroy(). The controller serves as the listeners' options, which read its
  // `signal`.
  const stop = new AbortController();

  /** Applies a message (none when only time has passed) and tells the subscribers if the snapshot changed. */
  function update(message?: FreshnessMessage): void {
    // A reply that arrives after destroy() changes nothing.
    if (stop.signal.aborted) return;
    const now = Date.now();
    if (message) state = reduce(state, message, now);
    const next = freshnessSnapshot(state, now);
    clearTimeout(staleTimer);
    // Wake up when the page turns stale, so subscribers see the turn without polling.
    if (next.status === 'fresh') staleTimer = setTimeout(update, Math.min(next.expiresAt! - now + 1, LONGEST_TIMER_MS));
    if (
      (Object.keys(next) as (keyof FreshnessSnapshot)[]).some(
        (field) => field !== 'age' && next[field] !== snapshot[field],
      )
    ) {
      snapshot = next;
      for (const listener of [...listeners]) listener();
    }
  }

  /** `changed`: the controller changed (a first visit's worker claimed the tab, or a new version took over). */
  async function askState(changed?: Event): Promise<void> {
    const worker = container?.controller;
    if (!worker) return;
    const { settled, url } = state;
    const at = moves;
    // A new worker in place of the sw-isr worker this tab had: the site was updated. Told once it answers.
    const replaced = !!changed && controlled;
    try {
      const reply = await messageWorker(worker, { type: 'state', url, warm, reload: reloaded }, config.requestTimeout);
      // Once the worker has heard it: a later state request (a new worker taking over) is not the reader's reload.
      reloaded = false;
      controlled = true;
      cacheName = reply.cacheName;
      // About a page the router has since left (even for the same URL again, A → B → A): the reply to the request
      // its last move sent is the one to take. (A new worker's takeover told only in this late reply goes
      // unannounced: both at once are left to chance.)
      if (at === moves) update({ ...reply, settled, worker: replaced });
    } catch {
      // No answer (the worker stopped mid-request): the page stays 'unknown' until a broadcast about it arrives.
    }
  }

  /**
   * Work the worker reports on when done (a revalidation, a clear); false without a worker or an answer. A
   * revalidation has its own timeouts in the worker; 120 s only keeps a promise from hanging on a dead worker.
   */
  const ask = (
    request: Request<'revalidate'> | Request<'clear'>,
    worker = container?.controller,
    timeout = 120_000,
  ): Promise<boolean> =>
    messageWorker(worker, request, timeout).then(
      (reply) => reply.ok,
      () => false,
    );
  const revalidate = (ifStale: boolean) => ask({ type: 'revalidate', url: state.url, ifStale });

  /** A focus, reconnect or polling check: throttled, one at a time, and free when the page is fresh. */
  function check(throttle: number): void {
    const now = Date.now();
    if (!state.online || now - lastCheck < throttle) return;
    // Infinity while it runs: one check at a time.
    lastCheck = Infinity;
    const done = () => (lastCheck = now);
    void revalidate(true).then(done);
  }

  const visible = () => document.visibilityState === 'visible';
  const onFocus = (): void => {
    if (visible() && config.revalidateOnFocus) check(config.focusThrottleInterval);
  };
  const onConnectivity = ({ type }: Event): void => {
    update({ type: type as 'online' | 'offline' });
    // check() skips it when offline.
    if (config.revalidateOnReconnect) check(config.focusThrottleInterval);
  };
  let asked = Promise.resolve();
  const channel = container && new BroadcastChannel(CHANNEL_NAME);
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent<unknown>) => isProtocolMessage<BroadcastMessage>(data) && update(data);
    addEventListener('online', onConnectivity, stop);
    addEventListener('offline', onConnectivity, stop);
    document.addEventListener('visibilitychange', onFocus, stop);
    addEventListener('focus', onFocus, stop);
    // The first visit gains its controller only when the new worker claims the tab; ask it then. After the first
    // state request has settled, so that a new worker taking over while it was on its way counts as an update.
    container!.addEventListener('controllerchange', (event) => void asked.then(() => askState(event)), stop);
    // A client-side router shows the next page without a navigation: the store follows it to that page.
    if (ownPage) routers(follow, stop);
    if (config.refreshInterval > 0) {
      // Skipped while hidden or offline: nobody is reading, or nothing can be fetched.
      pollTimer = setInterval(() => visible() && check(0), Math.min(config.refreshInterval, LONGEST_TIMER_MS));
    }
    asked = askState();
  }

  /**
   * A client-side router showed the next page without a navigation: the store follows it to that page, whose
   * version is that of the router's fetch of it begun at `since` or later (see servedVersion), or unknown (null).
   */
  function follow(since: number | null): void {
    const here = location.href.split('#')[0]!;
    const served = since === null ? null : servedVersion(here, since);
    moves++;
    state = {
      ...initialState(here, true, state.online, served),
      precache: state.precache,
      workerUpdated: state.workerUpdated,
    };
    // A page the worker did not answer (a fetch before it claimed the tab, a Next.js route read through its
    // payload) is stored at the worker's word; a route change is never the reader's reload.
    warm = !served;
    reloaded = false;
    update();
    asked = askState();
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    revalidate: () => revalidate(false),
    async applyUpdate(mode = config.updateMode) {
      const { url, page, workerUpdated } = state;
      try {
        // A new worker may come with new scripts and styles: only a reload shows the updated site whole.
        if (mode === 'morph' && !workerUpdated && ownPage && cacheName && (await options.morph!(url, cacheName)))
          return update({ type: 'shown', page });
      } catch {
        // The stored copy could not be read or morphed in: reloading shows it all the same.
      }
      location.reload();
    },
    dismiss: () => update({ type: 'shown', page: state.page }),
    // Also from a page the worker does not control (after a hard reload). 10 s: a logout waits on it, and a worker
    // of a release without `clear` never answers.
    clear: async () =>
      ask({ type: 'clear' }, container?.controller ?? (await container?.getRegistration())?.active, 10_000),
    destroy() {
      clearTimeout(staleTimer);
      clearInterval(pollTimer);
      channel?.close();
      stop.abort();
      listeners.clear();
    },
  };
}
