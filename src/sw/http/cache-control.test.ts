import { describe, expect, it } from 'vitest';
import { cacheControl, privateDirective } from './cache-control.js';

describe('cacheControl', () => {
  it('reads directives by lower-case name, arguments unquoted', () => {
    expect([...cacheControl('Public, MAX-AGE="60", no-transform')]).toEqual([
      ['public', ''],
      ['max-age', '60'],
      ['no-transform', ''],
    ]);
    expect(cacheControl(null).size).toBe(0);
  });
});

describe('privateDirective', () => {
  it('finds no-store and private in any form, and nothing in look-alikes', () => {
    expect(privateDirective('max-age=0, private="set-cookie"')).toBe('private');
    expect(privateDirective('no-store')).toBe('no-store');
    expect(privateDirective('no-store, private')).toBe('no-store');
    expect(privateDirective('x-private, privately, no-storage')).toBeNull();
    expect(privateDirective(null)).toBeNull();
  });
});
