import { describe, expect, it } from 'vitest';
import { isPageFetch } from './page-fetch.js';

const ask = (path: string, init: RequestInit = {}) => {
  const url = new URL(path, 'https://site.example/');
  return isPageFetch(new Request(url, init), url);
};

describe('isPageFetch', () => {
  it("takes a client router's fetch of a page: a folder, an .html file or an extensionless path", () => {
    expect(ask('/blog/')).toBe(true);
    expect(ask('/blog/first-post.html')).toBe(true);
    expect(ask('/about')).toBe(true);
    expect(ask('/about?ref=nav', { headers: { accept: 'text/html, */*;q=0.8', 'accept-language': 'fr' } })).toBe(true);
    // What Chromium 156 adds to a plain fetch() as its worker sees it.
    const chromium = { accept: '*/*', 'sec-ch-ua': '"Chromium";v="156"', 'sec-ch-ua-mobile': '?0', 'user-agent': 'x' };
    expect(ask('/about/', { headers: { ...chromium, 'sec-ch-ua-platform': '"Linux"' } })).toBe(true);
  });

  it('leaves data, files and what does not take HTML to the network', () => {
    expect(ask('/api/items.json')).toBe(false);
    expect(ask('/_astro/client.js')).toBe(false);
    expect(ask('/feed.xml')).toBe(false);
    expect(ask('/api/items', { headers: { accept: 'application/json' } })).toBe(false);
    expect(ask('/api/items', { headers: { accept: 'application/json, text/plain, */*' } })).toBe(false);
  });

  it("leaves fragment requests, a reader's own and partial ones to the network", () => {
    expect(ask('/inbox', { headers: { 'hx-request': 'true' } })).toBe(false);
    expect(ask('/inbox', { headers: { 'turbo-frame': 'messages' } })).toBe(false);
    expect(ask('/inbox', { headers: { authorization: 'Bearer x' } })).toBe(false);
    expect(ask('/inbox', { headers: { range: 'bytes=0-99' } })).toBe(false);
  });

  it('leaves other methods and no-store fetches alone', () => {
    expect(ask('/contact', { method: 'POST', body: 'a=1' })).toBe(false);
    expect(ask('/contact', { method: 'HEAD' })).toBe(false);
    expect(ask('/status', { cache: 'no-store' })).toBe(false);
  });
});
