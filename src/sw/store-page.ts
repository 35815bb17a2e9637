import { REVALIDATE_HEADER, type PageInfo } from '../shared/protocol.js';
import { hashBody } from './hash-body.js';
import type { IsrContext } from './isr-context.js';
import { parseSeconds, pickRevalidate, readPageDirectives } from '../shared/page-directives.js';
import { writeStamp, type PageStamp } from './page-stamp.js';

export interface StoredPage {
  page: PageInfo;
  /** Whether the body differs from the copy stored before (false for a first store). */
  changed: boolean;
}

const decoder = new TextDecoder();

export function pageInfo(url: string, stamp: PageStamp): PageInfo {
  return { url, version: stamp.version, fetchedAt: stamp.fetchedAt, revalidate: stamp.revalidate, tags: stamp.tags };
}

/**
 * Stores a storable 200 from the network under `key`, stamped with `fetchedAt`, and writes its metadata. Reads the
 * whole body first, so a truncated or aborted body rejects here and nothing half-written is stored.
 */
export async function storePage(
  ctx: IsrContext,
  key: string,
  response: Response,
  previous: PageStamp | null,
  fetchedAt: number,
): Promise<StoredPage> {
  const body = await response.arrayBuffer();
  const directives = readPageDirectives(decoder.decode(body));
  const header = response.headers.get(REVALIDATE_HEADER);
  for (const problem of directives.problems) console.warn(`sw-isr: ${key}: ${problem}`);
  const revalidate = pickRevalidate(header, directives, ctx.options.revalidate);
  if (header !== null && parseSeconds(header) === undefined) {
    console.warn(`sw-isr: ${key}: ${REVALIDATE_HEADER} "${header}" is not a number of seconds ≥ 0; ignored`);
  }
  const hash = await hashBody(body);
  const changed = previous !== null && previous.hash !== hash;
  const stamp: PageStamp = {
    fetchedAt,
    version: previous && !changed ? previous.version : fetchedAt,
    revalidate,
    hash,
    tags: directives.tags,
  };
  const headers = new Headers(response.headers);
  writeStamp(headers, stamp);
  const cache = await ctx.cache();
  // The cached response is the authority on freshness, so it is written first; see page-stamp.ts.
  await cache.put(key, new Response(body, { status: response.status, statusText: response.statusText, headers }));
  await ctx.db.put({
    url: key,
    ...stamp,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    size: body.byteLength,
    lastAccessedAt: 0,
  });
  return { page: pageInfo(key, stamp), changed };
}
