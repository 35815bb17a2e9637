import { htmlAttributes } from '../shared/html-attributes.js';
import { META_TAG } from '../shared/page-directives.js';

/** Attributes of the script tag `sw-isr build` puts in every page. */
export interface ScriptTagOptions {
  /** The path the site is served under, ending in '/'. */
  base: string;
  /** Worker options to pass as data- attributes (e.g. revalidate, expire). */
  workerOptions: Record<string, string | number>;
}

/**
 * The first of `tags` (a global pattern whose group 1 is a tag's attributes) whose attributes pass `wanted`. Read
 * with the attribute tokenizer the worker uses, so that `data-src=` is not taken for `src=` (a `\bsrc=` pattern
 * took it).
 */
function firstTag(html: string, tags: RegExp, wanted: (attributes: Map<string, string>) => boolean) {
  for (const match of html.matchAll(tags)) if (wanted(htmlAttributes(match[1]!))) return match;
  return null;
}

/** The sw-isr tag a page has: an empty script whose src is a sw-isr.js (a query, `?v=2`, or a fragment after it). */
const ourTag = (html: string) =>
  firstTag(html, /<script(?=[\s/>])([^>]*)>\s*<\/script>/gi, (attributes) =>
    /\/sw-isr\.js(?:[?#]|$)/i.test(attributes.get('src') ?? ''),
  );

export function scriptTagFor({ base, workerOptions }: ScriptTagOptions): string {
  const data = Object.entries(workerOptions).map(
    ([name, value]) =>
      ` data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escapeAttribute(String(value))}"`,
  );
  const worker = base === '/' ? '' : ` data-worker="${base}sw-isr-worker.js" data-scope="${base}"`;
  return `<script src="${base}sw-isr.js"${worker}${data.join('')} defer></script>`;
}

/**
 * Puts `tag` in a page, or replaces the sw-isr tag it already has; the rest of the page stays byte for byte. Running
 * it twice with the same tag changes nothing the second time. Pages with no <head> get the tag before their first
 * content, which is where a parser would open the head.
 */
export function injectScriptTag(html: string, tag: string): { html: string; changed: boolean } {
  const existing = ourTag(html);
  if (existing) {
    if (existing[0] === tag) return { html, changed: false };
    return {
      html: html.slice(0, existing.index) + tag + html.slice(existing.index + existing[0].length),
      changed: true,
    };
  }
  return { html: intoHead(html, tag), changed: true };
}

/** `html` with `tag` at the end of its head, or where a parser would open one. */
function intoHead(html: string, tag: string): string {
  const headEnd = /<\/head\s*>/i.exec(html);
  if (headEnd) return `${html.slice(0, headEnd.index)}${tag}\n${html.slice(headEnd.index)}`;
  const headStart = /<head\b[^>]*>/i.exec(html);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = headStart ? headStart.index + headStart[0].length : doctype ? doctype[0].length : 0;
  return `${html.slice(0, at)}${tag}${html.slice(at)}`;
}

/**
 * Puts `<meta name="isr:payloads">` listing `urls` in a page (see page-directives.ts), or replaces the one it has;
 * with no URLs, the page is left as it is. Idempotent like {@link injectScriptTag}.
 */
export function injectPayloads(html: string, urls: string[]): { html: string; changed: boolean } {
  if (urls.length === 0) return { html, changed: false };
  const meta = `<meta name="isr:payloads" content="${escapeAttribute(urls.join(' '))}">`;
  // The worker's own meta reader's pattern and name rule (page-directives.ts).
  const existing = firstTag(
    html,
    META_TAG,
    (attributes) => attributes.get('name')?.trim().toLowerCase() === 'isr:payloads',
  );
  if (!existing) return { html: intoHead(html, meta), changed: true };
  if (existing[0] === meta) return { html, changed: false };
  return {
    html: html.slice(0, existing.index) + meta + html.slice(existing.index + existing[0].length),
    changed: true,
  };
}

/** A value for a double-quoted attribute; `<` and `>` too, which the tag's own pattern reads as its end. */
function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&${{ '&': 'amp', '"': 'quot', '<': 'lt', '>': 'gt' }[c]};`);
}
