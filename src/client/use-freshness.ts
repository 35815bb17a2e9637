import { useMemo, useSyncExternalStore } from 'react';
import type { FreshnessSnapshot } from './freshness-snapshot.js';
import {
  createFreshnessStore,
  type FreshnessStore,
  type FreshnessStoreOptions,
  type UpdateMode,
} from './freshness-store.js';

export interface Freshness extends FreshnessSnapshot {
  /** Asks the worker to revalidate the page now; resolves to whether the origin answered usably. */
  revalidate(): Promise<boolean>;
  /** Shows the newest stored version: 'reload', or 'morph' when the store was given a morph function. */
  applyUpdate(mode?: UpdateMode): Promise<void>;
  /** Keeps the version on screen and stops announcing the newer one. */
  dismiss(): void;
}

/** One store per page URL, shared by every component that watches it, so a page is checked once, not per hook. */
const stores = new Map<string, FreshnessStore>();

function storeFor(url: string | undefined, options: FreshnessStoreOptions | undefined): FreshnessStore {
  const key = url === undefined ? '' : new URL(url, location.href).href;
  let store = stores.get(key);
  if (!store) stores.set(key, (store = createFreshnessStore({ ...options, url })));
  return store;
}

/** What prerendering and hydration see: nothing is known of the worker before the page runs. */
const SERVER_SNAPSHOT: FreshnessSnapshot = Object.freeze({
  status: 'unknown',
  url: '',
  fetchedAt: null,
  age: null,
  expiresAt: null,
  version: null,
  interval: null,
  hasUpdate: false,
  isOffline: false,
  servedFrom: null,
  error: null,
  lastCheckedAt: null,
  precache: null,
  offlineReady: false,
});
const serverSnapshot = () => SERVER_SNAPSHOT;
const subscribeNowhere = () => () => {};
const inert: Pick<Freshness, 'revalidate' | 'applyUpdate' | 'dismiss'> = {
  revalidate: async () => false,
  applyUpdate: async () => {},
  dismiss: () => {},
};

/**
 * The freshness of a page (the current one by default) as the service worker sees it, re-rendering on change.
 * `options` take effect when the first hook for that URL creates its store. Safe to render on the server, where it
 * reports `unknown`.
 */
export function useFreshness(url?: string, options?: FreshnessStoreOptions): Freshness {
  const store = typeof window === 'undefined' ? null : storeFor(url, options);
  const snapshot = useSyncExternalStore(
    store?.subscribe ?? subscribeNowhere,
    store?.getSnapshot ?? serverSnapshot,
    serverSnapshot,
  );
  const actions = store ?? inert;
  return useMemo(
    () => ({ ...snapshot, revalidate: actions.revalidate, applyUpdate: actions.applyUpdate, dismiss: actions.dismiss }),
    [snapshot, actions],
  );
}
