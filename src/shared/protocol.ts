/**
 * The one message protocol between the worker and its pages. Both sides import this file; nothing else crosses the
 * boundary. Worker → pages travels on a BroadcastChannel (every tab hears it); page → worker requests travel on
 * `postMessage` to the controlling worker with a `MessagePort` for the reply, so a reply reaches only the asker.
 */

/** The BroadcastChannel every tab listens on (part of the public contract). */
export const CHANNEL_NAME = 'sw-isr';

/** Tags every message so that pages and workers can share their channels with other libraries. */
export const MESSAGE_META = 'sw-isr';

/** Response header carrying how the worker answered (part of the public contract). */
export const CACHE_STATUS_HEADER = 'x-isr-cache';

/** Set to 1 on a copy past its hard expiry that is shown only because the network failed (stale-if-error). */
export const STALE_IF_ERROR_HEADER = 'x-isr-stale-if-error';

/** Response header by which an origin sets a page's revalidate interval in seconds; wins over the meta tag. */
export const REVALIDATE_HEADER = 'x-isr-revalidate';

/**
 * `Server-Timing` metric name the worker uses to tell a page which stored version it is showing. Pages read it from
 * their Navigation Timing entry, which is how a tab that was still loading when its page was updated finds out:
 * it compares the version it shows with the one the worker holds, without racing any message.
 */
export const SERVER_TIMING_NAME = 'sw-isr';

export type CacheStatus = 'HIT' | 'STALE' | 'MISS' | 'BYPASS' | 'OFFLINE';

/** What a page may know of one stored page. */
export interface PageInfo {
  /** The page's cache key: absolute URL without fragment. */
  url: string;
  /**
   * Identity of the stored content: the fetchedAt of the response that first brought this body. It changes only
   * when the content does, so an unchanged revalidation keeps it.
   */
  version: number;
  /** When the stored copy last came from (or was confirmed by) the network, in ms since the epoch. */
  fetchedAt: number;
  /** The revalidate interval in force for this page, in seconds. */
  revalidate: number;
  /** Tags from `<meta name="isr:tags">`. */
  tags: string[];
}

/** How far the worker has got storing what the site declared for offline reading (the precache). */
export interface PrecacheProgress {
  /** Entries settled so far, stored or failed. */
  done: number;
  total: number;
  /** Entries that could not be stored; they are tried again at the next manifest check. */
  failed: number;
  /** Every entry is stored: the site's declared pages and files can be read offline. */
  ready: boolean;
}

/**
 * Why the worker dropped a stored page (a code, not prose: the texts live with the inspector and the README, out of
 * the worker's bytes):
 * - `gone`: the origin answered 404 or 410 (`dropGonePages`);
 * - `private`: the origin now answers 401 or 403, says `private` or `no-store`, or sets cookies;
 * - `excluded`: under `exclude` or outside the worker's scope (stored by an older release or configuration);
 * - `unlisted`: gone from the site manifest;
 * - `hard`: revalidated on demand with `hard: true`;
 * - `evicted`: the storage budget (`maxEntries`, `maxBytes`) is full and the page was read longest ago;
 * - `full`: the browser's storage is full (a quota error) and the page was read longest ago;
 * - `unknown`: stored under a key this worker does not make (an older cache key), found when it reconciles;
 * - `cleared`: the page side's `swIsr.clear()` (a logout), also ending a revalidation under way then;
 * - `site-cleared`: a response said `Clear-Site-Data`.
 */
export type RemovedReason =
  'gone' | 'private' | 'excluded' | 'unlisted' | 'hard' | 'evicted' | 'full' | 'unknown' | 'cleared' | 'site-cleared';

/** Messages the worker broadcasts to every tab. */
export type BroadcastMessage =
  | { meta: typeof MESSAGE_META; type: 'revalidating'; url: string }
  /** The network answered and the copy is stored; `changed` says whether the content differs from the copy before. */
  | { meta: typeof MESSAGE_META; type: 'fetched'; url: string; page: PageInfo; changed: boolean }
  | { meta: typeof MESSAGE_META; type: 'failed'; url: string; error: string }
  /** The stored copy was dropped, for the reason given; the next visit goes to the network. */
  | { meta: typeof MESSAGE_META; type: 'removed'; url: string; reason: RemovedReason }
  /**
   * How the worker answered a navigation. Sent only while an inspector is open (see `inspect`), after the answer:
   * without one the worker spends nothing on it.
   */
  | { meta: typeof MESSAGE_META; type: 'served'; url: string; status: CacheStatus }
  /** Precache progress, after each entry (the message has no page URL: it is about the site). */
  | { meta: typeof MESSAGE_META; type: 'precache'; url: ''; precache: PrecacheProgress };

/** Requests a page sends to its controlling worker. */
export type RequestMessage =
  /**
   * Asks for the worker's view of a page. `warm` says the page was not served by the worker (the visit that
   * installed it, a route a client-side router showed from its payloads), so the worker should store it now if it
   * has no copy, and revalidate it if its copy is stale, as a read would. `reload` says the reader reloaded the page
   * and the worker answered it from its store all the same (a HIT): the engine did not mark the reload's request
   * (WebKitGTK 2.50 sends a reload to the worker with cache mode `default`, as any navigation; Chromium and Firefox
   * send `no-cache`), so the worker revalidates it now, as it would a reload it could see.
   */
  | { meta: typeof MESSAGE_META; type: 'state'; url: string; warm: boolean; reload: boolean }
  /** Asks the worker to revalidate a page now, or only when it is stale (`ifStale`: focus and polling checks). */
  | { meta: typeof MESSAGE_META; type: 'revalidate'; url: string; ifStale: boolean }
  /**
   * On-demand revalidation of pages by path (relative to the page) and by tag. Soft (`hard: false`) marks them stale
   * and refreshes them in the background; hard drops them, so the next visit goes to the network.
   */
  | { meta: typeof MESSAGE_META; type: 'invalidate'; paths: string[]; tags: string[]; hard: boolean }
  /** An inspector is open: announce each navigation's verdict (`served`) for the next minute. */
  | { meta: typeof MESSAGE_META; type: 'inspect' }
  /** Lists the stored pages (for the inspector, which so never opens the worker's database itself). */
  | { meta: typeof MESSAGE_META; type: 'pages' }
  /**
   * Drops every stored page and file and what the worker knows of them, as at a logout (`swIsr.clear()`). Answered
   * once done; what a revalidation under way fetches is not stored afterwards.
   */
  | { meta: typeof MESSAGE_META; type: 'clear' };

/** The worker's reply to a `state` request. */
export interface StateReply {
  meta: typeof MESSAGE_META;
  type: 'state';
  url: string;
  /** Null when the page is not stored (never visited, or not cacheable). */
  page: PageInfo | null;
  /** A network fetch for this page is under way; a `fetched` or `failed` broadcast will follow. */
  pending: boolean;
  /**
   * Why refreshing the stored copy failed, while it is stale and no revalidation has succeeded since; else null. A
   * page that loads after the failure's broadcast learns of it here, so whether a reader is told does not depend on
   * which came first (a refused connection fails within milliseconds, often before the loading page listens).
   */
  error: string | null;
  /** The Cache Storage cache holding the pages, from which a page may read a stored version to morph into. */
  cacheName: string;
  /** The last or current precache pass; null when the site declares nothing to precache. */
  precache: PrecacheProgress | null;
}

/** The worker's reply to a `revalidate` request, sent when the revalidation has ended. */
export interface RevalidateReply {
  meta: typeof MESSAGE_META;
  type: 'revalidated';
  url: string;
  /** False when the origin could not be reached or gave an answer that is not stored. */
  ok: boolean;
}

/** The worker's reply to an `invalidate` request: the stored pages it applied to, once marked or dropped. */
export interface InvalidateReply {
  meta: typeof MESSAGE_META;
  type: 'invalidated';
  urls: string[];
}

/** The worker's reply to an `inspect` request. */
export interface InspectReply {
  meta: typeof MESSAGE_META;
  type: 'inspecting';
  until: number;
}

/** One stored page as the worker's metadata has it, for the inspector. */
export interface StoredPageRow {
  url: string;
  fetchedAt: number;
  revalidate: number;
  tags: string[];
  /** Body size in bytes. */
  size: number;
  lastAccessedAt: number;
  /** Why the last revalidation failed, and how many failed in a row; absent or null after a success. */
  lastError?: string | null;
  failures?: number;
}

/** The worker's reply to a `clear` request, sent once everything is dropped: how many pages were. */
export interface ClearReply {
  meta: typeof MESSAGE_META;
  type: 'cleared';
  /** False when a step failed (logged as `clear-failed`): what is left is served until the next clear. */
  ok: boolean;
  pages: number;
}

/** The worker's reply to a `pages` request. */
export interface PagesReply {
  meta: typeof MESSAGE_META;
  type: 'pages';
  pages: StoredPageRow[];
}

/** Each request type with the reply it gets: the worker's handlers and the page's requests are typed by it. */
export interface Replies {
  state: StateReply;
  revalidate: RevalidateReply;
  invalidate: InvalidateReply;
  inspect: InspectReply;
  pages: PagesReply;
  clear: ClearReply;
}

export type RequestOf<T extends RequestMessage['type']> = Extract<RequestMessage, { type: T }>;
export type ReplyTo<T extends RequestMessage['type']> = Replies[T];
export type ReplyMessage = Replies[RequestMessage['type']];

/** Whether a message is one of ours. Any value passes through `?.` (a primitive's `meta` is undefined too). */
export function isProtocolMessage<T extends { meta: string }>(data: unknown): data is T {
  return (data as { meta?: unknown } | null | undefined)?.meta === MESSAGE_META;
}

/** `Server-Timing` value naming the version a response carries, e.g. `sw-isr;desc="HIT 1732756000000"`. */
export function formatServerTiming(status: CacheStatus, version: number | null): string {
  return `${SERVER_TIMING_NAME};desc="${status}${version === null ? '' : ` ${version}`}"`;
}

/** A `Server-Timing` header value with sw-isr's entry set to `status` and `version`, keeping the origin's own. */
export function withServerTiming(existing: string | null, status: CacheStatus, version: number | null): string {
  const others = (existing ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry && !entry.startsWith(`${SERVER_TIMING_NAME};`));
  return [...others, formatServerTiming(status, version)].join(', ');
}

/** Reverse of {@link formatServerTiming}, applied to a `PerformanceServerTiming.description`. */
export function parseServerTiming(description: string): { status: CacheStatus; version: number | null } {
  // Only the worker writes this metric (its name is ours), so its form needs no checking here.
  const [status, version] = description.split(' ');
  return { status: status as CacheStatus, version: version ? Number(version) : null };
}
