/**
 * Whether a response's `Clear-Site-Data` asks to clear what sw-isr stores: `"cache"`, `"storage"` or `"*"` (quoted,
 * as the header's grammar requires; an unquoted value is no directive, as browsers read it). Browsers act on the
 * header for their own caches and storage only when a response reaches them; the worker applies it to its own.
 */
export function clearsSiteData(headers: Headers): boolean {
  return /"(cache|storage|\*)"/.test(headers.get('clear-site-data') ?? '');
}
