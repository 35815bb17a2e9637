import { expect, it } from 'vitest';
import { injectPayloads, injectScriptTag, scriptTagFor } from './inject-script-tag.js';

const tag = scriptTagFor({ base: '/', workerOptions: { revalidate: 30 } });

it('writes the tag with worker options as data attributes, and the worker and scope under a sub-path', () => {
  expect(tag).toBe('<script src="/sw-isr.js" data-revalidate="30" defer></script>');
  expect(scriptTagFor({ base: '/docs/', workerOptions: { manifestInterval: 5 } })).toBe(
    '<script src="/docs/sw-isr.js" data-worker="/docs/sw-isr-worker.js" data-scope="/docs/" data-manifest-interval="5" defer></script>',
  );
});

it('puts the tag at the end of the head, leaving every other byte alone', () => {
  const html = '<!DOCTYPE html>\r\n<html><HEAD><title>é</title></HEAD><body>x</body></html>';
  const result = injectScriptTag(html, tag);
  expect(result).toEqual({
    changed: true,
    html: `<!DOCTYPE html>\r\n<html><HEAD><title>é</title>${tag}\n</HEAD><body>x</body></html>`,
  });
});

it('is idempotent, and replaces a tag written with other options', () => {
  const once = injectScriptTag('<head></head>', tag).html;
  expect(injectScriptTag(once, tag)).toEqual({ html: once, changed: false });
  const other = scriptTagFor({ base: '/', workerOptions: { revalidate: 90 } });
  expect(injectScriptTag(once, other)).toEqual({ html: `<head>${other}\n</head>`, changed: true });
});

it('handles pages without a closing head or without a head at all', () => {
  expect(injectScriptTag('<html><head><title>t</title><body>x', tag).html).toBe(
    `<html><head>${tag}<title>t</title><body>x`,
  );
  expect(injectScriptTag('<!doctype html><p>x', tag).html).toBe(`<!doctype html>${tag}<p>x`);
  expect(injectScriptTag('<p>x', tag).html).toBe(`${tag}<p>x`);
});

it("lists a page's payloads in a meta tag, idempotently, replacing the list a page has", () => {
  const html = '<html><head><title>t</title></head><body>x</body></html>';
  expect(injectPayloads(html, [])).toEqual({ html, changed: false });
  const once = injectPayloads(html, ['/a/index.txt', '/a/__next._tree.txt']);
  expect(once).toEqual({
    changed: true,
    html: '<html><head><title>t</title><meta name="isr:payloads" content="/a/index.txt /a/__next._tree.txt">\n</head><body>x</body></html>',
  });
  expect(injectPayloads(once.html, ['/a/index.txt', '/a/__next._tree.txt'])).toEqual({
    html: once.html,
    changed: false,
  });
  expect(injectPayloads(once.html, ['/b.txt']).html).toBe(
    '<html><head><title>t</title><meta name="isr:payloads" content="/b.txt">\n</head><body>x</body></html>',
  );
});

it('takes only a src or a name for its own, not a data- attribute that ends in one', () => {
  // A lazy loader's data-src naming a sw-isr.js, then the site's own tag: neither is the sw-isr tag.
  const lazy = '<script data-src="/vendor/sw-isr.js" src="/lazy.js"></script>';
  const page = `<head>${lazy}<script src=/app.js></script></head>`;
  expect(injectScriptTag(page, tag).html).toBe(`<head>${lazy}<script src=/app.js></script>${tag}\n</head>`);
  // The tag with its attributes in another order and quoting is found and replaced.
  expect(injectScriptTag(`<head><script defer src='/sw-isr.js'></script></head>`, tag).html).toBe(
    `<head>${tag}</head>`,
  );
  // So is one given a query to get past a cache, or written in capitals; a sw-isr.json is not it.
  for (const src of ['/sw-isr.js?v=2', '/SW-ISR.JS', '/docs/sw-isr.js#x'])
    expect(injectScriptTag(`<head><script src="${src}" defer></script></head>`, tag).html).toBe(`<head>${tag}</head>`);
  const json = '<head><script src="/sw-isr.json"></script></head>';
  expect(injectScriptTag(json, tag).html).toBe(`<head><script src="/sw-isr.json"></script>${tag}\n</head>`);
  const meta = '<meta data-name="isr:payloads" content="/kept.txt">';
  expect(injectPayloads(`<head>${meta}</head>`, ['/a.txt']).html).toBe(
    `<head>${meta}<meta name="isr:payloads" content="/a.txt">\n</head>`,
  );
  expect(injectPayloads(`<head><META NAME="ISR:payloads" content="/old.txt" /></head>`, ['/a.txt']).html).toBe(
    '<head><meta name="isr:payloads" content="/a.txt"></head>',
  );
  // Another element whose name starts as meta's does is not the meta.
  const custom = '<meta-data name="isr:payloads" content="/x.txt">';
  expect(injectPayloads(`<head>${custom}</head>`, ['/a.txt']).html).toBe(
    `<head>${custom}<meta name="isr:payloads" content="/a.txt">\n</head>`,
  );
  // A name with spaces around it, as the worker's meta reader takes it.
  expect(injectPayloads(`<head><meta name=" isr:payloads " content="/old.txt"></head>`, ['/a.txt']).html).toBe(
    '<head><meta name="isr:payloads" content="/a.txt"></head>',
  );
});
