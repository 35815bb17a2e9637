import type { CacheStatus, PrecacheProgress } from '../shared/protocol.js';
import type { FreshnessState } from './freshness-reduce.js';

export type FreshnessStatus =
  'unknown' | 'fresh' | 'stale' | 'revalidating' | 'updated' | 'error' | 'offline' | 'unsupported';

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
  /**
   * A new version of the site's worker took over this tab after it loaded (a new release of sw-isr, or new options):
   * the site itself was updated, and a reload shows it whole. `dismiss()` clears it.
   */
  readonly workerUpdated: boolean;
}

/** The snapshot of `state` at time `now` (ms since the epoch): its status, and the stored copy's age and expiry. */
export function freshnessSnapshot(state: FreshnessState, now: number): FreshnessSnapshot {
  const { page, displayed, online, error, precache } = state;
  const age = page ? Math.max(0, (now - page.fetchedAt) / 1000) : null;
  // A known copy implies a known version on screen (see FreshnessState.displayed).
  const hasUpdate = !!page && page.version !== displayed;
  const status: FreshnessStatus = !state.supported
    ? 'unsupported'
    : hasUpdate
      ? 'updated'
      : !online
        ? 'offline'
        : state.pending
          ? 'revalidating'
          : error !== null
            ? 'error'
            : !page
              ? 'unknown'
              : age! >= page.revalidate
                ? 'stale'
                : 'fresh';
  return {
    status,
    url: state.url,
    fetchedAt: page?.fetchedAt ?? null,
    age,
    expiresAt: page ? page.fetchedAt + page.revalidate * 1000 : null,
    version: page?.version ?? null,
    interval: page?.revalidate ?? null,
    hasUpdate,
    isOffline: !online,
    servedFrom: state.servedFrom,
    error,
    lastCheckedAt: state.lastCheckedAt,
    precache,
    offlineReady: !!precache?.ready,
    workerUpdated: state.workerUpdated,
  };
}
