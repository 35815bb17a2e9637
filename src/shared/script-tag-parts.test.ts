import { describe, expect, it } from 'vitest';
import { isScriptTagPart, scriptTagParts } from './script-tag-parts.js';

const read = (attributes: Record<string, string>) => (name: string) => attributes[name];

describe('scriptTagParts', () => {
  it('loads the banner by default, and morph and the inspector when asked', () => {
    expect(scriptTagParts(read({}))).toEqual(['sw-isr-banner.js']);
    expect(scriptTagParts(read({ update: 'morph', inspector: '' }))).toEqual([
      'sw-isr-banner.js',
      'sw-isr-morph.js',
      'sw-isr-inspector.js',
    ]);
  });

  it('leaves the banner out for data-banner="off" or "false" only', () => {
    expect(scriptTagParts(read({ banner: 'off' }))).toEqual([]);
    expect(scriptTagParts(read({ banner: 'false', update: 'reload' }))).toEqual([]);
    expect(scriptTagParts(read({ banner: '' }))).toEqual(['sw-isr-banner.js']);
    expect(scriptTagParts(read({ banner: 'offline' }))).toEqual(['sw-isr-banner.js']);
  });

  it('tells the parts by their file name', () => {
    expect(isScriptTagPart('https://site.test/static/sw-isr-banner.js')).toBe(true);
    expect(isScriptTagPart('https://site.test/sw-isr-inspector.js')).toBe(true);
    expect(isScriptTagPart('https://site.test/sw-isr.js')).toBe(false);
    expect(isScriptTagPart('https://site.test/my-sw-isr-banner.js')).toBe(false);
  });
});
