/**
 * The headers of a stored page, without holding on to its body. A Response left unread pins its body in Chromium
 * until it is garbage-collected, and with it the storage it takes: an eviction that deletes such a page frees
 * nothing, and the write it made room for fails again (measured; see the eviction test in e2e/robustness.spec.ts).
 */
export async function storedHeaders(cache: Cache, key: string): Promise<Headers | null> {
  const response = await cache.match(key);
  if (!response) return null;
  release(response);
  return response.headers;
}

/** Lets go of a response body that will not be read. */
export function release(response: Response | undefined | null): void {
  if (response?.body && !response.bodyUsed) void response.body.cancel().catch(() => {});
}
