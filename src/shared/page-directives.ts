import { htmlAttributes } from './html-attributes.js';

/**
 * What a page says about its own caching, from `<meta name="isr:revalidate">`, `<meta name="isr:tags">` and
 * `<meta name="isr:payloads">`.
 */
export interface PageDirectives {
  /** Seconds, or undefined when the page has no (valid) `isr:revalidate` meta tag. */
  revalidate: number | undefined;
  tags: string[];
  /**
   * The page's payloads, as written (URLs relative to the page, separated by whitespace): the same page in the
   * form a client-side router fetches it (Next.js's RSC `.txt` files), stored and refreshed with the page and
   * answered from the stored copy as the page is, so that a click and a full load show one version.
   */
  payloads: string[];
  /** One message per directive that was present but unusable, for the worker's console. */
  problems: string[];
}

// A page's meta tags sit in its head: a tag scanner over the text up to <body> is all that is needed. Group 1 is the
// tag's attributes; not `<meta-data>` or another element whose name starts so.
export const META_TAG = /<meta(?=[\s/>])([^>]*)>/gi;

/** Parses a revalidate value in seconds: a finite number ≥ 0, written as plain decimal digits. */
export function parseSeconds(value: string | null | undefined): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

export function readPageDirectives(html: string): PageDirectives {
  const bodyAt = html.search(/<body[\s>]/i);
  const head = bodyAt === -1 ? html : html.slice(0, bodyAt);
  const result: PageDirectives = { revalidate: undefined, tags: [], payloads: [], problems: [] };
  for (const [, source] of head.matchAll(META_TAG)) {
    const attrs = htmlAttributes(source!);
    const name = attrs.get('name')?.trim().toLowerCase();
    const content = attrs.get('content') ?? '';
    if (name === 'isr:revalidate' && result.revalidate === undefined) {
      result.revalidate = parseSeconds(content);
      if (result.revalidate === undefined) {
        result.problems.push(`isr:revalidate meta tag has "${content}", which is not a number of seconds ≥ 0`);
      }
    } else if (name === 'isr:tags') {
      for (const tag of content.split(',')) {
        const trimmed = tag.trim();
        if (trimmed && !result.tags.includes(trimmed)) result.tags.push(trimmed);
      }
    } else if (name === 'isr:payloads') {
      for (const url of content.split(/\s+/)) if (url && !result.payloads.includes(url)) result.payloads.push(url);
    }
  }
  return result;
}

/** The interval in force: the response header wins over the meta tag, which wins over the default. */
export function pickRevalidate(header: string | null, directives: PageDirectives, fallback: number): number {
  return parseSeconds(header) ?? directives.revalidate ?? fallback;
}
