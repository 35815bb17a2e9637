/**
 * `work`'s result if it settles within `ms`, else undefined (`work` goes on). For a reader who must not wait longer
 * than the worker's `timeout` on something it only hoped to share.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
