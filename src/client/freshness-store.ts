import { CLIENT_DEFAULTS } from '../shared/defaults.js';
import {
  CHANNEL_NAME,
  isProtocolMessage,
  MESSAGE_META,
  type BroadcastMessage,
  type CacheStatus,
  type PageInfo,
  type RevalidateReply,
  type StateReply,
} from '../shared/protocol.js';
import { messageWorker } from './message-worker.js';
import { servedVersion } from './served-version.js';

export type FreshnessStatus = 'unknown' | 'fresh' | 'stale' | 'revalidating' | 'updated' | 'offline' | 'unsupported';

/** An immutable picture of one page's freshness; a new object only when something in it changed. */
export interface FreshnessSnapshot {
  readonly status: FreshnessStatus;
  /** The page's cache key (as the worker reports it once it has answered). */
  readonly url: string;
  /** When the stored copy last came from the network (ms since the epoch), or null when unknown. */
  readonly fetchedAt: number | null;
  /** Age of the stored copy in seconds when this snapshot was taken; derive a live age from fetchedAt. */
  readonly age: number | null;
  /** Identity of the newest stored content (changes only when the content does), or null when unknown. */
  readonly version: number | null;
  /** The page's revalidate interval in seconds, or null when unknown. */
  readonly revalidate: number | null;
  /** A newer version than the one on screen is stored; `applyUpdate()` shows it. */
  readonly hasUpdate: boolean;
  /** How the worker answered this tab's own navigation, or null when it did not. */
  readonly servedFrom: CacheStatus | null;
  /** Why the last revalidation failed, until the next one succeeds. */
  readonly error: string | null;
}

export interface FreshnessStore {
  getSnapshot(): FreshnessSnapshot;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Asks the worker to revalidate the page now; resolves to whether the origin answered usably. */
  revalidate(): Promise<boolean>;
  /** Shows the newest stored version (a reload; it is answered from the cache). */
  applyUpdate(): void;
  /** Stops listening to the worker, the channel and the window. */
  destroy(): void;
}

export interface FreshnessStoreOptions {
  /** The page to watch. @default the current page */
  url?: string;
  /** Milliseconds to wait for the worker's answer to a state request. @default 5000 */
  requestTimeout?: number;
}

/** Revalidations have their own timeout in the worker; this only keeps a promise from hanging on a dead worker. */
const REVALIDATE_REPLY_LIMIT = 120_000;

/**
 * A framework-free store of one page's freshness. It listens on the `sw-isr` channel before it asks the worker for
 * the page's state, and knows which version it shows from the navigation's Server-Timing, so an update that landed
 * while the tab was still loading is found whichever arrives first.
 */
export function createFreshnessStore(options: FreshnessStoreOptions = {}): FreshnessStore {
  const requestTimeout = options.requestTimeout ?? CLIENT_DEFAULTS.requestTimeout;
  const ownPage = options.url === undefined;
  let key = new URL(options.url ?? location.href, location.href).href.replace(/#.*$/, '');
  const served = ownPage ? servedVersion() : null;
  const container = 'serviceWorker' in navigator ? navigator.serviceWorker : null;

  let displayed = served?.version ?? null;
  let latest: PageInfo | null = null;
  let pending = false;
  let hasUpdate = false;
  let error: string | null = null;
  let online = navigator.onLine;
  let snapshot = build();
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();

  function build(): FreshnessSnapshot {
    const now = Date.now();
    const age = latest ? Math.max(0, (now - latest.fetchedAt) / 1000) : null;
    const status: FreshnessStatus = !container
      ? 'unsupported'
      : hasUpdate
        ? 'updated'
        : !online
          ? 'offline'
          : pending
            ? 'revalidating'
            : !latest || age === null
              ? 'unknown'
              : age >= latest.revalidate
                ? 'stale'
                : 'fresh';
    return {
      status,
      url: key,
      fetchedAt: latest?.fetchedAt ?? null,
      age,
      version: latest?.version ?? null,
      revalidate: latest?.revalidate ?? null,
      hasUpdate,
      servedFrom: served?.status ?? null,
      error,
    };
  }

  function changed(): void {
    const next = build();
    clearTimeout(staleTimer);
    if (next.status === 'fresh' && latest) {
      // Wake up when the page turns stale, so subscribers see the turn without polling.
      staleTimer = setTimeout(changed, latest.fetchedAt + latest.revalidate * 1000 - Date.now() + 1);
    }
    const same = (Object.keys(next) as (keyof FreshnessSnapshot)[]).every((field) => field === 'age' || next[field] === snapshot[field]);
    if (same) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function learn(page: PageInfo): void {
    latest = page;
    if (displayed === null) displayed = page.version;
    else if (page.version !== displayed) hasUpdate = true;
  }

  const channel = container ? new BroadcastChannel(CHANNEL_NAME) : null;
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (!isProtocolMessage<BroadcastMessage>(data) || data.url !== key) return;
      if (data.type === 'revalidating') pending = true;
      else if (data.type === 'fetched') {
        pending = false;
        error = null;
        learn(data.page);
      } else if (data.type === 'failed') {
        pending = false;
        error = data.error;
      }
      changed();
    };
  }

  async function askState(): Promise<void> {
    const worker = container?.controller;
    if (!worker) return;
    try {
      const reply = await messageWorker<StateReply>(
        worker,
        { meta: MESSAGE_META, type: 'state', url: key, warm: ownPage && served === null },
        requestTimeout,
      );
      key = reply.url;
      pending = reply.pending;
      if (reply.page) learn(reply.page);
      changed();
    } catch (reason) {
      console.warn(reason);
    }
  }

  const onConnectivity = (): void => {
    online = navigator.onLine;
    changed();
  };
  const onControllerChange = (): void => void askState();
  addEventListener('online', onConnectivity);
  addEventListener('offline', onConnectivity);
  // The first visit gains its controller only when the new worker claims the tab; ask it then.
  container?.addEventListener('controllerchange', onControllerChange);
  void askState();

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async revalidate() {
      const worker = container?.controller;
      if (!worker) return false;
      const reply = await messageWorker<RevalidateReply>(worker, { meta: MESSAGE_META, type: 'revalidate', url: key }, REVALIDATE_REPLY_LIMIT);
      return reply.ok;
    },
    applyUpdate() {
      location.reload();
    },
    destroy() {
      clearTimeout(staleTimer);
      channel?.close();
      removeEventListener('online', onConnectivity);
      removeEventListener('offline', onConnectivity);
      container?.removeEventListener('controllerchange', onControllerChange);
      listeners.clear();
    },
  };
}
