import { CACHE_STATUS_HEADER, REVALIDATE_HEADER, withServerTiming, type PageInfo } from '../../shared/protocol.js';
import { hashBody } from '../storage/hash-body.js';
import { asNetworkFailure } from '../http/network-failure.js';
import type { IsrContext } from '../context/isr-context.js';
import { parseSeconds, pickRevalidate, readPageDirectives } from '../../shared/page-directives.js';
import { pageAssets } from '../http/page-assets.js';
import { evictForRoom } from '../upkeep/evict-for-room.js';
import { scheduleUpkeep } from '../upkeep/schedule-upkeep.js';
import { writeStamp, type PageStamp } from '../storage/page-stamp.js';
import { warn } from '../util/log.js';
import { putMakingRoom } from '../storage/put-making-room.js';
import { rebuilt } from '../http/rebuilt.js';
import { ClearedError } from '../storage/cleared.js';

export function pageInfo(url: string, stamp: PageStamp): PageInfo {
  return { url, version: stamp.version, fetchedAt: stamp.fetchedAt, revalidate: stamp.revalidate, tags: stamp.tags };
}

/**
 * Stores a storable 200 from the network under `key`, stamped with `fetchedAt`, and writes its metadata. Reads the
 * whole body first, so a truncated or aborted body rejects here and nothing half-written is stored. `clears`: the
 * metadata store's clear count when the page was asked for; after a clear since (a logout), it is not stored. Tells
 * the tabs (`fetched`, with whether the content changed) once it is.
 */
export async function storePage(
  ctx: IsrContext,
  key: string,
  response: Response,
  previous: PageStamp | null,
  fetchedAt: number,
  clears: number,
): Promise<void> {
  // A body cut short rejects here: the network's failure, not ours.
  const body = await response.arrayBuffer().catch(asNetworkFailure);
  if (body.byteLength > ctx.options.maxBodyBytes) {
    throw new Error(
      `the page is ${body.byteLength} bytes, above maxBodyBytes (${ctx.options.maxBodyBytes}); not stored`,
    );
  }
  // Asked for before a clear (a logout): neither the page nor its files are stored.
  if (ctx.db.clears !== clears) throw new ClearedError();
  // A decoder made here, not at the module's top: that runs at every start of the worker, before its first answer.
  const html = new TextDecoder().decode(body);
  const directives = readPageDirectives(html);
  const header = response.headers.get(REVALIDATE_HEADER);
  for (const problem of directives.problems) warn('page-meta-ignored', key, problem);
  const revalidate = pickRevalidate(header, directives, ctx.options.revalidate);
  if (header !== null && parseSeconds(header) === undefined) {
    warn('revalidate-header-ignored', key, header);
  }
  const hash = await hashBody(body);
  const changed = previous !== null && previous.hash !== hash;
  // The page's payloads (a Next.js route's RSC files): same-origin, resolved against the page.
  const payloads = new Set(
    directives.payloads
      .filter((href) => URL.canParse(href, key))
      .map((href) => new URL(href, key))
      .filter((url) => url.origin === new URL(key).origin)
      .map((url) => url.href.replace(/#.*$/, '')),
  );
  // A file under `exclude` (a /account/session.js with a reader's data) is left to the network, like the page would be.
  const wanted = [...new Set([...pageAssets(html, key), ...payloads])].filter((url) => ctx.scope.file(url));
  const unpin = ctx.assets.pin(wanted);
  try {
    // The files first: the page is committed only once every file it needs is stored, so no stored page (and no
    // tab showing one, online or not) points at a file that a deploy has since deleted. A changed page may come
    // with changed unversioned files, so those are fetched again; a first store tolerates a file that is missing
    // at the origin too (the reader just saw the page that way), and so does a revalidation for the files the copy
    // before it lacked already; a newly referenced file that is missing blocks the commit (a deploy in progress).
    const missingBefore = new Set(previous?.missing ?? []);
    const { kept: assets, missing } = await ctx.assets.ensure(
      wanted,
      changed,
      (url) => previous === null || missingBefore.has(url),
      { of: key, urls: payloads },
    );
    const stamp: PageStamp = {
      fetchedAt,
      version: previous && !changed ? previous.version : fetchedAt,
      revalidate,
      hash,
      tags: directives.tags,
      assets,
      missing,
    };
    await commit(ctx, key, response, body, stamp, previous === null, clears);
    ctx.announce({ type: 'fetched', url: key, page: pageInfo(key, stamp), changed });
  } finally {
    unpin();
  }
}

async function commit(
  ctx: IsrContext,
  key: string,
  response: Response,
  body: ArrayBuffer,
  stamp: PageStamp,
  first: boolean,
  clears: number,
): Promise<void> {
  const cleared = () => ctx.db.clears !== clears;
  if (cleared()) throw new ClearedError();
  const headers = new Headers(response.headers);
  writeStamp(headers, stamp);
  // Labelled as a HIT once, here, so that the hot path can answer a fresh copy without rebuilding it.
  headers.set(CACHE_STATUS_HEADER, 'HIT');
  headers.set('server-timing', withServerTiming(headers.get('server-timing'), 'HIT', stamp.version));
  const cache = await ctx.cache();
  // The cached response is the authority on freshness, so it is written first; see page-stamp.ts. If it fails even
  // after making room, the caller has already answered from the network and the page is simply not stored.
  await putMakingRoom(
    cache,
    key,
    () => rebuilt(response, headers, body),
    () => evictForRoom(ctx, key, body.byteLength),
  );
  await ctx.db.put({
    url: key,
    ...stamp,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    size: body.byteLength,
    // A page stored for the first time was stored because it was read (or precached, which the budget spares).
    lastAccessedAt: first ? Date.now() : 0,
  });
  // A clear that began while this was written may have listed the cache before the page landed in it.
  if (cleared()) {
    await cache.delete(key);
    await ctx.db.delete(key);
    throw new ClearedError();
  }
  // Not awaited: a reader waiting on this store (a reload, a second tab's first visit) must not wait on the budget
  // and the collector too. A worker stopped before they finish only leaves them to the next store.
  void scheduleUpkeep(ctx);
}
