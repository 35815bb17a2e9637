import { expect, it } from 'vitest';
import { isStale, readStamp, writeStamp, type PageStamp } from './page-stamp.js';

const stamp: PageStamp = { fetchedAt: 1_000_000, version: 900_000, revalidate: 60, hash: 'ab12', tags: ['a,b', 'ü'] };

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
