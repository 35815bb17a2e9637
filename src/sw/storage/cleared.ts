import { rebuilt } from '../http/rebuilt.js';
import type { PageMetaDb } from './page-meta-db.js';
import { writeStamp, type PageStamp } from './page-stamp.js';

/**
 * Thrown by work that fetched before a clear (a logout) and would write after it: nothing is stored, and it is no
 * failure of the origin's (no backoff, no "could not refresh" in the tabs).
 */
export class ClearedError extends Error {
  constructor() {
    super('cleared meanwhile: not stored');
  }
}

/**
 * Puts a response back into a cache unless a clear happened since `clears` (the metadata store's count when the work
 * began), and takes it out again if one happened while it was written: a restamp (a mark, a failure count, a 304's
 * renewal) must not bring back a page a logout dropped. Resolves to whether it stays.
 */
export async function putUnlessCleared(
  db: PageMetaDb,
  clears: number,
  cache: Cache,
  key: string,
  response: Response,
): Promise<boolean> {
  if (db.clears !== clears) return false;
  await cache.put(key, response);
  if (db.clears === clears) return true;
  await cache.delete(key);
  return false;
}

/**
 * Re-stamps the stored copy in place (the Cache API has no way to change headers but to put the body again), unless
 * a clear happened since `clears`: a logout's dropped page does not come back. Resolves to whether it stays.
 */
export function restamp(
  db: PageMetaDb,
  clears: number,
  cache: Cache,
  key: string,
  cached: Response,
  stamp: PageStamp,
): Promise<boolean> {
  const headers = new Headers(cached.headers);
  writeStamp(headers, stamp);
  return putUnlessCleared(db, clears, cache, key, rebuilt(cached, headers));
}
