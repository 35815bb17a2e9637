/**
 * Writes to the cache; when the write meets the browser's quota, `makeRoom` (eviction of the pages read longest
 * ago) runs and the write is tried once more. `make` builds the response each time: a body can be written once.
 */
export async function putMakingRoom(
  cache: Cache,
  key: string,
  make: () => Response,
  makeRoom: () => Promise<void>,
): Promise<void> {
  try {
    await cache.put(key, make());
  } catch (error) {
    if ((error as DOMException)?.name !== 'QuotaExceededError') throw error;
    await makeRoom();
    await cache.put(key, make());
  }
}
