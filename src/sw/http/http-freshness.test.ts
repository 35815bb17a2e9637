import { describe, expect, it } from 'vitest';
import { isHttpFresh } from './http-freshness.js';

const at = Date.parse('2026-11-28T10:00:00Z');
const fresh = (headers: Record<string, string>, elapsedSeconds: number) =>
  isHttpFresh(new Headers(headers), at, at + elapsedSeconds * 1000);

describe('isHttpFresh', () => {
  it('counts max-age from when the file was stored, less the Age it came with', () => {
    expect(fresh({ 'cache-control': 'public, max-age=31536000, immutable' }, 86400)).toBe(true);
    expect(fresh({ 'cache-control': 'max-age=60' }, 59)).toBe(true);
    expect(fresh({ 'cache-control': 'max-age=60' }, 60)).toBe(false);
    expect(fresh({ 'cache-control': 'max-age=60', age: '30' }, 31)).toBe(false);
  });

  it('uses Expires − Date when there is no max-age', () => {
    const date = new Date(at).toUTCString();
    expect(fresh({ date, expires: new Date(at + 3600_000).toUTCString() }, 3599)).toBe(true);
    expect(fresh({ date, expires: new Date(at + 3600_000).toUTCString() }, 3600)).toBe(false);
  });

  it('is never fresh without an explicit lifetime, or with no-cache', () => {
    expect(fresh({}, 0)).toBe(false);
    expect(fresh({ 'last-modified': new Date(at - 86400_000).toUTCString() }, 0)).toBe(false);
    expect(fresh({ 'cache-control': 'no-cache, max-age=600' }, 0)).toBe(false);
    expect(fresh({ 'cache-control': 'max-age=0' }, 0)).toBe(false);
  });
});
