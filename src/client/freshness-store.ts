import { CLIENT_DEFAULTS } from '../shared/defaults.js';
import {
  CHANNEL_NAME,
  isProtocolMessage,
  MESSAGE_META,
  type BroadcastMessage,
  type CacheStatus,
  type PageInfo,
  type PrecacheProgress,
  type RevalidateReply,
  type StateReply,
} from '../shared/protocol.js';
import { messageWorker } from './message-worker.js';
import { servedVersion } from './served-version.js';

export type FreshnessStatus = 'unknown' | 'fresh' | 'stale' | 'revalidating' | 'updated' | 'error' | 'offline' | 'unsupported';

export type UpdateMode = 'reload' | 'morph';

/** An immutable picture of one page's freshness; a new object only when something in it changed. */
export interface FreshnessSnapshot {
  /**
   * In order of precedence: `unsupported` (no service worker here), `updated` (a newer version is stored),
   * `offline`, `revalidating`, `error` (the last revalidation failed), `unknown` (the worker has not answered or holds
   * no copy), `stale`, `fresh`.
   */
  readonly status: FreshnessStatus;
  /** The page's cache key (as the worker reports it once it has answered). */
  readonly url: string;
  /** When the stored copy last came from the network (ms since the epoch), or null when unknown. */
  readonly fetchedAt: number | null;
  /** Age of the stored copy in seconds when this snapshot was taken; derive a live age from fetchedAt. */
  readonly age: number | null;
  /** When the stored copy turns stale (ms since the epoch), or null when unknown. */
  readonly expiresAt: number | null;
  /** Identity of the newest stored content (changes only when the content does), or null when unknown. */
  readonly version: number | null;
  /** The page's revalidate interval in seconds, or null when unknown. */
  readonly interval: number | null;
  /** A newer version than the one on screen is stored; `applyUpdate()` shows it, `dismiss()` ignores it. */
  readonly hasUpdate: boolean;
  readonly isOffline: boolean;
  /** How the worker answered this tab's own navigation, or null when it did not. */
  readonly servedFrom: CacheStatus | null;
  /** Why the last revalidation failed, until one succeeds. */
  readonly error: string | null;
  /** When the worker last heard from the origin about this page, successfully or not (ms since the epoch). */
  readonly lastCheckedAt: number | null;
  /**
   * How far the worker has got storing what the site declared for offline reading ("34 of 120"), or null when the
   * site declares nothing (or the worker has not answered yet).
   */
  readonly precache: PrecacheProgress | null;
  /** Everything the site declared for offline reading is stored. */
  readonly offlineReady: boolean;
}

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
  /** Stops listening to the worker, the channel and the window. */
  destroy(): void;
}

export interface FreshnessStoreOptions {
  /** The page to watch. @default the current page */
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
   * What 'morph' mode uses to turn the page into the new version: pass `morphDocument` from `sw-isr/client` (kept
   * out of the store so that pages which only reload do not carry it). Without one, 'morph' reloads.
   * @default undefined
   */
  morph?: (next: Document) => boolean;
}

/**
 * A framework-free store of one page's freshness. It listens on the `sw-isr` channel before it asks the worker for
 * the page's state, and knows which version it shows from the navigation's Server-Timing, so an update that landed
 * while the tab was still loading is found whichever arrives first.
 */
export function createFreshnessStore(options: FreshnessStoreOptions = {}): FreshnessStore {
  const config = { ...CLIENT_DEFAULTS, ...options };
  const ownPage = options.url === undefined;
  let key = new URL(options.url ?? location.href, location.href).href.split('#')[0]!;
  const served = ownPage ? servedVersion() : null;
  // Absent where workers are unavailable: insecure origins, some private modes.
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;

  let displayed = served?.version ?? null;
  /** The reader reloaded and the worker answered from its store: told to the worker once (see the protocol). */
  let reloaded = served?.status === 'HIT' && served.reload;
  let latest: PageInfo | null = null;
  let pending = false;
  /** Broadcasts that ended a revalidation of this page (fetched, failed, removed), to tell a late reply from a new one. */
  let settled = 0;
  let error: string | null = null;
  let lastCheckedAt: number | null = null;
  let cacheName: string | null = null;
  let precache: PrecacheProgress | null = null;
  let online = navigator.onLine;
  let lastCheck = 0;
  let snapshot = build();
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();

  function build(): FreshnessSnapshot {
    const now = Date.now();
    const age = latest ? Math.max(0, (now - latest.fetchedAt) / 1000) : null;
    const hasUpdate = latest !== null && displayed !== null && latest.version !== displayed;
    const status: FreshnessStatus = !container ? 'unsupported'
      : hasUpdate ? 'updated'
      : !online ? 'offline'
      : pending ? 'revalidating'
      : error !== null ? 'error'
      : !latest ? 'unknown'
      : age! >= latest.revalidate ? 'stale'
      : 'fresh';
    return {
      status,
      url: key,
      fetchedAt: latest?.fetchedAt ?? null,
      age,
      expiresAt: latest ? latest.fetchedAt + latest.revalidate * 1000 : null,
      version: latest?.version ?? null,
      interval: latest?.revalidate ?? null,
      hasUpdate,
      isOffline: !online,
      servedFrom: served?.status ?? null,
      error,
      lastCheckedAt,
      precache,
      offlineReady: !!precache?.ready,
    };
  }

  function changed(): void {
    const next = build();
    clearTimeout(staleTimer);
    // Wake up when the page turns stale, so subscribers see the turn without polling.
    if (next.status === 'fresh') staleTimer = setTimeout(changed, next.expiresAt! - Date.now() + 1);
    if ((Object.keys(next) as (keyof FreshnessSnapshot)[]).some((field) => field !== 'age' && next[field] !== snapshot[field])) {
      snapshot = next;
      for (const listener of [...listeners]) listener();
    }
  }

  function learn(page: PageInfo): void {
    latest = page;
    displayed ??= page.version;
  }

  const channel = container ? new BroadcastChannel(CHANNEL_NAME) : null;
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (!isProtocolMessage<BroadcastMessage>(data)) return;
      if (data.type === 'precache') precache = data.precache;
      else if (data.url !== key) return;
      else if (data.type === 'revalidating') pending = true;
      else if (data.type !== 'served') {
        // Fetched, failed or removed (a page gone, or now private): each ends a revalidation of this page.
        settled++;
        pending = false;
        if (data.type === 'fetched') {
          error = null;
          lastCheckedAt = data.page.fetchedAt;
          learn(data.page);
        } else if (data.type === 'failed') {
          error = data.error;
          lastCheckedAt = Date.now();
        } else latest = null; // the next visit goes to the network
      }

      changed();
    };
  }

  async function askState(): Promise<void> {
    const worker = container?.controller;
    if (!worker) return;
    const before = settled;
    try {
      const reply = await messageWorker<StateReply>(
        worker,
        { meta: MESSAGE_META, type: 'state', url: key, warm: ownPage && served === null, reload: reloaded },
        config.requestTimeout,
      );
      // Once the worker has heard it: a later state request (a new worker taking over) is not the reader's reload.
      reloaded = false;
      key = reply.url;
      cacheName = reply.cacheName;
      precache = reply.precache;
      // A broadcast that settled this page while the reply was on its way is newer than the reply.
      if (settled === before) {
        pending = reply.pending;
        // A worker of an earlier release sends no error.
        error = reply.error ?? null;
        if (reply.page) learn(reply.page);
      }
      changed();
    } catch {
      // No answer (the worker stopped mid-request): the page stays 'unknown' until a broadcast about it arrives.
    }
  }

  async function ask(ifStale: boolean): Promise<boolean> {
    const worker = container?.controller;
    // Revalidations have their own timeout in the worker; 120 s only keeps a promise from hanging on a dead worker.
    return !!worker && (await messageWorker<RevalidateReply>(worker, { meta: MESSAGE_META, type: 'revalidate', url: key, ifStale }, 120_000)).ok;
  }

  /** A focus, reconnect or polling check: throttled, one at a time, and free when the page is fresh. */
  function check(throttle: number): void {
    const now = Date.now();
    if (!online || now - lastCheck < throttle) return;
    // Infinity while it runs: one check at a time.
    lastCheck = Infinity;
    const done = () => (lastCheck = now);
    ask(true).then(done, done);
  }

  const onFocus = (): void => {
    if (document.visibilityState === 'visible' && config.revalidateOnFocus) check(config.focusThrottleInterval);
  };
  const onConnectivity = (): void => {
    online = navigator.onLine;
    changed();
    // check() skips it when offline.
    if (config.revalidateOnReconnect) check(config.focusThrottleInterval);
  };
  // One signal removes every listener on destroy(). The controller serves as the listeners' options, which read its
  // `signal`.
  const stop = new AbortController();
  if (container) {
    addEventListener('online', onConnectivity, stop);
    addEventListener('offline', onConnectivity, stop);
    document.addEventListener('visibilitychange', onFocus, stop);
    addEventListener('focus', onFocus, stop);
    // The first visit gains its controller only when the new worker claims the tab; ask it then.
    container.addEventListener('controllerchange', () => void askState(), stop);
    if (config.refreshInterval > 0) {
      // Skipped while hidden or offline: nobody is reading, or nothing can be fetched.
      pollTimer = setInterval(() => document.visibilityState === 'visible' && check(0), config.refreshInterval);
    }
    void askState();
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    revalidate: () => ask(false),
    async applyUpdate(mode = config.updateMode) {
      const target = latest?.version ?? null;
      try {
        const stored = mode === 'morph' && ownPage && cacheName && options.morph && (await caches.match(key, { cacheName }));
        if (stored && options.morph!(new DOMParser().parseFromString(await stored.text(), 'text/html'))) {
          displayed = target;
          return changed();
        }
      } catch {
        // The stored copy could not be read or morphed in: reloading shows it all the same.
      }
      location.reload();
    },
    dismiss() {
      if (latest) displayed = latest.version;
      changed();
    },
    destroy() {
      clearTimeout(staleTimer);
      clearInterval(pollTimer);
      channel?.close();
      stop.abort();
      listeners.clear();
    },
  };
}
