/**
 * `isr-manifest.json`: what `sw-isr build` and the Vite plugin write next to a site's pages, and what the worker
 * polls to learn of republished pages ahead of their intervals. One entry per HTML file, keyed by its URL path.
 */
export const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  /** SHA-256 of the file as served, hex: the same hash the worker keeps of a stored page's body. */
  hash: string;
  /** Revalidate interval in seconds: the page's meta tag, else the build's default. */
  revalidate: number;
  tags: string[];
}

export interface SiteManifest {
  version: typeof MANIFEST_VERSION;
  /** The path the site is served under, ending in '/'. */
  base: string;
  generatedAt: string;
  pages: Record<string, ManifestEntry>;
  /**
   * URL paths to store at install, ahead of any visit (the app shell, chosen pages, files); pages are matched to
   * their entries as `manifestEntryFor` does.
   */
  precache?: string[];
  /** SHA-256 (hex) of files other than pages, by URL path: the revisions of precached files. */
  assets?: Record<string, string>;
}

/**
 * The entry for a URL path, as static hosts map paths to files: `/a/` and `/a` serve `/a/index.html`, and `/a`
 * may serve `/a.html` ("pretty URLs").
 */
export function manifestEntryFor(manifest: SiteManifest, pathname: string): ManifestEntry | undefined {
  const pages = manifest.pages;
  if (pathname.endsWith('/')) return pages[`${pathname}index.html`];
  return pages[pathname] ?? pages[`${pathname}.html`] ?? pages[`${pathname}/index.html`];
}

/**
 * Whether a URL names another origin than `origin` once resolved against it, as the browser will resolve it: a
 * scheme (`https://cdn.example/`, `data:`), two leading slashes of either kind (`//cdn.example/x.js`, `/\\host`), and
 * the forms the URL parser cleans up first (tabs and newlines inside: `/\t/host`). A `startsWith('/')` check lets
 * these through; deciding by resolution does not. Unparsable counts as another origin.
 */
export function namesOtherOrigin(url: string, origin = 'https://site.invalid'): boolean {
  try {
    return new URL(url, `${origin}/`).origin !== origin;
  } catch {
    return true;
  }
}

const isSitePath = (path: unknown) => typeof path === 'string' && path.startsWith('/') && !namesOtherOrigin(path);

/** Checks the shape of a parsed manifest; returns why it is unusable, or null. */
export function manifestProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const manifest = value as Partial<SiteManifest>;
  if (manifest.version !== MANIFEST_VERSION)
    return `version ${JSON.stringify(manifest.version)} is not ${MANIFEST_VERSION}`;
  if (typeof manifest.pages !== 'object' || manifest.pages === null) return 'no "pages" object';
  for (const [path, entry] of Object.entries(manifest.pages)) {
    if (
      !isSitePath(path) ||
      typeof entry?.hash !== 'string' ||
      typeof entry.revalidate !== 'number' ||
      !Array.isArray(entry.tags)
    ) {
      return `entry "${path}" is not {hash, revalidate, tags}`;
    }
  }
  if (
    manifest.precache !== undefined &&
    (!Array.isArray(manifest.precache) || manifest.precache.some((path) => !isSitePath(path)))
  ) {
    return '"precache" is not a list of this site\'s URL paths (another origin\'s URL is refused)';
  }
  if (
    manifest.assets !== undefined &&
    (typeof manifest.assets !== 'object' ||
      manifest.assets === null ||
      Object.entries(manifest.assets).some(([path, hash]) => !isSitePath(path) || typeof hash !== 'string'))
  ) {
    return '"assets" is not an object of hashes';
  }
  return null;
}
