import { describe, expect, it } from 'vitest';
import type { BroadcastMessage, PageInfo, PrecacheProgress, StateReply } from '../shared/protocol.js';
import { reduce, type FreshnessMessage, type FreshnessState } from './freshness-reduce.js';
import { freshnessSnapshot } from './freshness-snapshot.js';

const url = 'https://site.example/news.html';
const other = 'https://site.example/other.html';
const meta = 'sw-isr';
const now = 1_764_300_000_000;

const page = (version: number, fetchedAt = version): PageInfo => ({
  url,
  version,
  fetchedAt,
  revalidate: 60,
  tags: ['news'],
});
const shown = page(now - 30_000);
const newer = page(now - 1_000);

/** A tab showing `shown`, as the worker's state reply left it. */
const known: FreshnessState = {
  url,
  supported: true,
  servedFrom: 'HIT',
  displayed: shown.version,
  page: shown,
  pending: false,
  error: null,
  lastCheckedAt: shown.fetchedAt,
  precache: null,
  online: true,
  settled: 0,
  workerUpdated: false,
};

const revalidating: BroadcastMessage = { meta, type: 'revalidating', url };
const fetched = (next: PageInfo): BroadcastMessage => ({
  meta,
  type: 'fetched',
  url,
  page: next,
  changed: next.version !== shown.version,
});
const failed: BroadcastMessage = { meta, type: 'failed', url, error: 'origin answered 503' };
const removed: BroadcastMessage = { meta, type: 'removed', url, reason: 'gone' };
/** A state reply to a request sent when `settled` broadcasts had ended revalidations. */
const reply = (fields: Partial<StateReply> = {}, settled = 0): FreshnessMessage => ({
  meta,
  type: 'state',
  url,
  page: shown,
  pending: false,
  error: null,
  cacheName: 'sw-isr-pages-v1',
  precache: null,
  ...fields,
  settled,
});

/** Applies `messages` in order, all at `now`. */
const run = (state: FreshnessState, ...messages: FreshnessMessage[]) =>
  messages.reduce((s, m) => reduce(s, m, now), state);
const status = (state: FreshnessState) => freshnessSnapshot(state, now).status;

describe('broadcasts about this page', () => {
  it('revalidating marks a revalidation under way', () => {
    const next = run(known, revalidating);
    expect(next).toEqual({ ...known, pending: true });
    expect(status(next)).toBe('revalidating');
  });

  it('fetched with new content stores the newer copy and keeps the version on screen: an update', () => {
    const next = run(known, revalidating, fetched(newer));
    expect(next).toEqual({ ...known, page: newer, lastCheckedAt: newer.fetchedAt, settled: 1 });
    expect(freshnessSnapshot(next, now)).toMatchObject({ status: 'updated', hasUpdate: true, version: newer.version });
  });

  it('fetched with the same content (an unchanged revalidation) only moves fetchedAt on', () => {
    const confirmed = { ...shown, fetchedAt: now };
    const next = run({ ...known, displayed: shown.version }, revalidating, fetched(confirmed));
    expect(next).toEqual({ ...known, page: confirmed, lastCheckedAt: now, settled: 1 });
    expect(freshnessSnapshot(next, now)).toMatchObject({ status: 'fresh', hasUpdate: false, fetchedAt: now });
  });

  it('fetched is the version on screen when the navigation did not say which it was', () => {
    const next = run({ ...known, displayed: null, page: null, servedFrom: null }, fetched(newer));
    expect(next.displayed).toBe(newer.version);
    expect(status(next)).toBe('fresh');
  });

  it('failed ends the revalidation with its error, keeping the stored copy', () => {
    const next = run(known, revalidating, failed);
    expect(next).toEqual({ ...known, error: 'origin answered 503', lastCheckedAt: now, settled: 1 });
    expect(status(next)).toBe('error');
  });

  it('fetched after a failure clears the error', () => {
    const next = run(known, failed, fetched(newer));
    expect(next.error).toBeNull();
    expect(status(next)).toBe('updated');
  });

  it('removed (404 or 410) during a revalidation ends it: the page is not left revalidating (issue 13 item 12)', () => {
    const next = run(known, revalidating, removed);
    expect(next).toEqual({ ...known, page: null, pending: false, settled: 1 });
    expect(freshnessSnapshot(next, now)).toMatchObject({
      status: 'unknown',
      fetchedAt: null,
      version: null,
      hasUpdate: false,
    });
  });

  it('removed keeps an earlier failure, which a reader may still be told of', () => {
    expect(run(known, failed, removed)).toMatchObject({ page: null, error: 'origin answered 503', pending: false });
  });

  it('served (for an open inspector) changes nothing', () => {
    expect(reduce(known, { meta, type: 'served', url, status: 'STALE' }, now)).toEqual(known);
    // Nor does it end a revalidation.
    expect(run(known, revalidating, { meta, type: 'served', url, status: 'HIT' }).pending).toBe(true);
  });
});

describe('broadcasts about other pages', () => {
  it.each<BroadcastMessage>([
    { meta, type: 'revalidating', url: other },
    { meta, type: 'fetched', url: other, page: { ...newer, url: other }, changed: true },
    { meta, type: 'failed', url: other, error: 'down' },
    { meta, type: 'removed', url: other, reason: 'gone' },
  ])('$type is ignored', (message) => {
    expect(reduce(known, message, now)).toEqual(known);
  });

  it('precache progress is about the site, so every page takes it', () => {
    const precache: PrecacheProgress = { done: 34, total: 120, failed: 1, ready: false };
    const next = run(known, { meta, type: 'precache', url: '', precache });
    expect(next).toEqual({ ...known, precache });
    expect(freshnessSnapshot(next, now)).toMatchObject({ precache, offlineReady: false });
    const ready = run(next, {
      meta,
      type: 'precache',
      url: '',
      precache: { done: 120, total: 120, failed: 0, ready: true },
    });
    expect(freshnessSnapshot(ready, now).offlineReady).toBe(true);
  });
});

describe('state replies', () => {
  const asking: FreshnessState = {
    ...known,
    url: `${url}?utm_source=feed`,
    displayed: shown.version,
    page: null,
    lastCheckedAt: null,
  };

  it("take the worker's cache key, precache, pending flag, error and copy", () => {
    const precache: PrecacheProgress = { done: 1, total: 2, failed: 0, ready: false };
    const next = run(asking, reply({ pending: true, error: 'timed out', precache }));
    expect(next).toEqual({ ...asking, url, precache, pending: true, error: 'timed out', page: shown });
    expect(status(next)).toBe('revalidating');
  });

  it('give the version on screen when the navigation did not', () => {
    expect(run({ ...asking, displayed: null }, reply()).displayed).toBe(shown.version);
    expect(run({ ...asking, displayed: 7 }, reply()).displayed).toBe(7);
  });

  it('without a copy keep the one the page knows of', () => {
    expect(run(known, reply({ page: null })).page).toBe(shown);
  });

  it('from a worker of an earlier release, without an error, count as no error', () => {
    const { error: _, ...older } = reply() as StateReply & { settled: number };
    expect(run({ ...known, error: 'stale news' }, older as FreshnessMessage).error).toBeNull();
  });

  it("overtaken by a broadcast that settled the page keep the broadcast's word, not a revalidation under way", () => {
    // Asked while settled was 0; the revalidation ended (settled 1) before the reply, sent while it was pending, came.
    const next = run(known, removed, reply({ pending: true, error: 'old', page: shown }, 0));
    expect(next).toEqual({ ...known, page: null, pending: false, settled: 1 });
    expect(status(next)).toBe('unknown');
    const after = run(known, fetched(newer), reply({ pending: true, page: shown }, 0));
    expect(after).toMatchObject({ page: newer, pending: false });
  });

  it('from a new worker that took over from the one the tab had tell that the site was updated, until shown', () => {
    const updated = run(known, { ...(reply() as StateReply & { settled: number }), worker: true });
    expect(updated.workerUpdated).toBe(true);
    expect(freshnessSnapshot(updated, now)).toMatchObject({ status: 'fresh', workerUpdated: true, hasUpdate: false });
    // A later reply (a state request of the same worker) does not take it back; a dismissal does.
    expect(run(updated, reply()).workerUpdated).toBe(true);
    expect(run(updated, { type: 'shown', page: shown }).workerUpdated).toBe(false);
    expect(run(known, reply()).workerUpdated).toBe(false);
  });

  it('asked after the last settling broadcast are current', () => {
    expect(run(known, failed, reply({ pending: true, error: null }, 1))).toMatchObject({
      pending: true,
      error: null,
      settled: 1,
    });
  });
});

describe("the tab's own events", () => {
  it('online and offline follow the browser', () => {
    const offline = run(known, { type: 'offline' });
    expect(offline).toEqual({ ...known, online: false });
    expect(freshnessSnapshot(offline, now)).toMatchObject({ status: 'offline', isOffline: true });
    expect(run(offline, { type: 'online' })).toEqual(known);
  });

  it("shown (a dismissal, or a morph) takes that copy's version as the one on screen", () => {
    const next = run(known, fetched(newer), { type: 'shown', page: newer });
    expect(next.displayed).toBe(newer.version);
    expect(freshnessSnapshot(next, now)).toMatchObject({ status: 'fresh', hasUpdate: false });
    // A still newer version is announced again.
    expect(status(run(next, fetched(page(now))))).toBe('updated');
  });

  it('shown without a known copy leaves the version on screen as it was', () => {
    const none = { ...known, page: null, displayed: 7 };
    expect(reduce(none, { type: 'shown', page: null }, now)).toEqual(none);
  });
});
