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
  /** Set by a soft invalidation (revalidatePath/Tag, a changed manifest): stale whatever its age, until refetched. */
  invalidated?: boolean;
}

const PREFIX = 'x-isr-stamp-';

export function writeStamp(headers: Headers, stamp: PageStamp): void {
  headers.set(`${PREFIX}fetched-at`, String(stamp.fetchedAt));
  headers.set(`${PREFIX}version`, String(stamp.version));
  headers.set(`${PREFIX}revalidate`, String(stamp.revalidate));
  headers.set(`${PREFIX}hash`, stamp.hash);
  headers.set(`${PREFIX}tags`, stamp.tags.map(encodeURIComponent).join(','));
  if (stamp.invalidated) headers.set(`${PREFIX}invalidated`, '1');
  else headers.delete(`${PREFIX}invalidated`);
}

/** The stamp of a stored response, or null when it has none or a damaged one (such a copy is treated as stale). */
export function readStamp(headers: Headers): PageStamp | null {
  const fetchedAt = Number(headers.get(`${PREFIX}fetched-at`));
  const version = Number(headers.get(`${PREFIX}version`));
  const revalidate = Number(headers.get(`${PREFIX}revalidate`));
  const hash = headers.get(`${PREFIX}hash`) ?? '';
  if (!(fetchedAt > 0) || !(version > 0) || !(revalidate >= 0) || !hash) return null;
  const tags = (headers.get(`${PREFIX}tags`) ?? '').split(',').filter(Boolean).map(decodeURIComponent);
  return { fetchedAt, version, revalidate, hash, tags, ...(headers.has(`${PREFIX}invalidated`) ? { invalidated: true } : {}) };
}

/** Whether a stamped copy is past its interval at `now`. */
export function isStale(stamp: PageStamp | null, now: number): boolean {
  if (stamp === null || stamp.invalidated) return true;
  const age = now - stamp.fetchedAt;
  // A negative age means the clock went back; trusting it would keep a page "fresh" for as long as the jump.
  return age < 0 || age >= stamp.revalidate * 1000;
}
