import { describe, expect, it } from 'vitest';
import { clearsSiteData } from './clear-site-data.js';

const clears = (value?: string) => clearsSiteData(new Headers(value === undefined ? {} : { 'clear-site-data': value }));

describe('clearsSiteData', () => {
  it('reads "cache", "storage" and "*", alone or among others', () => {
    expect(clears('"cache"')).toBe(true);
    expect(clears('"storage"')).toBe(true);
    expect(clears('"*"')).toBe(true);
    expect(clears('"cookies", "storage"')).toBe(true);
  });

  it('ignores the other types, unquoted values and a missing header', () => {
    expect(clears('"cookies"')).toBe(false);
    expect(clears('"executionContexts", "clientHints"')).toBe(false);
    expect(clears('cache')).toBe(false);
    expect(clears('')).toBe(false);
    expect(clears()).toBe(false);
  });
});
