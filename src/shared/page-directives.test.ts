import { describe, expect, it } from 'vitest';
import { parseSeconds, pickRevalidate, readPageDirectives } from './page-directives.js';

describe('readPageDirectives', () => {
  it('reads the revalidate interval and tags, whatever the attribute order and quoting', () => {
    const html = `<html><head><meta content='90' name="isr:revalidate"><meta name=isr:tags content="news, sport,news , ">
      </head><body></body></html>`;
    expect(readPageDirectives(html)).toEqual({ revalidate: 90, tags: ['news', 'sport'], payloads: [], problems: [] });
  });

  it('reads the payloads, separated by whitespace (a comma may be in a path), once each', () => {
    const html = `<meta name="isr:payloads" content=" /a/index.txt /tags/a,b/index.txt&amp;x
      /a/index.txt"><body><meta name="isr:payloads" content="/b.txt">`;
    expect(readPageDirectives(html).payloads).toEqual(['/a/index.txt', '/tags/a,b/index.txt&x']);
  });

  it('ignores meta tags in the body and other meta names', () => {
    const html = `<head><meta name="description" content="5"></head><body><meta name="isr:revalidate" content="5">`;
    expect(readPageDirectives(html).revalidate).toBeUndefined();
  });

  it('reports an unusable interval instead of guessing', () => {
    const result = readPageDirectives('<meta name="isr:revalidate" content="-3">');
    expect(result.revalidate).toBeUndefined();
    expect(result.problems).toEqual(['isr:revalidate meta tag has "-3", which is not a number of seconds ≥ 0']);
  });

  it('takes the first interval when a page repeats the tag', () => {
    expect(
      readPageDirectives('<meta name="ISR:Revalidate" content="1"><meta name="isr:revalidate" content="2">').revalidate,
    ).toBe(1);
  });
});

describe('parseSeconds', () => {
  it.each([
    ['0', 0],
    ['60', 60],
    [' 2.5 ', 2.5],
    ['', undefined],
    ['1e3', undefined],
    ['-1', undefined],
    ['soon', undefined],
    [null, undefined],
  ])('%j → %j', (input, expected) => expect(parseSeconds(input)).toBe(expected));
});

describe('pickRevalidate', () => {
  const directives = { revalidate: 30, tags: [], payloads: [], problems: [] };
  it('prefers the header, then the meta tag, then the default', () => {
    expect(pickRevalidate('5', directives, 60)).toBe(5);
    expect(pickRevalidate(null, directives, 60)).toBe(30);
    expect(pickRevalidate('later', directives, 60)).toBe(30);
    expect(pickRevalidate(null, { ...directives, revalidate: undefined }, 60)).toBe(60);
  });
});
