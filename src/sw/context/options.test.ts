import { describe, expect, it, vi } from 'vitest';
import { WORKER_DEFAULTS } from '../../shared/options.js';
import { IsrOptionError, optionsFromQuery, resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it("accepts an absolute URL on the worker's own origin, and refuses another origin's", () => {
    vi.stubGlobal('location', { origin: 'https://site.example' });
    try {
      expect(
        resolveOptions({ offlinePage: 'https://site.example/offline.html', precache: ['https://site.example/app.js'] })
          .offlinePage,
      ).toBe('https://site.example/offline.html');
      expect(() => resolveOptions({ offlinePage: 'https://evil.example/offline.html' })).toThrow(IsrOptionError);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('clamps a timeout to the longest a timer can wait, so that it does not fire at once', () => {
    expect(resolveOptions({ timeout: 365 * 24 * 3600 }).timeout).toBe((2 ** 31 - 1) / 1000);
    expect(resolveOptions({ timeout: 10 }).timeout).toBe(10);
  });

  it('takes null as the default where null is not a value of its own, and refuses names from the prototype', () => {
    expect(
      resolveOptions({ revalidate: null, exclude: null, manifest: null, offlinePage: null } as never),
    ).toMatchObject({
      offlinePage: '',
      revalidate: 60,
      exclude: [],
      manifest: 'isr-manifest.json',
    });
    expect(resolveOptions({ expire: null, maxEntries: null }).maxEntries).toBeNull();
    for (const name of ['toString', 'constructor', 'hasOwnProperty']) {
      expect(() => resolveOptions({ [name]: 1 } as never)).toThrow(IsrOptionError);
    }
    expect(optionsFromQuery('?constructor=x&__proto__=3').errors).toHaveLength(2);
  });

  it('fills in every default', () => {
    expect(resolveOptions()).toEqual({
      ...WORKER_DEFAULTS,
      ignoreParams: [...WORKER_DEFAULTS.ignoreParams],
      exclude: [],
      precache: [],
    });
  });

  it.each([
    [{ revalidate: -1 }, 'sw-isr: option "revalidate" must be a number of seconds ≥ 0, got -1'],
    [{ revalidate: '60' }, 'sw-isr: option "revalidate" must be a number of seconds ≥ 0, got "60"'],
    [{ timeout: 0 }, 'sw-isr: option "timeout" must be a number of seconds ≥ 0.001, got 0'],
    [{ cacheName: '' }, 'sw-isr: option "cacheName" must be a non-empty string, got ""'],
    [{ exclude: '/admin' }, 'sw-isr: option "exclude" must be an array of non-empty strings, got "/admin"'],
    [{ claim: 'yes' }, 'sw-isr: option "claim" must be true or false, got "yes"'],
    [
      { revalidat: 5 },
      'sw-isr: option "revalidat" must be one of revalidate, timeout, retryBase, retryMax, maxBodyBytes, dropGonePages, cacheName, dbName, ignoreParams, expire, manifest, manifestInterval, exclude, claim, assetCacheName, precache, offlinePage, maxEntries, maxBytes, navigationPreload (unknown option), got "revalidat"',
    ],
    [{ dropGonePages: 1 }, 'sw-isr: option "dropGonePages" must be true or false, got 1'],
    [{ expire: -5 }, 'sw-isr: option "expire" must be a number of seconds ≥ 0, or null for never, got -5'],
    [{ manifest: false }, 'sw-isr: option "manifest" must be a path on this site, or \'\' for none, got false'],
    [{ maxEntries: 0 }, 'sw-isr: option "maxEntries" must be a whole number ≥ 1, or null for no limit, got 0'],
    [{ maxBytes: 1.5 }, 'sw-isr: option "maxBytes" must be a whole number of bytes ≥ 1, or null for no limit, got 1.5'],
    [
      { offlinePage: '//evil.example/x.html' },
      'sw-isr: option "offlinePage" must be a path on this site such as /offline.html, not another origin\'s URL, got "//evil.example/x.html"',
    ],
    [
      { offlinePage: '/\\evil.example/x.html' },
      'sw-isr: option "offlinePage" must be a path on this site such as /offline.html, not another origin\'s URL, got "/\\\\evil.example/x.html"',
    ],
    [
      { precache: ['/app.js', 'https://cdn.example/lib.js'] },
      'sw-isr: option "precache" must be a path on this site such as /offline.html, not another origin\'s URL, got "https://cdn.example/lib.js"',
    ],
    [
      { cacheName: 'mine', assetCacheName: 'mine' },
      'sw-isr: option "assetCacheName" must be a name other than cacheName\'s, got "mine"',
    ],
    [
      { offlinePage: '/\t/evil.example/x.html' },
      'sw-isr: option "offlinePage" must be a path on this site such as /offline.html, not another origin\'s URL, got "/\\t/evil.example/x.html"',
    ],
    [
      { manifest: '//evil.example/isr-manifest.json' },
      'sw-isr: option "manifest" must be a path on this site such as /offline.html, not another origin\'s URL, got "//evil.example/isr-manifest.json"',
    ],
    [{ maxBodyBytes: 0.5 }, 'sw-isr: option "maxBodyBytes" must be a whole number of bytes ≥ 1, got 0.5'],
    [{ navigationPreload: 'on' }, 'sw-isr: option "navigationPreload" must be true or false, got "on"'],
    [{ precache: ['/', ''] }, 'sw-isr: option "precache" must be an array of paths on this site, got ["/",""]'],
  ])('refuses %j with a message naming the option', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(new IsrOptionError(message));
  });
});

describe('optionsFromQuery', () => {
  it('reads numbers, lists and booleans', () => {
    expect(
      optionsFromQuery(
        '?revalidate=300&timeout=2.5&exclude=/admin/,/api/&ignoreParams=ref&claim=false&expire=none&manifest=&maxEntries=none&maxBytes=1000&precache=/,/app.js&navigationPreload=true',
      ),
    ).toEqual({
      options: {
        revalidate: 300,
        timeout: 2.5,
        exclude: ['/admin/', '/api/'],
        ignoreParams: ['ref'],
        claim: false,
        expire: null,
        manifest: '',
        maxEntries: null,
        maxBytes: 1000,
        precache: ['/', '/app.js'],
        navigationPreload: true,
      },
      errors: [],
    });
  });

  it('keeps the good values and reports each bad one', () => {
    const { options, errors } = optionsFromQuery('?revalidate=soon&timeout=3&colour=blue');
    expect(options).toEqual({ timeout: 3 });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe('sw-isr: option "revalidate" must be a number of seconds ≥ 0, got "soon"');
    expect(errors[1]).toContain('"colour"');
  });

  it('reads seconds as the meta tag does, in plain decimals; other numbers as written', () => {
    const { options, errors } = optionsFromQuery('?revalidate=1e3&expire=0x10&timeout=%200.5%20&maxBytes=1e6');
    expect(options).toEqual({ timeout: 0.5, maxBytes: 1e6 });
    expect(errors).toEqual([
      'sw-isr: option "revalidate" must be a number of seconds ≥ 0, got "1e3"',
      'sw-isr: option "expire" must be a number of seconds ≥ 0, or null for never, got "0x10"',
    ]);
  });

  it.each([
    ['?cacheName=mine&assetCacheName=mine', 'mine'],
    ['?cacheName=sw-isr-assets-v1', 'sw-isr-assets-v1'],
    ['?assetCacheName=sw-isr-pages-v1', 'sw-isr-pages-v1'],
  ])('drops both cache names when %s names one cache for both, so the worker still starts', (query, name) => {
    const { options, errors } = optionsFromQuery(`${query}&revalidate=5`);
    expect(options).toEqual({ revalidate: 5 });
    expect(errors).toEqual([`sw-isr: options "cacheName" and "assetCacheName" must differ, got "${name}" for both`]);
    expect(() => resolveOptions(options)).not.toThrow();
  });

  it('keeps the last good value of a key given twice (the way out reads the names with this function too)', () => {
    expect(optionsFromQuery('?cacheName=a&cacheName=b').options).toEqual({ cacheName: 'b' });
    const { options, errors } = optionsFromQuery('?cacheName=a&cacheName=');
    expect(options).toEqual({ cacheName: 'a' });
    expect(errors).toEqual(['sw-isr: option "cacheName" must be a non-empty string, got ""']);
  });

  it("takes each cache name as written when they differ, each one's default name included", () => {
    for (const query of [
      '?cacheName=sw-isr-assets-v1&assetCacheName=sw-isr-pages-v1',
      '?cacheName=sw-isr-assets-v1&assetCacheName=files',
    ]) {
      const { options, errors } = optionsFromQuery(query);
      expect(errors).toEqual([]);
      expect(resolveOptions(options)).toMatchObject(options);
    }
  });
});
