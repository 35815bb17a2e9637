/**
 * `HTMLElement` where there is one, else a stand-in: SSR frameworks (Astro, Next, SvelteKit) evaluate page-side
 * modules on a server, where a class extending `HTMLElement` at module level throws "HTMLElement is not defined".
 * The elements are only ever defined in a browser (`defineBanner()`, `mountInspector()`).
 */
export const ElementBase: typeof HTMLElement = globalThis.HTMLElement ?? (class {} as unknown as typeof HTMLElement);
