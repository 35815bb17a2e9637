/**
 * A stored page carries its own freshness in headers of the cached response, so the hot path decides HIT or STALE
 * from the one `cache.match` it makes, with no IndexedDB read. IndexedDB holds a copy of these facts for the tag
 * index, eviction and the page side; the cached response is the authority, so a worker killed between the two
 * writes never leaves a page believed fresher than it is.
 */
export interface PageStamp {
  /** When the network last delivered or confirmed this copy (ms since the epoch). */
  fetchedAt: number;
  /** The fetchedAt of the response that first brought this body; identifies the content. */
  version: number;
  /** Revalidate interval in force, in seconds. */
  revalidate: number;
  /** SHA-256 of the body, hex. */
  hash: string;
  tags: string[];
  /** The same-origin files the page needs (see page-assets.ts), stored with it; absolute URLs. */
  assets: string[];
  /** Files the page references that the origin answered 404 or 410 for when it was stored: tolerated since. */
  missing?: string[];
  /** Set by a soft invalidation (revalidatePath/Tag, a changed manifest): stale whatever its age, until refetched. */
  invalidated?: boolean;
  /** Failed revalidations since the last success, and when the next automatic one may run (ms since the epoch). */
  failures?: number;
  retryAt?: number;
}

const PREFIX = 'x-isr-stamp-';

export function writeStamp(headers: Headers, stamp: PageStamp): void {
  headers.set(`${PREFIX}fetched-at`, String(stamp.fetchedAt));
  headers.set(`${PREFIX}version`, String(stamp.version));
  headers.set(`${PREFIX}revalidate`, String(stamp.revalidate));
  headers.set(`${PREFIX}hash`, stamp.hash);
  headers.set(`${PREFIX}tags`, stamp.tags.map(encodeURIComponent).join(','));
  // URLs hold no spaces (they are percent-encoded), so a space separates them.
  if (stamp.assets.length) headers.set(`${PREFIX}assets`, stamp.assets.join(' '));
  else headers.delete(`${PREFIX}assets`);
  if (stamp.missing?.length) headers.set(`${PREFIX}missing`, stamp.missing.join(' '));
  else headers.delete(`${PREFIX}missing`);
  if (stamp.invalidated) headers.set(`${PREFIX}invalidated`, '1');
  else headers.delete(`${PREFIX}invalidated`);
  if (stamp.failures) headers.set(`${PREFIX}retry`, `${stamp.failures} ${stamp.retryAt ?? 0}`);
  else headers.delete(`${PREFIX}retry`);
}

/** The stamp of a stored response, or null when it has none or a damaged one (such a copy is treated as stale). */
export function readStamp(headers: Headers): PageStamp | null {
  const fetchedAt = Number(headers.get(`${PREFIX}fetched-at`));
  const version = Number(headers.get(`${PREFIX}version`));
  const revalidate = Number(headers.get(`${PREFIX}revalidate`));
  const hash = headers.get(`${PREFIX}hash`) ?? '';
  if (!(fetchedAt > 0) || !(version > 0) || !(revalidate >= 0) || !hash) return null;
  const tags = (headers.get(`${PREFIX}tags`) ?? '').split(',').filter(Boolean).map(decodeURIComponent);
  const assets = (headers.get(`${PREFIX}assets`) ?? '').split(' ').filter(Boolean);
  const stamp: PageStamp = { fetchedAt, version, revalidate, hash, tags, assets };
  const missing = (headers.get(`${PREFIX}missing`) ?? '').split(' ').filter(Boolean);
  if (missing.length) stamp.missing = missing;
  if (headers.has(`${PREFIX}invalidated`)) stamp.invalidated = true;
  const [failures, retryAt] = (headers.get(`${PREFIX}retry`) ?? '').split(' ').map(Number);
  if (failures && failures > 0) {
    stamp.failures = failures;
    stamp.retryAt = retryAt || 0;
  }
  return stamp;
}

/** Whether automatic revalidation is held back after failures (a reload or an explicit request is not). */
export function isBackingOff(stamp: PageStamp | null, now: number): boolean {
  return stamp?.retryAt !== undefined && now < stamp.retryAt;
}

/**
 * Seconds to wait before the next automatic revalidation after `failures` failures in a row: the base doubled per
 * further failure up to `max`, then a `random` share of it between half and all ("equal jitter"), so that the tabs
 * and devices that met one outage do not all return at the same moment.
 */
export function backoffSeconds(failures: number, base: number, max: number, random = Math.random()): number {
  return Math.min(max, base * 2 ** Math.max(0, failures - 1)) * (0.5 + random / 2);
}

/**
 * When a response's content was fetched from its origin: now, less the time it already spent in caches on the way.
 * `Age` says how long a CDN held it; `Date − Age` anchors it on the origin, so the CDN's staleness and ours do not
 * add up. A `Date` more than five minutes off the local clock is a skewed clock, not information: then only `Age`
 * counts. Never later than now.
 */
export function anchoredFetchedAt(now: number, date: string | null, age: string | null): number {
  const ageMs = age !== null && /^\d+$/.test(age.trim()) ? Number(age) * 1000 : 0;
  const dateMs = date === null ? NaN : Date.parse(date);
  const trustDate = ageMs > 0 && Number.isFinite(dateMs) && Math.abs(now - dateMs) <= 5 * 60_000;
  return Math.min(now, (trustDate ? Math.min(now, dateMs) : now) - ageMs);
}

/**
 * When the origin served a response, on the origin's own clock: its `Date` less its `Age` (ms since the epoch); NaN
 * without a `Date`. For comparing two responses of one site (a page's copy against the manifest head a reader
 * applied), where the local clock's skew does not matter. A copy the browser's HTTP cache kept keeps its old `Date`.
 */
export function servedAt(headers: Headers): number {
  const age = Number(headers.get('age'));
  return Date.parse(headers.get('date') ?? '') - (age > 0 ? age * 1000 : 0);
}

/** Whether a stamped copy is past its interval at `now`. */
export function isStale(stamp: PageStamp | null, now: number): boolean {
  if (stamp === null || stamp.invalidated) return true;
  const age = now - stamp.fetchedAt;
  // A negative age means the clock went back; trusting it would keep a page "fresh" for as long as the jump.
  return age < 0 || age >= stamp.revalidate * 1000;
}

/** Whether a stored page is past its hard expiry (`expire`, in seconds; null is never). */
export function isExpired(stamp: PageStamp | null, now: number, expire: number | null): boolean {
  return expire !== null && stamp !== null && now - stamp.fetchedAt >= expire * 1000;
}
