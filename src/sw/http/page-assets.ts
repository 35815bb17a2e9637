import { htmlAttributes } from '../../shared/html-attributes.js';
import { ROUTER_METAS, SCRIPT_TAG_FILE, scriptTagParts } from '../../shared/script-tag-parts.js';

// Text that is not markup, scanned left to right as a browser tokenizes it: comments, and the contents of raw-text
// and inert elements (a `<script src>` inside an inline script's string, or inside <noscript> or <template>, is
// not a file the page loads). An opening tag is kept: a script's own src is needed.
// A tag name ends at whitespace, `/` or `>` (not at `-`: `<style-provider>` is a custom element, not a style). A
// declarative shadow root's <template shadowrootmode> is rendered, and its stylesheets load: it is markup.
const NOT_MARKUP =
  /<!--[\s\S]*?-->|(<(script|style|noscript|textarea|title|template(?![^>]*\sshadowroot))(?=[\s/>])[^>]*>)[\s\S]*?<\/\2\s*>/gi;
const TAGS = /<(script|link|base|meta)(?=[\s/>])([^>]*)>/gi;
/** `<link rel=preload>` kinds that a page cannot render or run without. */
const PRELOADED = new Set(['script', 'style', 'font']);

/**
 * The same-origin files a page needs to run and render: its scripts (classic and module), module preloads,
 * stylesheets and preloaded scripts, styles and fonts, as absolute URLs without fragment, in document order; then,
 * for sw-isr's script tag, the parts it loads (banner, morph, inspector, router glue: see scriptTagParts).
 * A worker has no DOM parser; the markup of these tags is regular enough to read without one, and a file missed
 * here only means it is not kept for offline reading, never that a page breaks.
 */
export function pageAssets(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  let base = pageUrl;
  const found = new Set<string>();
  // sw-isr's script tags (URL and attributes: each loads its own parts), and whether the page has a router whose
  // glue they load: a meta tag may come after the script.
  const scriptTags: [URL, Map<string, string>][] = [];
  let routed = false;
  for (const [, tag, source] of html.replace(NOT_MARKUP, (_, opening = '') => opening).matchAll(TAGS)) {
    const attrs = htmlAttributes(source!);
    const name = tag!.toLowerCase();
    let href: string | undefined;
    if (name === 'meta') {
      routed ||= ROUTER_METAS.includes(attrs.get('name') ?? '');
      continue;
    }
    if (name === 'base') {
      // An invalid base is ignored, as a browser does; it must not keep the page from being stored.
      if (URL.canParse(attrs.get('href') ?? '', pageUrl)) base = new URL(attrs.get('href')!, pageUrl).href;
      continue;
    }
    if (name === 'script') {
      // nomodule scripts are for browsers without modules, which have no service workers either.
      const type = (attrs.get('type') ?? '').toLowerCase();
      if (!attrs.has('nomodule') && (type === '' || type === 'module' || type.includes('javascript')))
        href = attrs.get('src');
    } else {
      const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      const needed =
        (rel.includes('stylesheet') && !rel.includes('alternate')) ||
        rel.includes('modulepreload') ||
        (rel.includes('preload') && PRELOADED.has((attrs.get('as') ?? '').toLowerCase()));
      if (needed) href = attrs.get('href');
    }
    if (!href) continue;
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      continue;
    }
    if (url.origin !== origin) continue;
    url.hash = '';
    found.add(url.href);
    if (name === 'script' && url.pathname.endsWith('/' + SCRIPT_TAG_FILE)) scriptTags.push([url, attrs]);
  }
  for (const [url, attrs] of scriptTags)
    for (const part of scriptTagParts((key) => attrs.get('data-' + key), routed)) found.add(new URL(part, url).href);
  return [...found];
}
