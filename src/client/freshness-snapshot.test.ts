import { expect, it } from 'vitest';
import type { PageInfo } from '../shared/protocol.js';
import type { FreshnessState } from './freshness-reduce.js';
import { freshnessSnapshot } from './freshness-snapshot.js';

const url = 'https://site.example/news.html';
const now = 1_764_300_000_000;
const copy: PageInfo = { url, version: now - 90_000, fetchedAt: now - 30_000, revalidate: 60, tags: [] };

const fresh: FreshnessState = {
  url,
  supported: true,
  servedFrom: 'STALE',
  displayed: copy.version,
  page: copy,
  pending: false,
  error: null,
  lastCheckedAt: now - 30_000,
  precache: null,
  online: true,
  settled: 3,
  workerUpdated: false,
};

it('describes the stored copy: age, expiry, version, interval', () => {
  expect(freshnessSnapshot(fresh, now)).toEqual({
    status: 'fresh',
    url,
    fetchedAt: now - 30_000,
    age: 30,
    expiresAt: now + 30_000,
    version: now - 90_000,
    interval: 60,
    hasUpdate: false,
    isOffline: false,
    servedFrom: 'STALE',
    error: null,
    lastCheckedAt: now - 30_000,
    precache: null,
    offlineReady: false,
    workerUpdated: false,
  });
});

it('turns stale when the interval has passed, to the millisecond', () => {
  expect(freshnessSnapshot(fresh, now + 29_999).status).toBe('fresh');
  expect(freshnessSnapshot(fresh, now + 30_000)).toMatchObject({ status: 'stale', age: 60 });
});

it('counts no negative age when the copy is stamped ahead of this clock', () => {
  expect(freshnessSnapshot(fresh, now - 40_000)).toMatchObject({ age: 0, status: 'fresh' });
});

it('knows nothing without a stored copy', () => {
  expect(freshnessSnapshot({ ...fresh, page: null }, now)).toMatchObject({
    status: 'unknown',
    fetchedAt: null,
    age: null,
    expiresAt: null,
    version: null,
    interval: null,
    hasUpdate: false,
  });
});

it('ranks the statuses: unsupported, updated, offline, revalidating, error, unknown, stale, fresh', () => {
  const stale = now + 60_000;
  let state: FreshnessState = { ...fresh };
  expect(freshnessSnapshot(state, stale).status).toBe('stale');
  state = { ...state, page: null };
  expect(freshnessSnapshot(state, stale).status).toBe('unknown');
  state = { ...state, page: copy, error: 'down' };
  expect(freshnessSnapshot(state, stale).status).toBe('error');
  state = { ...state, pending: true };
  expect(freshnessSnapshot(state, stale).status).toBe('revalidating');
  state = { ...state, online: false };
  expect(freshnessSnapshot(state, stale).status).toBe('offline');
  state = { ...state, displayed: copy.version - 1 };
  expect(freshnessSnapshot(state, stale)).toMatchObject({ status: 'updated', hasUpdate: true, isOffline: true });
  state = { ...state, supported: false };
  expect(freshnessSnapshot(state, stale).status).toBe('unsupported');
});
