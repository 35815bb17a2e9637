import { describe, expect, it } from 'vitest';
import {
  anchoredFetchedAt,
  backoffSeconds,
  isBackingOff,
  isStale,
  readStamp,
  servedAt,
  writeStamp,
  type PageStamp,
} from './page-stamp.js';

const stamp: PageStamp = {
  fetchedAt: 1_000_000,
  version: 900_000,
  revalidate: 60,
  hash: 'ab12',
  tags: ['a,b', 'ü'],
  assets: ['https://s.test/a.js', 'https://s.test/b%20c.css?v=1'],
  missing: ['https://s.test/gone.css'],
};

it('round-trips through headers, tags with commas included', () => {
  const headers = new Headers();
  writeStamp(headers, stamp);
  expect(readStamp(headers)).toEqual(stamp);
});

it('reads a missing or damaged stamp as none', () => {
  expect(readStamp(new Headers())).toBeNull();
  const headers = new Headers();
  writeStamp(headers, stamp);
  headers.set('x-isr-stamp-fetched-at', 'yesterday');
  expect(readStamp(headers)).toBeNull();
});

it('is fresh strictly before the interval ends, and stale without a stamp or when the clock went back', () => {
  expect(isStale(stamp, stamp.fetchedAt)).toBe(false);
  expect(isStale(stamp, stamp.fetchedAt + 59_999)).toBe(false);
  expect(isStale(stamp, stamp.fetchedAt + 60_000)).toBe(true);
  expect(isStale(null, stamp.fetchedAt)).toBe(true);
  expect(isStale(stamp, stamp.fetchedAt - 1)).toBe(true);
  expect(isStale({ ...stamp, revalidate: 0 }, stamp.fetchedAt)).toBe(true);
});

it('keeps the retry state through headers, and drops it when cleared', () => {
  const headers = new Headers();
  writeStamp(headers, { ...stamp, failures: 3, retryAt: 2_000_000 });
  expect(readStamp(headers)).toEqual({ ...stamp, failures: 3, retryAt: 2_000_000 });
  expect(isBackingOff(readStamp(headers), 1_999_999)).toBe(true);
  expect(isBackingOff(readStamp(headers), 2_000_000)).toBe(false);
  writeStamp(headers, stamp);
  expect(readStamp(headers)).toEqual(stamp);
  expect(isBackingOff(readStamp(headers), 0)).toBe(false);
});

it('backs off exponentially from the base to the cap, each wait between half and all of the step', () => {
  expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffSeconds(n, 10, 600, 1))).toEqual([10, 20, 40, 80, 160, 320, 600]);
  expect([1, 2, 7].map((n) => backoffSeconds(n, 10, 600, 0))).toEqual([5, 10, 300]);
  const drawn = backoffSeconds(3, 10, 60);
  expect(drawn).toBeGreaterThanOrEqual(20);
  expect(drawn).toBeLessThanOrEqual(40);
});

describe('anchoredFetchedAt', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('is now without Age', () => {
    expect(anchoredFetchedAt(now, null, null)).toBe(now);
    expect(anchoredFetchedAt(now, 'Sat, 28 Nov 2026 11:00:00 GMT', null)).toBe(now);
  });
  it('is Date − Age when the CDN says how long it held the page', () => {
    expect(anchoredFetchedAt(now, 'Sat, 28 Nov 2026 11:59:50 GMT', '120')).toBe(now - 10_000 - 120_000);
  });
  it('falls back to now − Age when Date is far off the local clock, or garbled', () => {
    expect(anchoredFetchedAt(now, 'Sat, 28 Nov 2026 10:00:00 GMT', '30')).toBe(now - 30_000);
    expect(anchoredFetchedAt(now, 'yesterday', '30')).toBe(now - 30_000);
    expect(anchoredFetchedAt(now, 'Sat, 28 Nov 2026 12:01:00 GMT', '30')).toBe(now - 30_000);
  });
  it('ignores an Age that is not a number', () => {
    expect(anchoredFetchedAt(now, null, 'old')).toBe(now);
  });
});

describe('servedAt', () => {
  const at = (headers: Record<string, string>) => servedAt(new Headers(headers));
  it("is the origin's Date less the Age a cache added, whatever the local clock", () => {
    expect(at({ date: 'Mon, 30 Nov 2026 10:00:00 GMT' })).toBe(Date.UTC(2026, 10, 30, 10));
    expect(at({ date: 'Mon, 30 Nov 2026 10:00:00 GMT', age: '60' })).toBe(Date.UTC(2026, 10, 30, 9, 59));
    expect(at({ date: 'Mon, 30 Nov 2026 10:00:00 GMT', age: 'soon' })).toBe(Date.UTC(2026, 10, 30, 10));
  });
  it('cannot say without a Date', () => {
    expect(at({})).toBeNaN();
    expect(at({ date: 'yesterday' })).toBeNaN();
  });
});
