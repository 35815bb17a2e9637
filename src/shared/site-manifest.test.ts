import { describe, expect, it } from 'vitest';
import { manifestEntryFor, manifestProblem, type SiteManifest } from './site-manifest.js';

const entry = { hash: 'ab', revalidate: 60, tags: [] };
const manifest: SiteManifest = {
  version: 1,
  base: '/',
  generatedAt: '',
  pages: { '/index.html': entry, '/a.html': entry, '/b/index.html': entry },
};

describe('manifestEntryFor', () => {
  it('maps URL paths to files as static hosts do', () => {
    expect(manifestEntryFor(manifest, '/')).toBe(entry);
    expect(manifestEntryFor(manifest, '/a')).toBe(entry);
    expect(manifestEntryFor(manifest, '/b')).toBe(entry);
    expect(manifestEntryFor(manifest, '/b/')).toBe(entry);
    expect(manifestEntryFor(manifest, '/c')).toBeUndefined();
  });
});

describe('manifestProblem', () => {
  it('accepts a manifest with or without a precache list', () => {
    expect(manifestProblem(manifest)).toBeNull();
    expect(manifestProblem({ ...manifest, precache: ['/', '/app.js'], assets: { '/app.js': 'cd' } })).toBeNull();
  });

  it.each([
    [null, 'not a JSON object'],
    [{ ...manifest, version: 3 }, 'version 3 is not 1 or 2'],
    [{ ...manifest, pages: { 'a.html': entry } }, 'entry "a.html" is not {hash, revalidate, tags}'],
    [
      { ...manifest, precache: '/' },
      '"precache" is not a list of this site\'s URL paths (another origin\'s URL is refused)',
    ],
    [
      { ...manifest, precache: ['app.js'] },
      '"precache" is not a list of this site\'s URL paths (another origin\'s URL is refused)',
    ],
    [
      { ...manifest, precache: ['//other.example/x.js'] },
      '"precache" is not a list of this site\'s URL paths (another origin\'s URL is refused)',
    ],
    [{ ...manifest, pages: { '//other.example/': entry } }, 'entry "//other.example/" is not {hash, revalidate, tags}'],
    [{ ...manifest, assets: { '/app.js': 1 } }, '"assets" is not an object of hashes'],
    [{ ...manifest, assets: { '/\\other.example/x.js': 'cd' } }, '"assets" is not an object of hashes'],
    [
      { ...manifest, precache: ['/\t/other.example/x.js'] },
      '"precache" is not a list of this site\'s URL paths (another origin\'s URL is refused)',
    ],
  ])('says what is wrong with %j', (value, problem) => {
    expect(manifestProblem(value)).toBe(problem);
  });
});
