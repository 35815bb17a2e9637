import type { IsrContext } from '../context/isr-context.js';
import { precacheState, precachedUrls } from '../context/precache-state.js';
import { reconcile } from './reconcile.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * Deletes the stored files that no kept page and no precache entry needs any more, but not while a tab that was
 * open when a file stopped being needed is still open: that tab may show the older version of a page, and its
 * next lazy import or stylesheet must still be answered after the deploy deleted the file from the origin. So a
 * file is first retired, with the ids of the tabs open at that moment, and deleted at a later pass once none of
 * them is left (at once when no tab is open).
 *
 * Without a complete view of what is needed (IndexedDB unreadable, a page stored but not recorded yet) nothing is
 * deleted: a file kept too long costs bytes, a file deleted too soon breaks a page.
 */
export async function collectAssets(ctx: IsrContext): Promise<void> {
  await reconcile(ctx);
  const [records, retiredState, precached, keys] = await Promise.all([
    ctx.db.allOrNull(),
    ctx.db.stateOrNull('retired-assets'),
    precachedUrls(ctx),
    (await ctx.cache()).keys(),
  ]);
  if (!records || !retiredState || !precached) return;
  const recorded = new Set(records.map((record) => record.url));
  if (keys.some((request) => !recorded.has(request.url))) return;
  const needed = new Set(precached);
  for (const record of records) for (const url of record.assets ?? []) needed.add(url);

  const retired = retiredState.value ?? {};
  const open = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((client) => client.id);
  let changed = false;
  for (const { url } of await (await ctx.assets.cache()).keys()) {
    // Needed, or being stored right now by this worker (a page store, the precache pass). A new version of the
    // worker precaching beside this one records what it is storing before it starts (see precache.ts).
    const busy = () => ctx.assets.pinned(url) || precacheState(ctx).storing.has(url);
    if (needed.has(url) || busy()) {
      if (retired[url]) {
        delete retired[url];
        changed = true;
      }
      continue;
    }
    const watchers = retired[url];
    if (!watchers && open.length) {
      retired[url] = open;
      changed = true;
    } else if (!watchers?.some((id) => open.includes(id))) {
      if (busy()) continue; // a store began while this pass was reading
      await ctx.assets.delete(url);
      if (watchers) delete retired[url];
      changed = true;
    }
  }
  if (changed) await ctx.db.setState('retired-assets', retired);
}
