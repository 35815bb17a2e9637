import type { BroadcastMessage, CacheStatus, PageInfo, PrecacheProgress, StateReply } from '../shared/protocol.js';

/** What a tab knows of one page's freshness: everything its snapshot is derived from. */
export interface FreshnessState {
  /** The page's cache key: the worker's own once it has answered (it may drop ignored query parameters). */
  readonly url: string;
  /** The tab can use a service worker; without one nothing else here ever changes. */
  readonly supported: boolean;
  /** How the worker answered this tab's own navigation, or null when it did not. */
  readonly servedFrom: CacheStatus | null;
  /** The version on screen: null only while no copy is known and the navigation did not tell. */
  readonly displayed: number | null;
  /** The newest stored copy, or null when the worker holds none (or has not said). */
  readonly page: PageInfo | null;
  /** A revalidation of this page is under way. */
  readonly pending: boolean;
  readonly error: string | null;
  readonly lastCheckedAt: number | null;
  readonly precache: PrecacheProgress | null;
  readonly online: boolean;
  /** Broadcasts that ended a revalidation of this page (fetched, failed, removed), to tell a late reply. */
  readonly settled: number;
  /** A new version of the site's worker took over this tab after it loaded: the site itself was updated. */
  readonly workerUpdated: boolean;
}

/**
 * The state of a page before any word from the worker: `served` is what the navigation's Server-Timing said (the
 * tab's own page only). Also what prerendering and hydration see, with `supported` and `online` true: `unknown`.
 */
export function initialState(
  url: string,
  supported: boolean,
  online: boolean,
  served: { status: CacheStatus; version: number | null } | null,
): FreshnessState {
  return {
    url,
    supported,
    servedFrom: served?.status ?? null,
    displayed: served?.version ?? null,
    page: null,
    pending: false,
    error: null,
    lastCheckedAt: null,
    precache: null,
    online,
    settled: 0,
    workerUpdated: false,
  };
}

/** Everything that changes a {@link FreshnessState}: the worker's broadcasts and replies, and the tab's own events. */
export type FreshnessMessage =
  | BroadcastMessage
  /**
   * The worker's answer to a state request, with the state's `settled` as it was when the request was sent;
   * `worker`: asked of a new worker that took over from the one this tab had.
   */
  | (StateReply & { settled: number; worker?: boolean })
  /** The browser's `online` and `offline` events. */
  | { type: 'online' }
  | { type: 'offline' }
  /**
   * The reader dismissed the stored copy (and the site's update), or a morph put it on screen: from now on it counts
   * as shown. Null (no copy known) leaves the version on screen as it was.
   */
  | { type: 'shown'; page: PageInfo | null };

/**
 * Compile-time only (an empty function: the minifier drops the call): the chain's last branch takes every message
 * type it did not test for, so a new one must be tested for above or fail to compile here.
 */
function removedOnly(_message: { type: 'removed' }): void {}

/**
 * The state after `message`, at time `now` (ms since the epoch). Pure: the store does the listening, the messaging
 * and the timers. One conditional chain rather than a switch, because the script tag carries this within its budget.
 */
export function reduce(state: FreshnessState, message: FreshnessMessage, now: number): FreshnessState {
  const next: FreshnessState = {
    ...state,
    ...(message.type === 'online' || message.type === 'offline'
      ? { online: message.type === 'online' }
      : message.type === 'shown'
        ? { displayed: message.page?.version ?? state.displayed, workerUpdated: false }
        : // Precache progress is about the site, not a page: every page takes it.
          message.type === 'precache'
          ? { precache: message.precache }
          : message.type === 'state'
            ? {
                url: message.url,
                precache: message.precache,
                workerUpdated: state.workerUpdated || !!message.worker,
                // A broadcast that settled this page while the reply was on its way is newer than the reply. A worker
                // of an earlier release sends no error. A reply without a copy leaves the one the page knows of.
                ...(message.settled === state.settled && {
                  pending: message.pending,
                  error: message.error ?? null,
                  page: message.page ?? state.page,
                }),
              }
            : message.url !== state.url || message.type === 'served'
              ? {}
              : message.type === 'revalidating'
                ? { pending: true }
                : // Fetched, failed or removed (a page gone, or now private): each ends a revalidation of this page.
                  {
                    pending: false,
                    settled: state.settled + 1,
                    ...(message.type === 'fetched'
                      ? { error: null, lastCheckedAt: message.page.fetchedAt, page: message.page }
                      : message.type === 'failed'
                        ? { error: message.error, lastCheckedAt: now }
                        : // Removed: the next visit goes to the network.
                          (removedOnly(message), { page: null })),
                  }),
  };
  // Until the page knows which version it shows, the first copy it hears of is the one on screen.
  return { ...next, displayed: next.displayed ?? next.page?.version ?? null };
}
