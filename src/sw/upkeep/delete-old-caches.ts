/**
 * Deletes the caches that an earlier release of sw-isr named: for a cache named like the defaults,
 * `sw-isr-pages-v<N>` or `sw-isr-assets-v<N>`, every cache of the same name with a lower N (a format change starts
 * a new cache; the old one would otherwise take its space for good). Caches of any other name are the site's own and
 * are left alone. Run at activation, when the worker taking over no longer needs them.
 */
export async function deleteOldCaches(current: readonly string[]): Promise<void> {
  const versions = new Map<string, number>();
  for (const name of current) {
    const match = /^(sw-isr-(?:pages|assets)-v)(\d+)$/.exec(name);
    if (match) versions.set(match[1]!, Number(match[2]));
  }
  for (const name of await caches.keys()) {
    const match = /^(sw-isr-(?:pages|assets)-v)(\d+)$/.exec(name);
    if (match && Number(match[2]) < (versions.get(match[1]!) ?? 0)) await caches.delete(name);
  }
}
