import type { RemovedReason } from '../../shared/protocol.js';
import type { IsrContext } from '../context/isr-context.js';

/** Drops a stored page and its metadata and tells every tab; the next visit goes to the network. */
export async function removePage(ctx: IsrContext, url: string, reason: RemovedReason): Promise<void> {
  await (await ctx.cache()).delete(url);
  await ctx.db.delete(url);
  ctx.announce({ type: 'removed', url, reason });
}
