import {
  candidateKeys,
  changeFor,
  indexProblem,
  manifestEntryFor,
  manifestProblem,
  pageStem,
  partProblem,
  shardOf,
  type ManifestEntry,
  type ManifestHead,
  type ManifestIndex,
  type ManifestPart,
  type SiteManifest,
} from '../../shared/site-manifest.js';
import { markStale } from './invalidate-pages.js';
import { revalidatePage } from './revalidate-page.js';
import { runLimited } from '../util/run-limited.js';
import { FETCH_CONCURRENCY } from '../storage/asset-store.js';
import { runPrecache } from './precache.js';
import { precacheProgress } from '../context/precache-state.js';
import { perContext } from '../context/per-context.js';
import type { PrecacheEntry, WorkerState } from '../storage/worker-state.js';
import { Flights } from '../util/flights.js';
import { removePage } from '../upkeep/remove-page.js';
import type { IsrContext } from '../context/isr-context.js';
import type { PageRecord } from '../storage/page-meta-db.js';
import { scheduleUpkeep } from '../upkeep/schedule-upkeep.js';
import { servedAt } from '../storage/page-stamp.js';
import { storedHeaders } from '../storage/stored-headers.js';
import { warn } from '../util/log.js';
import { conditionalHeaders } from '../http/conditional-headers.js';
import { pageFlights } from '../context/page-flights.js';

declare let self: ServiceWorkerGlobalScope;

/** The check under way (one at a time), and when the last one started (ms; 0: none in this worker's life). */
const checks = perContext(() => ({ flights: new Flights<'', void>(), lastStart: 0 }));

/**
 * Checks the site manifest with a conditional request: an unchanged manifest costs one 304; each page whose listed
 * hash differs from its stored body is refreshed in the background at once, ahead of its interval; a stored page
 * under the manifest's base that it does not list is dropped. One check at a time; `force` skips the interval (a
 * tab asked). A tab that asks while a check is under way gets one more check after it: the check in flight may have
 * sent its request before the deploy the tab wants to learn of, and a check lasts as long as the page refreshes and
 * the precache pass it starts (in a cold Firefox, long enough that a tab's check joined a stale one and missed a
 * deploy). Any number of such asks share that one follow-up.
 */
export function checkManifest(ctx: IsrContext, force: boolean): Promise<void> {
  const { manifest, manifestInterval } = ctx.options;
  if (!manifest) return Promise.resolve();
  const state = checks(ctx);
  const start = () => {
    state.lastStart = Date.now();
    return check(ctx, new URL(manifest, self.registration.scope).href).catch((error: unknown) =>
      warn('manifest-check-failed', error),
    );
  };
  const running = state.flights.get('');
  if (running) return force ? state.flights.after('', start) : running;
  if (!force && Date.now() - state.lastStart < manifestInterval * 1000) return Promise.resolve();
  return state.flights.join('', start);
}

async function check(ctx: IsrContext, url: string): Promise<void> {
  // A clear (a logout) during this check: the pages it would refresh are the reader's reading, dropped on purpose.
  const clears = ctx.db.clears;
  const validators = await ctx.db.getState('manifest');
  const known = validators?.url === url ? validators : null;
  const headers = conditionalHeaders(known?.etag, known?.lastModified);
  const response = await fetch(
    new Request(url, {
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
      signal: AbortSignal.timeout(ctx.options.timeout * 1000),
    }),
  );
  if (response.status === 304 || response.status === 404) {
    // Unchanged, or a site without a manifest; a precache pass that left entries out (failed, or cut short by a
    // worker stopped mid-way) tries them again now.
    const progress = await precacheProgress(ctx);
    if (progress && !progress.ready) await runPrecache(ctx);
    return;
  }
  if (!response.ok) throw new Error(`status ${response.status}`);
  const served = servedAt(response.headers);
  const parsed: unknown = await response.json();
  const problem = manifestProblem(parsed);
  if (problem) throw new Error(`${url} is not an sw-isr manifest: ${problem}`);
  const manifest = parsed as SiteManifest | ManifestHead;
  const base = manifest.base;
  // Whatever validators were saved stop counting now: until this check ends, the next one reads the manifest in
  // full (a check cut short takes up what is left; a rollback to the manifest before is not taken for "unchanged").
  // The state applied stays: what a check cut short applied of the changes since is applied again, at no cost.
  await ctx.db.setState('manifest', {
    url,
    etag: null,
    lastModified: null,
    state: known?.state ?? null,
    appliedAt: known?.appliedAt,
    generatedAt: known?.generatedAt,
  });
  // Without the records there is no telling what changed; "none stored" would drop nothing and mark nothing.
  const records = await ctx.db.allOrNull();
  if (!records) throw new Error('metadata unreadable');
  // The release before kept the listed hash when a page's body changed (see the metadata store's put); its marks
  // that differ from the body are not trusted: those pages are compared again, once.
  if (known && known.generatedAt === undefined)
    for (const record of records) if (record.manifestHash !== record.hash) record.manifestHash = undefined;
  const lookup = await pageLookup(ctx, manifest, url, known, records);
  const changes = new Map<string, Partial<PageRecord> & { ifHash: string }>();
  const removals: Promise<unknown>[] = [];
  const changed = new Map<string, string>();
  for (const record of records) {
    const entry = lookup(record);
    if (entry === undefined) {
      // Unchanged since a state this reader applied, so compared now: the next check's delta covers it, whatever
      // the age of its copy (see pageLookup).
      if (!record.manifestHash) changes.set(record.url, { manifestHash: record.hash, ifHash: record.hash });
      continue;
    }
    if (!entry) {
      // The manifest lists the whole site under its base: a stored page it does not list was deleted, or is not
      // part of the build (then it is stored again on its next visit, at the cost of one request).
      if (sitePath(record.url).startsWith(base)) removals.push(removePage(ctx, record.url, 'unlisted'));
      continue;
    }
    // A page revalidated for a listed hash is not revalidated again for the same hash, even if its host serves
    // different bytes than the build wrote (a CDN rewriting HTML would otherwise cost a request per check).
    // The listed hash is recorded once the page is refreshed for it (below), so that a check cut short refreshes
    // what it did not get to.
    if (entry.hash !== record.hash && entry.hash !== record.manifestHash) changed.set(record.url, entry.hash);
    else if (entry.hash !== record.manifestHash)
      changes.set(record.url, { manifestHash: entry.hash, ifHash: record.hash });
  }
  // Every changed page is marked stale at once, on its own stamp (a reader of any of them sees the mark, and it
  // outlives this worker), before anything records that this manifest was seen. A page whose mark fails is
  // refreshed on its interval; it does not stop the others.
  const pages = [...changed.keys()];
  const marked = (await Promise.all(pages.map((page) => markStale(ctx, page).catch(() => false)))).flatMap(
    (ok, index) => (ok ? [pages[index]!] : []),
  );
  // A revalidation already running may have asked before this deploy: those pages get one more after it. Any
  // other revalidation of a marked page, a reader's included, starts after the mark and is joined.
  const runningAtMark = new Set(marked.filter((page) => pageFlights(ctx).has(page)));
  await Promise.allSettled(removals);
  await ctx.db.patch(changes);
  await ctx.db.setState('manifest-precache', precacheEntries(manifest, url));
  // Refreshed a few at a time: a deploy that changed 300 pages must not put 300 requests, each with its abort timer
  // already running, in the browser's queue at once (the tail timed out and was backed off).
  await runLimited(marked, FETCH_CONCURRENCY, async (page) => {
    if (ctx.db.clears !== clears) return;
    // Not marked when the refresh failed (or another worker held it): the next check refreshes it again.
    if (await revalidatePage(ctx, page, runningAtMark.has(page)))
      await ctx.db.patch(new Map([[page, { manifestHash: changed.get(page)! }]]));
  });
  // After the refreshes, not beside them: a changed page that the precache lists too is then stored at its new
  // revision already, and not fetched a second time by the pass.
  await runPrecache(ctx);
  // Last: only a check that got this far counts as done (see the start).
  await ctx.db.setState('manifest', {
    url,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    state: manifest.version === 2 ? manifest.state : null,
    // When the origin served this head (NaN without a Date: then the next check looks up every unchecked page).
    appliedAt: Number.isNaN(served) ? undefined : served,
    generatedAt: manifest.generatedAt,
  });
  // Not awaited: the check (a flight a tab's forced check waits behind) ends here; the pass may be paced.
  void scheduleUpkeep(ctx);
}

/**
 * A URL's path as the build keys pages: decoded (`/caf%C3%A9/` is the file `/café/index.html`); as it is when it
 * cannot be decoded.
 */
function sitePath(url: string): string {
  const { pathname } = new URL(url);
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/**
 * What the manifest says of a stored page: its entry, null when the site no longer has it (dropped, if under the
 * base), undefined when it says nothing (unchanged since). A version 1 manifest lists every page. Of a version 2 one,
 * only what this reader needs is fetched: no delta when it applied this state already; the delta from the state it
 * applied, when the head keeps one; else (a new reader, one many deploys behind, one whose state the site no longer
 * knows, or a delta that cannot be had) the shards that hold the pages it stores. A delta lists every page changed
 * by any build since that state (a change reverted included), so it covers the pages stored since the last check
 * whose copy the origin served after that state's head (see {@link olderCopies}): any later copy is in the delta. A
 * page no check has compared yet (no `manifestHash`) with an older copy is looked up in its shard, once; so is every
 * such page when another head names the state applied (its precache list changed, or the folder of that deploy was
 * put back), which says nothing of pages stored since. The same head read again (a no-op redeploy, a check after
 * one cut short) looks up only the older copies.
 */
async function pageLookup(
  ctx: IsrContext,
  manifest: SiteManifest | ManifestHead,
  url: string,
  known: WorkerState['manifest'] | null,
  records: PageRecord[],
): Promise<(record: PageRecord) => ManifestEntry | null | undefined> {
  if (manifest.version === 1) return (record) => manifestEntryFor(manifest, sitePath(record.url)) ?? null;
  const inBase = records.filter((record) => sitePath(record.url).startsWith(manifest.base));
  const applied = known?.state ?? null;
  // Without appliedAt (a head without a Date, or state kept by the release before) every page no check has compared
  // is looked up, as before.
  const appliedAt = known?.appliedAt ?? Infinity;
  const same = applied === manifest.state;
  let delta: ManifestPart | null = null;
  if (!same && applied !== null && manifest.deltas[applied])
    delta = await fetchPart<ManifestPart>(ctx, new URL(manifest.deltas[applied], url).href, partProblem).catch(
      () => null,
    );
  const unchecked = inBase.filter((record) => !record.manifestHash);
  const whole =
    same && known?.generatedAt !== manifest.generatedAt
      ? unchecked
      : same || delta
        ? await olderCopies(ctx, unchecked, appliedAt)
        : inBase;
  const pages = await shardPages(ctx, manifest, url, whole);
  const looked = new Set(whole);
  return (record) =>
    looked.has(record)
      ? (manifestEntryFor({ pages }, sitePath(record.url)) ?? null)
      : delta
        ? changeFor(delta, sitePath(record.url))
        : undefined;
}

/**
 * Of `records`, those whose stored copy the origin served before `appliedAt` (by the copy's own `Date` less `Age`, as
 * the browser's HTTP cache or a CDN kept it), or cannot say when: a delta from the state applied may not cover them.
 */
async function olderCopies(ctx: IsrContext, records: PageRecord[], appliedAt: number): Promise<PageRecord[]> {
  const cache = await ctx.cache();
  const older: PageRecord[] = [];
  for (const record of records) {
    const headers = await storedHeaders(cache, record.url);
    if (!(headers && servedAt(headers) >= appliedAt)) older.push(record);
  }
  return older;
}

/**
 * The entries of the shards that hold `records`' pages: for each, the shard of every key its URL may be served from
 * (`/a/index` may be the file `/a/index.html`, whose stem is `/a`). A few at a time; any that fails fails the check.
 */
async function shardPages(
  ctx: IsrContext,
  manifest: ManifestHead,
  url: string,
  records: PageRecord[],
): Promise<Record<string, ManifestEntry>> {
  const pages: Record<string, ManifestEntry> = {};
  if (!records.length) return pages;
  const { shards } = await fetchPart<ManifestIndex>(ctx, new URL(manifest.index, url).href, indexProblem);
  const needed = new Set(
    records.flatMap((record) =>
      candidateKeys(sitePath(record.url)).map((key) => shards[shardOf(pageStem(key), shards.length)]!),
    ),
  );
  let failed: unknown;
  await runLimited(needed, FETCH_CONCURRENCY, async (shard) => {
    try {
      const part = await fetchPart<ManifestPart>(ctx, new URL(shard, url).href, partProblem);
      for (const [key, entry] of Object.entries(part.pages)) if (entry) pages[key] = entry;
    } catch (error) {
      failed ??= error;
    }
  });
  if (failed) throw failed;
  return pages;
}

/**
 * A file of a version 2 manifest: immutable by its name, so the HTTP cache may answer it. A wrong answer the cache
 * kept under that name (a host's fallback page for a file not uploaded yet) is asked for once more past it.
 */
async function fetchPart<T>(ctx: IsrContext, url: string, problemOf: (value: unknown) => string | null): Promise<T> {
  let failure: unknown;
  for (const cache of ['default', 'reload'] as const) {
    try {
      const response = await fetch(url, {
        cache,
        credentials: 'same-origin',
        signal: AbortSignal.timeout(ctx.options.timeout * 1000),
      });
      if (!response.ok) throw new Error(`${url}: status ${response.status}`);
      const part = (await response.json()) as T;
      const problem = problemOf(part);
      if (problem) throw new Error(`${url} is not a part of an sw-isr manifest: ${problem}`);
      return part;
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/** The manifest's precache list with each entry's kind and revision. */
function precacheEntries(manifest: SiteManifest | ManifestHead, manifestUrl: string): PrecacheEntry[] {
  return (manifest.precache ?? []).map((path) => {
    const url = new URL(path, manifestUrl).href;
    const page = manifestEntryFor(manifest, sitePath(url));
    if (page) return { url, revision: page.hash, page: true };
    const file = manifest.assets?.[path];
    return { url, revision: file ?? null, page: file === undefined ? null : false };
  });
}
