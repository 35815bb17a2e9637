import { useMemo, useSyncExternalStore } from 'react';
import { initialState } from './freshness-reduce.js';
import { freshnessSnapshot, type FreshnessSnapshot } from './freshness-snapshot.js';
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

/**
 * One store per page URL, shared by every component that watches it, so a page is checked once, not per hook. A
 * store nobody subscribes to any more is destroyed a task later (so that a re-subscription in the same render, as
 * StrictMode and a changed `url` make, keeps it): an app that watches many URLs in turn keeps no channel, listener
 * or timer per URL it left.
 */
const stores = new Map<string, FreshnessStore & { taken?: boolean }>();

function sharedStore(url: string | undefined, options: FreshnessStoreOptions | undefined): FreshnessStore {
  const key = url === undefined ? '' : new URL(url, location.href).href;
  let store = stores.get(key);
  if (!store) {
    const own = createFreshnessStore({ ...options, url });
    let users = 0;
    const shared: FreshnessStore & { taken?: boolean } = (store = {
      ...own,
      subscribe(listener) {
        users++;
        const off = own.subscribe(listener);
        // React calls each unsubscribe once.
        return () => {
          off();
          if (--users) return;
          // A render may take the store before the task (React subscribes only once it commits): then it stays.
          shared.taken = false;
          setTimeout(() => users || shared.taken || (stores.delete(key), own.destroy()));
        };
      },
    });
    stores.set(key, store);
  }
  store.taken = true;
  return store;
}

/**
 * What prerendering and hydration see: nothing is known of the worker before the page runs. Made by the store's own
 * functions, which a React app ships with the store anyway.
 */
const SERVER_SNAPSHOT = freshnessSnapshot(initialState('', true, true, null), 0);
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
  const store = typeof window === 'undefined' ? null : sharedStore(url, options);
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
