import { describe, expect, it } from 'vitest';
import {
  changeFor,
  indexProblem,
  manifestEntryFor,
  manifestProblem,
  pageStem,
  partProblem,
  shardOf,
  type SiteManifest,
} from './site-manifest.js';

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

describe('version 2', () => {
  it('finds a change under any key a URL may be served from, an entry before a deletion', () => {
    const delta = { pages: { '/a.html': null, '/a/index.html': entry, '/b/index.html': null } };
    expect(changeFor(delta, '/a')).toBe(entry);
    expect(changeFor(delta, '/b/')).toBeNull();
    expect(changeFor(delta, '/c')).toBeUndefined();
  });

  it('puts a page and the URLs it is read at in one shard, decoded as the build names files', () => {
    for (const [file, url] of [
      ['/docs/index.html', '/docs/'],
      ['/docs.html', '/docs'],
      ['/café/index.html', decodeURI('/caf%C3%A9/')],
      ['/a b.html', decodeURI('/a%20b')],
    ])
      expect(shardOf(pageStem(file!), 64)).toBe(shardOf(pageStem(url!), 64));
  });

  it('accepts only files of its own folder, named as the build names them', () => {
    const head = {
      version: 2,
      base: '/',
      generatedAt: '',
      state: 'x',
      index: 'isr-manifest/i-0123456789abcdef.json',
      deltas: {},
      pages: {},
    };
    expect(manifestProblem(head)).toBeNull();
    expect(manifestProblem({ ...head, index: 'isr-manifest/../../secret.json' })).toMatch(/"index"/);
    expect(manifestProblem({ ...head, deltas: { a: 'https://elsewhere.example/d.json' } })).toMatch(/"deltas"/);
    expect(indexProblem({ shards: ['isr-manifest/s-0123456789abcdef.json'] })).toBeNull();
    expect(indexProblem({ shards: [] })).not.toBeNull();
    expect(partProblem({ pages: { '/a.html': null, '/b.html': entry } })).toBeNull();
    expect(partProblem({ pages: { 'a.html': entry } })).not.toBeNull();
  });
});
