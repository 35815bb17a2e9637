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
/**
 * A folder's files (`/isr-manifest/*`: named by their content, never rewritten) may be kept for a year by browsers
 * and every CDN between, which is what lets a CDN answer every reader after the first.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface MergedHeaders {
  text: string;
  /** Paths the site's own rules already name, so sw-isr added none for them. */
  leftToSite: string[];
  /** The site's own rules whose pattern (a `*` or a `:placeholder`) may also cover sw-isr's paths. */
  broaderRules: string[];
}

/**
 * `existing` (the site's `_headers`, or null) with sw-isr's block for `paths` (URL paths such as `/sw-isr.js`, kept
 * revalidated, or `/isr-manifest/*`, a folder of immutable files) put
 * in place of an earlier one, or appended after the site's rules. Idempotent: run on its own output, it returns that
 * output. The site's lines keep their line ending (CRLF or LF) and a leading BOM; blank lines at the very end give
 * way to the one blank line before the block. Throws on a begin marker without its end marker, rather than guess
 * where the site's own rules resume.
 */
export function mergeHeaders(existing: string | null, paths: readonly string[]): MergedHeaders {
  const newline = existing?.includes('\r\n') ? '\r\n' : '\n';
  const lines = (existing ?? '').split(/\r?\n/);
  const begin = lines.indexOf(BEGIN);
  const end = begin === -1 ? -1 : lines.indexOf(END, begin);
  if (begin !== -1 && end === -1)
    throw new Error(`${HEADERS_FILE} has "${BEGIN}" without "${END}": restore the end marker or delete the block`);
  const own = begin === -1 ? lines : [...lines.slice(0, begin), ...lines.slice(end + 1)];
  // A rule starts with its path at the start of a line (after a BOM on the first); its headers are indented under it.
  const rules = own.map((line) => line.replace(/^\uFEFF/, '')).filter((line) => line.startsWith('/'));
  const named = new Set(rules.map((line) => line.trim()));
  const leftToSite = paths.filter((path) => named.has(path));
  const broaderRules = rules.map((line) => line.trim()).filter((rule) => /[*:]/.test(rule));
  const block = paths
    .filter((path) => !named.has(path))
    .flatMap((path) => [path, `  Cache-Control: ${path.endsWith('/*') ? IMMUTABLE : 'no-cache'}`]);
  const kept = own.join(newline).replace(/(\r?\n)+$/, '');
  const text = [kept, block.length ? [BEGIN, ...block, END].join(newline) : ''].filter(Boolean).join(newline + newline);
  return { text: text ? text + newline : '', leftToSite, broaderRules };
}

/** What a build did with `_headers` (see BuildSiteReport). */
export interface HeadersReport {
  path: string;
  leftToSite: string[];
  broaderRules: string[];
}

/**
 * What the CLI and the Vite plugin say of `_headers`: where, for which hosts, which paths it left to the site's own
 * rules, and which of those rules have patterns that may also apply to sw-isr's files (both hosts combine the headers
 * of every match).
 */
export function headersNote({ path, leftToSite, broaderRules }: HeadersReport): string {
  const left =
    (leftToSite.length
      ? `; your own rules there name ${leftToSite.join(', ')}, so sw-isr left those to them (keep them revalidated: Cache-Control: no-cache)`
      : '') +
    (broaderRules.length
      ? `; your rules ${broaderRules.join(', ')} may apply to sw-isr's files too: they must not give them a long max-age`
      : '');
  return `sw-isr: ${path} tells Netlify and Cloudflare Pages to revalidate sw-isr's files and the manifest${left}; other hosts: see the README's Deploy section\n`;
}
