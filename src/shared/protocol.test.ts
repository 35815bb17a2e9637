import { expect, it } from 'vitest';
import { formatServerTiming, isProtocolMessage, parseServerTiming } from './protocol.js';

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
