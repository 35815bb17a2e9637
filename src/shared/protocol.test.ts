import { expect, it } from 'vitest';
import { formatServerTiming, isProtocolMessage, parseServerTiming, withServerTiming } from './protocol.js';

it('carries the verdict and version through Server-Timing', () => {
  const value = formatServerTiming('STALE', 1764300000123);
  expect(value).toBe('sw-isr;desc="STALE 1764300000123"');
  expect(parseServerTiming('STALE 1764300000123')).toEqual({ status: 'STALE', version: 1764300000123 });
  expect(parseServerTiming('BYPASS')).toEqual({ status: 'BYPASS', version: null });
});

it('recognises only its own messages', () => {
  expect(isProtocolMessage({ meta: 'sw-isr', type: 'fetched' })).toBe(true);
  expect(isProtocolMessage({ type: 'CACHE_UPDATED', meta: 'workbox-broadcast-update' })).toBe(false);
  expect(isProtocolMessage(null)).toBe(false);
  expect(isProtocolMessage('sw-isr')).toBe(false);
});

it("sets its own Server-Timing entry, keeping the origin's", () => {
  expect(withServerTiming(null, 'HIT', 5)).toBe('sw-isr;desc="HIT 5"');
  expect(withServerTiming('db;dur=53, sw-isr;desc="HIT 5"', 'STALE', 5)).toBe('db;dur=53, sw-isr;desc="STALE 5"');
});
