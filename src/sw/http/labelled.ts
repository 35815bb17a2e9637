import { CACHE_STATUS_HEADER, withServerTiming, type CacheStatus } from '../../shared/protocol.js';
import { rebuilt } from './rebuilt.js';

/**
 * Copies a response with the worker's verdict added. Responses with status 0 (opaque redirects: a navigation the
 * origin redirects) cannot be rebuilt or given headers; they pass through as they are so the browser follows them.
 */
export function labelled(response: Response, status: CacheStatus, version: number | null): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set(CACHE_STATUS_HEADER, status);
  headers.set('server-timing', withServerTiming(headers.get('server-timing'), status, version));
  return rebuilt(response, headers);
}
