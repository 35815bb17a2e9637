import { describe, expect, it } from 'vitest';
import { pageAssets } from './page-assets.js';

const page = 'https://site.test/blog/post/';

describe('pageAssets', () => {
  it('finds scripts, module preloads, stylesheets and preloads, resolved against the page', () => {
    const html = `<!doctype html><head>
      <link rel="stylesheet" href="/assets/index-Bx1.css">
      <link rel=modulepreload href="../../assets/vendor-C2.js">
      <link rel="preload" as="font" href="/f.woff2" crossorigin>
      <link rel="preload" as="image" href="/hero.jpg">
      <link rel="icon" href="/favicon.svg">
      <script type="module" crossorigin src='/assets/index-D3.js'></script>
      <script src=app.js?v=2&amp;x=1#top defer></script>
    </head>`;
    expect(pageAssets(html, page)).toEqual([
      'https://site.test/assets/index-Bx1.css',
      'https://site.test/assets/vendor-C2.js',
      'https://site.test/f.woff2',
      'https://site.test/assets/index-D3.js',
      'https://site.test/blog/post/app.js?v=2&x=1',
    ]);
  });

  it('leaves out other origins, inline and data scripts, nomodule, alternates and comments', () => {
    const html = `<script src="https://cdn.test/lib.js"></script><script>inline()</script>
      <script type="application/ld+json">{}</script><script nomodule src="/legacy.js"></script>
      <link rel="alternate stylesheet" href="/dark.css"><!-- <script src="/old.js"></script> -->
      <script src="/a.js"></script><script src="/a.js"></script>`;
    expect(pageAssets(html, page)).toEqual(['https://site.test/a.js']);
  });

  it('honours <base href>, and ignores an invalid one as browsers do', () => {
    expect(pageAssets('<base href="/v2/"><script src="main.js"></script>', page)).toEqual([
      'https://site.test/v2/main.js',
    ]);
    expect(pageAssets('<base href="http://[bad"><script src="main.js"></script>', page)).toEqual([
      'https://site.test/blog/post/main.js',
    ]);
  });

  it('reads tags by their whole name, and the stylesheets of a declarative shadow root', () => {
    const html = `<style-provider></style-provider><script-loader src="/no.js"></script-loader><script src="/app.js"></script>
      <template shadowrootmode="open"><link rel="stylesheet" href="/shadow.css"></template><link rel=stylesheet href=/b.css><style>p{}</style>`;
    expect(pageAssets(html, page)).toEqual([
      'https://site.test/app.js',
      'https://site.test/shadow.css',
      'https://site.test/b.css',
    ]);
  });

  it("adds the parts sw-isr's script tag loads for its attributes, next to the tag's file", () => {
    expect(pageAssets('<script src="/static/sw-isr.js?v=2" defer></script>', page)).toEqual([
      'https://site.test/static/sw-isr.js?v=2',
      'https://site.test/static/sw-isr-banner.js',
    ]);
    const all = '<script src=/sw-isr.js data-update=morph data-inspector data-revalidate=60></script>';
    expect(pageAssets(all, page)).toEqual([
      'https://site.test/sw-isr.js',
      'https://site.test/sw-isr-banner.js',
      'https://site.test/sw-isr-morph.js',
      'https://site.test/sw-isr-inspector.js',
    ]);
    expect(pageAssets('<script src="/sw-isr.js" data-banner="off" data-update="reload"></script>', page)).toEqual([
      'https://site.test/sw-isr.js',
    ]);
    // A page with a client-side router to follow (its meta tag before or after the script) also needs the router glue.
    const astro = '<script src="/sw-isr.js"></script><meta name="astro-view-transitions-enabled" content="true">';
    expect(pageAssets(astro, page)).toEqual([
      'https://site.test/sw-isr.js',
      'https://site.test/sw-isr-banner.js',
      'https://site.test/sw-isr-routers.js',
    ]);
    const payloads = '<meta name=isr:payloads content="/a.txt"><script src="/sw-isr.js" data-banner=off></script>';
    expect(pageAssets(payloads, page)).toEqual(['https://site.test/sw-isr.js', 'https://site.test/sw-isr-routers.js']);
    // Not for a meta tag in a comment or a script, nor for one of another name.
    const none =
      '<!-- <meta name=isr:payloads> --><script>"<meta name=isr:payloads>"</script><meta name="isr:tags" content="a">' +
      '<script src="/sw-isr.js" data-banner=off></script>';
    expect(pageAssets(none, page)).toEqual(['https://site.test/sw-isr.js']);
    // Two tags: each one's parts.
    const two = '<script src="/sw-isr.js"></script><script src="/sw-isr.js" data-inspector></script>';
    expect(pageAssets(two, page)).toEqual([
      'https://site.test/sw-isr.js',
      'https://site.test/sw-isr-banner.js',
      'https://site.test/sw-isr-inspector.js',
    ]);
    // Another script of a similar name is not the tag.
    expect(pageAssets('<script src="/my-sw-isr.js"></script>', page)).toEqual(['https://site.test/my-sw-isr.js']);
  });

  it('does not take markup inside scripts, styles, noscript or template for files the page loads', () => {
    const html = `<script src="/own.js">document.write('<script src="/written.js"></' + 'script>')</script>
      <script>const tag = '<link rel="stylesheet" href="/in-string.css">';</script>
      <noscript><link rel="stylesheet" href="/noscript.css"></noscript><template><script src="/t.js"></script></template>
      <style>/* <link rel=stylesheet href=/in-style.css> */</style><link rel="stylesheet" href="/real.css">`;
    expect(pageAssets(html, page)).toEqual(['https://site.test/own.js', 'https://site.test/real.css']);
  });
});
