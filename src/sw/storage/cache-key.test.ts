import { describe, expect, it } from 'vitest';
import { cacheKey, fileKey } from './cache-key.js';

const ignore = ['utm_*', 'fbclid', 'gclid'];

it('drops the fragment', () => {
  expect(cacheKey('https://a.test/p.html#top', ignore)).toBe('https://a.test/p.html');
});

it('drops tracking parameters and sorts the rest, keeping repeated values in order', () => {
  expect(cacheKey('https://a.test/p?z=1&utm_source=x&a=2&fbclid=f&a=1&utm_medium=y', ignore)).toBe(
    'https://a.test/p?a=2&a=1&z=1',
  );
});

it('leaves a URL without a query alone, and drops a query of only tracking parameters', () => {
  expect(cacheKey('https://a.test/', ignore)).toBe('https://a.test/');
  expect(cacheKey('https://a.test/?gclid=1', ignore)).toBe('https://a.test/');
});

it('matches ignored names exactly unless they end in *', () => {
  expect(cacheKey('https://a.test/?gclid2=1&utm=2', ignore)).toBe('https://a.test/?gclid2=1&utm=2');
});

it('keeps each parameter as written: a bare name, a semicolon, a malformed escape, a plus', () => {
  expect(cacheKey('https://a.test/p?a', ignore)).toBe('https://a.test/p?a');
  expect(cacheKey('https://a.test/p?z=1&b=1;c=2&a', ignore)).toBe('https://a.test/p?a&b=1;c=2&z=1');
  expect(cacheKey('https://a.test/p?q=%zz&a=1&utm_source=x', ignore)).toBe('https://a.test/p?a=1&q=%zz');
  expect(cacheKey('https://a.test/p?q=a+b&p=%20', ignore)).toBe('https://a.test/p?p=%20&q=a+b');
});

it('reads names as a form decoder does to match the tracking list, and drops empty segments', () => {
  expect(cacheKey('https://a.test/p?utm%5Fsource=x&&b=2&', ignore)).toBe('https://a.test/p?b=2');
  expect(cacheKey('https://a.test/p?&&', ignore)).toBe('https://a.test/p');
});

it('decodes each run of escapes on its own: a malformed one does not keep a tracking name from matching', () => {
  expect(cacheKey('https://a.test/p?utm%5Fsource%zz=1&b=2', ['utm_source%zz'])).toBe('https://a.test/p?b=2');
  expect(cacheKey('https://a.test/p?%C3%A9t%E9=1&b=2', ['ét%E9'])).toBe('https://a.test/p?b=2');
});

describe('fileKey', () => {
  it.each([
    ['https://s.example/app.js#x', 'https://s.example/app.js'],
    ['https://s.example/app.js?v=1&a#x', 'https://s.example/app.js?v=1&a'],
    ['https://s.example/f?a%20b=1', 'https://s.example/f?a%20b=1'],
    ['https://s.example/about/index.txt?_rsc=Kj5MP', 'https://s.example/about/index.txt'],
    ['https://s.example/news/index.txt?utm_source=x&_rsc=1a', 'https://s.example/news/index.txt'],
  ])('%s → %s', (url, key) => expect(fileKey(new URL(url))).toBe(key));
});
