import { expect, test } from 'vitest';
import { createPageScope } from './page-scope.js';

const scope = createPageScope('https://site.example/docs/', ['account/', '/docs/private']);

test('a page is ours inside the scope, on the same origin, under no exclude prefix', () => {
  expect(scope.page('https://site.example/docs/')).toBe(true);
  expect(scope.page('https://site.example/docs/guide/?a=1')).toBe(true);
  expect(scope.page('https://site.example/blog/')).toBe(false);
  expect(scope.page('https://other.example/docs/')).toBe(false);
  // Relative prefixes are relative to the scope; absolute ones are paths.
  expect(scope.page('https://site.example/docs/account/settings')).toBe(false);
  expect(scope.page('https://site.example/docs/private-notes')).toBe(false);
});

test('a file is ours on the same origin under no exclude prefix, outside the scope too', () => {
  expect(scope.file('https://site.example/assets/app.js')).toBe(true);
  expect(scope.file('https://site.example/docs/account/session.js')).toBe(false);
  expect(scope.file('https://cdn.example/app.js')).toBe(false);
  expect(scope.file('not a url')).toBe(false);
});

test('a URL object is read as the same URL given as text', () => {
  for (const url of [
    'https://site.example/docs/guide/',
    'https://site.example/docs/account/x',
    'https://cdn.example/app.js',
  ]) {
    expect(scope.page(new URL(url))).toBe(scope.page(url));
    expect(scope.file(new URL(url))).toBe(scope.file(url));
  }
});
