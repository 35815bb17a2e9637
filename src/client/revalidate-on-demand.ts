import { messageWorker } from './message-worker.js';

export interface OnDemandOptions {
  /**
   * Drop the stored copies instead of refreshing them, so the next visit waits for the network (Next.js's
   * `expire: 0`). @default false: mark them stale, refresh them in the background and tell every tab.
   */
  hard?: boolean;
}

const REPLY_LIMIT = 30_000;

async function invalidate(paths: string[], tags: string[], { hard = false }: OnDemandOptions): Promise<string[]> {
  if (!('serviceWorker' in navigator)) return [];
  const worker = navigator.serviceWorker.controller ?? (await navigator.serviceWorker.ready).active;
  if (!worker) return [];
  const reply = await messageWorker(worker, { type: 'invalidate', paths, tags, hard }, REPLY_LIMIT);
  return reply.urls;
}

/** Revalidates stored pages by path (relative to this page); resolves to the URLs of the stored pages it applied to. */
export function revalidatePath(path: string | string[], options: OnDemandOptions = {}): Promise<string[]> {
  return invalidate(
    ([] as string[]).concat(path).map((p) => new URL(p, location.href).href),
    [],
    options,
  );
}

/** Revalidates every stored page with this tag (from `<meta name="isr:tags">`), and no other. */
export function revalidateTag(tag: string | string[], options: OnDemandOptions = {}): Promise<string[]> {
  return invalidate([], ([] as string[]).concat(tag), options);
}
