/** The parts' files, in the order the tag loads them: the banner, the morph, the inspector, the router glue. */
const PARTS = ['sw-isr-banner.js', 'sw-isr-morph.js', 'sw-isr-inspector.js', 'sw-isr-routers.js'];

/**
 * The meta tags of the client-side routers the page-side store follows (see followRouters): Astro's
 * `<ClientRouter />` writes the first, and gates itself on it too; the second marks a page whose router shows the
 * next page from payloads (a Next.js export, see page-directives.ts). A page without either loads no router glue.
 */
export const ROUTER_METAS = ['astro-view-transitions-enabled', 'isr:payloads'];

/**
 * The parts of the prebuilt script tag (`sw-isr.js`), each in its own file next to it, that it loads for its
 * data-attributes (`read('update')` is data-update's value, undefined when the attribute is absent) and, when
 * `routed` (the page has one of ROUTER_METAS), the router glue. The script tag loads them; the worker stores them
 * with every page whose tag asks for them (see pageAssets), so that a page read offline still has its banner
 * ("Offline: showing the saved copy"), its morph, its inspector and its router glue.
 */
export function scriptTagParts(read: (name: string) => string | undefined, routed: boolean): string[] {
  const parts = [];
  // The banner is on unless data-banner says off (CLIENT_DEFAULTS.banner).
  if (!/^(off|false)$/.test(read('banner') ?? '')) parts.push(PARTS[0]!);
  if (read('update') === 'morph') parts.push(PARTS[1]!);
  if (read('inspector') !== undefined) parts.push(PARTS[2]!);
  if (routed) parts.push(PARTS[3]!);
  return parts;
}

/**
 * Whether `url` (absolute, without query, as pageAssets lists the parts) is one of the parts. A page works without
 * them: a host that lacks one (a site that copied only sw-isr.js) or answers it with its fallback page must not keep
 * the page from being stored.
 */
export const isScriptTagPart = (url: string): boolean => PARTS.includes(url.slice(url.lastIndexOf('/') + 1));

/** The script tag's own file name: the worker recognizes the tag by it (a renamed copy's parts are not stored). */
export const SCRIPT_TAG_FILE = 'sw-isr.js';
