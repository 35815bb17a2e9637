/**
 * Request headers that make a fetch conditional on a copy we hold: `If-None-Match` from its ETag and
 * `If-Modified-Since` from its Last-Modified, whichever it has. Conditional headers also keep fetch from answering
 * out of the HTTP cache without asking the origin.
 */
export function conditionalHeaders(etag: string | null | undefined, lastModified: string | null | undefined): Headers {
  const headers = new Headers();
  if (etag) headers.set('if-none-match', etag);
  if (lastModified) headers.set('if-modified-since', lastModified);
  return headers;
}

/** {@link conditionalHeaders} for a held response's headers (none: an unconditional request). */
export function conditionalOn(held: Headers | null | undefined): Headers {
  return conditionalHeaders(held?.get('etag'), held?.get('last-modified'));
}
