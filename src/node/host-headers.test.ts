import { describe, expect, it } from 'vitest';
import { mergeHeaders } from './host-headers.js';

const paths = ['/sw-isr.js', '/sw-isr-worker.js', '/isr-manifest.json'];

describe('mergeHeaders', () => {
  it('writes a no-cache rule for each path, in a marked block, where there was no file', () => {
    const { text, leftToSite } = mergeHeaders(null, paths);
    expect(text).toBe(
      [
        '# sw-isr: begin (written by sw-isr build; your own rules go outside this block)',
        '/sw-isr.js',
        '  Cache-Control: no-cache',
        '/sw-isr-worker.js',
        '  Cache-Control: no-cache',
        '/isr-manifest.json',
        '  Cache-Control: no-cache',
        '# sw-isr: end',
        '',
      ].join('\n'),
    );
    expect(leftToSite).toEqual([]);
  });

  it('marks a folder of content-addressed files immutable, for a year', () => {
    const { text } = mergeHeaders(null, ['/isr-manifest.json', '/isr-manifest/*']);
    expect(text).toContain('/isr-manifest.json\n  Cache-Control: no-cache\n');
    expect(text).toContain('/isr-manifest/*\n  Cache-Control: public, max-age=31536000, immutable\n');
  });

  it("keeps the site's own rules byte for byte and appends the block after them", () => {
    const site = '/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n';
    const { text } = mergeHeaders(site, paths);
    expect(text.startsWith(site)).toBe(true);
    expect(text).toContain('\n\n# sw-isr: begin');
  });

  it('is idempotent, and replaces its own block in place when the paths change', () => {
    const site = '/a\n  X-Frame-Options: DENY\n';
    const once = mergeHeaders(site, paths).text;
    expect(mergeHeaders(once, paths).text).toBe(once);
    const fewer = mergeHeaders(once, ['/sw-isr.js']).text;
    expect(fewer).toBe(mergeHeaders(site, ['/sw-isr.js']).text);
    expect(fewer.match(/# sw-isr: begin/g)).toHaveLength(1);
  });

  it("leaves a path the site's own rules name to them, and says so", () => {
    const site = '/sw-isr-worker.js\n  Cache-Control: max-age=0\n';
    const { text, leftToSite } = mergeHeaders(site, paths);
    expect(leftToSite).toEqual(['/sw-isr-worker.js']);
    expect(text.match(/^\/sw-isr-worker\.js$/gm)).toHaveLength(1);
    expect(text).toContain('/sw-isr.js\n  Cache-Control: no-cache');
  });

  it('keeps rules the site wrote after the block', () => {
    const once = mergeHeaders('/a\n  X-A: 1\n', paths).text;
    const edited = `${once}\n/b\n  X-B: 2\n`;
    const again = mergeHeaders(edited, paths).text;
    expect(again).toContain('/b\n  X-B: 2');
    expect(again).toContain('/a\n  X-A: 1');
    expect(again.match(/# sw-isr: begin/g)).toHaveLength(1);
  });
});

describe('mergeHeaders on files as sites have them', () => {
  it('keeps CRLF line endings and finds its block in a CRLF file', () => {
    const site = '/a\r\n  X-A: 1\r\n';
    const once = mergeHeaders(site, paths).text;
    expect(once.startsWith(site)).toBe(true);
    expect(once.includes('\n') && !/[^\r]\n/.test(once)).toBe(true);
    const again = mergeHeaders(once, paths);
    expect(again.text).toBe(once);
    expect(again.leftToSite).toEqual([]);
  });

  it('sees a rule on the first line behind a BOM', () => {
    const { leftToSite, text } = mergeHeaders('\uFEFF/sw-isr.js\n  Cache-Control: max-age=0\n', paths);
    expect(leftToSite).toEqual(['/sw-isr.js']);
    expect(text.startsWith('\uFEFF/sw-isr.js')).toBe(true);
  });

  it('refuses a block whose end marker was deleted, rather than drop the rules after it', () => {
    const broken = mergeHeaders('/a\n  X-A: 1\n', paths).text.replace('# sw-isr: end\n', '') + '/b\n  X-B: 2\n';
    expect(() => mergeHeaders(broken, paths)).toThrow(/without "# sw-isr: end"/);
  });

  it('names the rules with patterns that may cover its paths too', () => {
    expect(
      mergeHeaders('/*\n  X-Frame-Options: DENY\n/blog/:slug\n  X-B: 1\n/a\n  X-A: 1\n', paths).broaderRules,
    ).toEqual(['/*', '/blog/:slug']);
  });
});
