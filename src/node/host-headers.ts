/**
 * The `_headers` file that Netlify and Cloudflare Pages read: sw-isr's unversioned files (the script tag's file, the
 * worker, their opt-in parts, the manifest) must be revalidated on every request, or a host that lets the browser
 * and its CDN keep them (a day, say) holds back a new release and a republished page's manifest entry. sw-isr's
 * rules live between two marker lines, rewritten in place at every build; everything else in the file is the site's
 * own and kept byte for byte. A path the site's own rules already name is left to them.
 */
export const HEADERS_FILE = '_headers';
const BEGIN = '# sw-isr: begin (written by sw-isr build; your own rules go outside this block)';
const END = '# sw-isr: end';

export interface MergedHeaders {
  text: string;
  /** Paths the site's own rules already name, so sw-isr added none for them. */
  leftToSite: string[];
}

/**
 * `existing` (the site's `_headers`, or null) with sw-isr's block for `paths` (URL paths such as `/sw-isr.js`) put
 * in place of an earlier one, or appended. Idempotent: run on its own output, it returns that output.
 */
export function mergeHeaders(existing: string | null, paths: readonly string[]): MergedHeaders {
  const lines = (existing ?? '').split('\n');
  const begin = lines.indexOf(BEGIN);
  const end = begin === -1 ? -1 : lines.indexOf(END, begin);
  const own = begin === -1 ? lines : [...lines.slice(0, begin), ...lines.slice(end === -1 ? lines.length : end + 1)];
  // A rule starts with its path at the start of a line; its headers are indented under it.
  const named = new Set(own.filter((line) => line.startsWith('/')).map((line) => line.trim()));
  const leftToSite = paths.filter((path) => named.has(path));
  const rules = paths.filter((path) => !named.has(path)).flatMap((path) => [path, '  Cache-Control: no-cache']);
  const block = rules.length ? [BEGIN, ...rules, END] : [];
  const kept = own.join('\n').replace(/\n+$/, '');
  const text = [kept, block.join('\n')].filter(Boolean).join('\n\n');
  return { text: text ? `${text}\n` : '', leftToSite };
}
