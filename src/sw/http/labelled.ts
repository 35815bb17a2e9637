import { CACHE_STATUS_HEADER, withServerTiming, type CacheStatus } from '../../shared/protocol.js';
import { rebuilt } from './rebuilt.js';

/**
 * Copies a response with the worker's verdict added. Two kinds pass through as they are, unlabelled: status 0
 * (opaque redirects: a navigation the origin redirects), which cannot be rebuilt and which the browser must follow;
 * and a response fetch reached through redirects, whose final URL a copy would lose (a constructed response has
 * none, and the page would resolve a script's relative imports against the URL it asked for).
 */
export function labelled(response: Response, status: CacheStatus, version: number | null): Response {
  if (response.status === 0 || response.redirected) return response;
  const headers = new Headers(response.headers);
  headers.set(CACHE_STATUS_HEADER, status);
  headers.set('server-timing', withServerTiming(headers.get('server-timing'), status, version));
  return rebuilt(response, headers);
}
