// A service worker has no DOMParser: the few tags it reads (scripts, stylesheets, preloads, base and meta) are
// regular enough for a tokenizer of their attributes. Values may be quoted either way or not at all; names are
// matched case-insensitively and the first of a repeated name wins, as in HTML.
// An unquoted value runs to whitespace or `>`, quotes and `=` included, as browsers read it (`src=app.js?v=2`).
const ATTRIBUTE = /([^\s=/>]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** The attributes of a tag's source (what follows its name), by lower-case name, `&amp;` decoded. */
export function htmlAttributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name, double, single, bare] of source.matchAll(ATTRIBUTE)) {
    const key = name!.toLowerCase();
    if (!found.has(key)) found.set(key, (double ?? single ?? bare ?? '').replace(/&amp;/g, '&'));
  }
  return found;
}
