import type { IsrContext } from './isr-context.js';
import { readStamp, writeStamp } from './page-stamp.js';
import { pageInfo, storePage } from './store-page.js';
import { unstorableReason } from './unstorable-reason.js';

/**
 * Fetches a stored page again and keeps whichever copy is right: a changed 200 replaces it and is announced as
 * changed, an unchanged one (304, or a 200 with the same body) only renews its fetchedAt. Anything else keeps the
 * stored copy untouched and is announced as a failure. Resolves to whether the origin answered usably; never rejects.
 *
 * One revalidation per page at a time: a caller arriving while one runs shares it.
 */
export function revalidatePage(ctx: IsrContext, key: string): Promise<boolean> {
  const running = ctx.inflight.get(key);
  if (running) return running.done;
  const entry = { kind: 'revalidate' as const, done: revalidate(ctx, key) };
  ctx.inflight.set(key, entry);
  void entry.done.finally(() => ctx.inflight.get(key) === entry && ctx.inflight.delete(key));
  return entry.done;
}

async function revalidate(ctx: IsrContext, key: string): Promise<boolean> {
  ctx.announce({ type: 'revalidating', url: key });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${ctx.options.timeout} s`)), ctx.options.timeout * 1000);
  try {
    const cache = await ctx.cache();
    const cached = await cache.match(key);
    const previous = cached ? readStamp(cached.headers) : null;
    const headers = new Headers();
    // Validators come from the stored response itself; conditional headers also make fetch skip the HTTP cache,
    // so the answer is the origin's, not a copy the browser kept.
    const etag = previous && cached?.headers.get('etag');
    const lastModified = previous && cached?.headers.get('last-modified');
    if (etag) headers.set('if-none-match', etag);
    if (lastModified) headers.set('if-modified-since', lastModified);
    const request = new Request(key, {
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
      redirect: 'manual',
      signal: abort.signal,
    });
    const response = await fetch(request);
    const fetchedAt = Date.now();
    if (response.status === 304 && cached && previous) {
      const renewed = { ...previous, fetchedAt, invalidated: false };
      const stored = new Headers(cached.headers);
      writeStamp(stored, renewed);
      await cache.put(key, new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers: stored }));
      const record = await ctx.db.get(key);
      if (record) await ctx.db.put({ ...record, fetchedAt });
      ctx.announce({ type: 'fetched', url: key, page: pageInfo(key, renewed), changed: false });
      return true;
    }
    const reason = unstorableReason({ requestHeaders: request.headers, status: response.status, type: response.type, headers: response.headers });
    if (reason) {
      await response.body?.cancel();
      throw new Error(`origin answered with a response that is not stored (${reason})`);
    }
    const { page, changed } = await storePage(ctx, key, response, previous, fetchedAt);
    ctx.announce({ type: 'fetched', url: key, page, changed });
    return true;
  } catch (error) {
    const message = abort.signal.aborted ? String((abort.signal.reason as Error).message) : String((error as Error)?.message ?? error);
    console.warn(`sw-isr: revalidating ${key} failed; the stored copy is kept:`, message);
    ctx.announce({ type: 'failed', url: key, error: message });
    return false;
  } finally {
    clearTimeout(timer);
  }
}
