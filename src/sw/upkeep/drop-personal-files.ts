import { isPersonal } from '../http/unstorable-reason.js';
import type { AssetStore } from '../storage/asset-store.js';
import { storedHeaders } from '../storage/stored-headers.js';

/**
 * Deletes stored files that one reader's session made (`Vary: Cookie` or `Authorization`, `private`, `no-store`):
 * releases before 0.1's trust fixes stored `Vary: Cookie` files, which must not outlive a logout. Run once per
 * worker version, at activation; files stored since are refused on the way in.
 */
export async function dropPersonalFiles(assets: AssetStore): Promise<void> {
  const cache = await assets.cache();
  for (const { url } of await cache.keys()) {
    const headers = await storedHeaders(cache, url);
    if (headers && isPersonal(headers)) await assets.delete(url);
  }
}
