/** What this site's storage holds against what the browser allows it, and whether it is kept under pressure. */
export interface StorageStatus {
  /** Bytes used by this origin (Cache Storage, IndexedDB and the rest), as the browser estimates them. */
  usage: number;
  /** Bytes this origin may use. */
  quota: number;
  /** Whether the browser keeps this origin's storage when the device runs short (see {@link persistStorage}). */
  persisted: boolean;
}

/** `navigator.storage.estimate()` and `persisted()` in one; null where the Storage API is missing. */
export async function storageStatus(): Promise<StorageStatus | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.estimate) return null;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
  return { usage, quota, persisted };
}

/**
 * Asks the browser to keep this site's stored pages when the device runs short of space, rather than evicting the
 * whole origin (`navigator.storage.persist()`). Browsers decide by engagement (Chromium: an installed app, a
 * bookmark, granted notifications) or ask the reader (Firefox), so call it when the reader shows intent, such as
 * choosing "keep available offline". Resolves to whether storage is persistent now.
 */
export async function persistStorage(): Promise<boolean> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return false;
  return (await storage.persisted()) || storage.persist();
}
