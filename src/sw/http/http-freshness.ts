import { cacheControl } from './cache-control.js';

/**
 * Whether a stored file is still fresh by its own HTTP caching headers (RFC 9111 §4.2), so that it may be answered
 * without asking the network, exactly as the browser's HTTP cache would. `storedAt` is when the worker fetched it.
 * Only explicit lifetimes count (max-age, else Expires − Date); without one, or with no-cache, the file is
 * revalidated: a heuristic lifetime could pin an unversioned stylesheet long after a deploy changed it.
 */
export function isHttpFresh(headers: Headers, storedAt: number, now: number): boolean {
  const directives = cacheControl(headers.get('cache-control'));
  if (directives.has('no-cache') || directives.has('no-store')) return false;
  let lifetime = Number(directives.get('max-age') ?? NaN);
  if (!(lifetime >= 0)) {
    const expires = Date.parse(headers.get('expires') ?? '');
    const date = Date.parse(headers.get('date') ?? '') || storedAt;
    if (!Number.isFinite(expires)) return false;
    lifetime = (expires - date) / 1000;
  }
  const age = Number(headers.get('age')) || 0;
  return lifetime > age + (now - storedAt) / 1000;
}
