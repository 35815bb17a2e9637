import { describe, expect, it } from 'vitest';
import { htmlAttributes } from './html-attributes.js';

describe('htmlAttributes', () => {
  it('reads quoted, unquoted and bare attributes, names case-insensitively, the first of a name winning', () => {
    const attrs = htmlAttributes(` NAME="isr:tags" content='a,b' src=app.js?v=2&amp;x=1 defer name="other"`);
    expect(Object.fromEntries(attrs)).toEqual({ name: 'isr:tags', content: 'a,b', src: 'app.js?v=2&x=1', defer: '' });
  });
});
