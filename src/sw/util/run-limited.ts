/** Runs `work` over `items` with at most `limit` at a time; resolves when all have settled (it never rejects). */
export async function runLimited<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  const queue = [...items];
  const next = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item).catch(() => {});
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, next));
}
