import { describe, expect, it } from 'vitest';
import { isScriptTagPart, scriptTagParts } from './script-tag-parts.js';

const read = (attributes: Record<string, string>) => (name: string) => attributes[name];

describe('scriptTagParts', () => {
  it('loads the banner by default, and morph and the inspector when asked', () => {
    expect(scriptTagParts(read({}), false)).toEqual(['sw-isr-banner.js']);
    expect(scriptTagParts(read({ update: 'morph', inspector: '' }), false)).toEqual([
      'sw-isr-banner.js',
      'sw-isr-morph.js',
      'sw-isr-inspector.js',
    ]);
  });

  it('leaves the banner out for data-banner="off" or "false" only', () => {
    expect(scriptTagParts(read({ banner: 'off' }), false)).toEqual([]);
    expect(scriptTagParts(read({ banner: 'false', update: 'reload' }), false)).toEqual([]);
    expect(scriptTagParts(read({ banner: '' }), false)).toEqual(['sw-isr-banner.js']);
    expect(scriptTagParts(read({ banner: 'offline' }), false)).toEqual(['sw-isr-banner.js']);
  });

  it('loads the router glue on a page with a router to follow, whatever the attributes', () => {
    expect(scriptTagParts(read({}), true)).toEqual(['sw-isr-banner.js', 'sw-isr-routers.js']);
    expect(scriptTagParts(read({ banner: 'off' }), true)).toEqual(['sw-isr-routers.js']);
  });

  it('tells the parts by their file name', () => {
    expect(isScriptTagPart('https://site.test/static/sw-isr-banner.js')).toBe(true);
    expect(isScriptTagPart('https://site.test/sw-isr-inspector.js')).toBe(true);
    expect(isScriptTagPart('https://site.test/sw-isr-routers.js')).toBe(true);
    expect(isScriptTagPart('https://site.test/sw-isr.js')).toBe(false);
    expect(isScriptTagPart('https://site.test/my-sw-isr-banner.js')).toBe(false);
  });
});
