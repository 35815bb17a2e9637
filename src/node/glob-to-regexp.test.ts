import { expect, it } from 'vitest';
import { globToRegExp } from './glob-to-regexp.js';

it.each([
  ['*.html', 'index.html', true],
  ['*.html', 'blog/post.html', true],
  ['blog/*.html', 'blog/post.html', true],
  ['blog/*.html', 'blog/2026/post.html', false],
  ['blog/**/*.html', 'blog/2026/11/post.html', true],
  ['blog/**/*.html', 'blog/post.html', true],
  ['**/drafts/**', 'a/drafts/b/c.html', true],
  ['{en,fr}/*.html', 'fr/index.html', true],
  ['{en,fr}/*.html', 'de/index.html', false],
  ['page?.html', 'page1.html', true],
  ['page?.html', 'page10.html', false],
  ['a+b.html', 'a+b.html', true],
])('%s matches %s: %s', (glob, path, expected) => {
  expect(globToRegExp(glob).test(path)).toBe(expected);
});

it('says what is wrong with a broken glob', () => {
  expect(() => globToRegExp('{a,b.html')).toThrow('unclosed "{" in glob "{a,b.html"');
});
