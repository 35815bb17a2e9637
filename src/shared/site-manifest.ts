/**
 * `isr-manifest.json`: what `sw-isr build` and the Vite plugin write next to a site's pages, and what the worker
 * polls to learn of republished pages ahead of their intervals. Version 1 listed every page in it (140 B a page:
 * 14 MB for 100,000 pages, fetched whole by every reader after any change); version 2, written now, is a head of a
 * constant size that names further files, immutable by their content-addressed names (see {@link ManifestHead}).
 * Version 1 is still read, for readers of a deploy made before.
 */
export const MANIFEST_VERSION = 2;
/** The folder of a version 2 manifest's shards and deltas, beside it. */
export const MANIFEST_FILES = 'isr-manifest';

export interface ManifestEntry {
  /** SHA-256 of the file as served, hex: the same hash the worker keeps of a stored page's body. */
  hash: string;
  /** Revalidate interval in seconds: the page's meta tag, else the build's default. */
  revalidate: number;
  tags: string[];
}

/** A version 1 manifest: every page in one file. */
export interface SiteManifest {
  version: 1;
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
 * A version 2 manifest's head. The reader keeps the `state` it last applied; at the next check, the same state costs
 * nothing more; a state listed in `deltas` costs that one file, the changes since; any other (a new reader, one
 * many deploys behind, a site rebuilt from another folder) costs the shards that hold the pages it stores.
 */
export interface ManifestHead {
  version: 2;
  base: string;
  generatedAt: string;
  /**
   * The build's state (16 hex digits): a hash of the state before it and of its page list, so a revert rebuilt is a
   * new state (with a delta listing what it reverted) and a folder restored from an older deploy names that deploy's
   * state, never one mistaken for newer. A build that changes no page keeps the state.
   */
  state: string;
  /**
   * The file listing the shards (see {@link ManifestIndex}), relative to the head: `isr-manifest/i-<hash>.json`. Only a
   * reader that needs shards fetches it, so the head stays the same size whatever the number of pages.
   */
  index: string;
  /** The changes since an earlier state, by that state: `isr-manifest/d-<hash>.json`. */
  deltas: Record<string, string>;
  /** Entries of the pages in `precache` alone, which the precache pass needs. */
  pages: Record<string, ManifestEntry>;
  precache?: string[];
  assets?: Record<string, string>;
}

/** The shards of a version 2 manifest: the page list in files by each page's {@link shardOf}, relative to the head. */
export interface ManifestIndex {
  shards: string[];
}

/** A shard (every page of it) or a delta (what changed: a page deleted since is null). */
export interface ManifestPart {
  pages: Record<string, ManifestEntry | null>;
}

/**
 * What a page's manifest keys have in common, for sharding: `/a/index.html`, `/a.html`, `/a` and a reader's `/a/` are
 * all `/a`, so every key {@link manifestEntryFor} may try for a URL is in the shard of that URL's stem.
 */
export function pageStem(path: string): string {
  return path
    .replace(/(^|\/)index\.html?$/i, '$1')
    .replace(/\.html?$/i, '')
    .replace(/\/$/, '');
}

/** Which of `count` shards holds the pages of `stem`: FNV-1a of its UTF-16 code units, as both sides compute it. */
export function shardOf(stem: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < stem.length; i++) hash = Math.imul(hash ^ stem.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

/**
 * The entry for a URL path, as static hosts map paths to files: `/a/` and `/a` serve `/a/index.html`, and `/a`
 * may serve `/a.html` ("pretty URLs").
 */
export function manifestEntryFor(
  manifest: { pages: Record<string, ManifestEntry> },
  pathname: string,
): ManifestEntry | undefined {
  for (const key of candidateKeys(pathname)) if (manifest.pages[key]) return manifest.pages[key];
  return undefined;
}

/**
 * The manifest keys a URL path may be served from, in the order a static host tries them. The path is the decoded
 * one: the build keys pages by their file names (`/café/index.html`), a URL carries them encoded (`/caf%C3%A9/`).
 */
export function candidateKeys(pathname: string): string[] {
  return pathname.endsWith('/') ? [`${pathname}index.html`] : [pathname, `${pathname}.html`, `${pathname}/index.html`];
}

/**
 * What a delta says of a URL path: its new entry, null when it was deleted, undefined when it did not change. Of the
 * keys {@link manifestEntryFor} tries, one with an entry wins over one deleted (`/a.html` moved to `/a/index.html`).
 */
export function changeFor(delta: ManifestPart, pathname: string): ManifestEntry | null | undefined {
  const found = candidateKeys(pathname)
    .filter((key) => key in delta.pages)
    .map((key) => delta.pages[key]!);
  return found.length ? (found.find((entry) => entry !== null) ?? null) : undefined;
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

const isEntry = (entry: unknown) =>
  typeof (entry as ManifestEntry | null)?.hash === 'string' &&
  typeof (entry as ManifestEntry).revalidate === 'number' &&
  Array.isArray((entry as ManifestEntry).tags);
/** A file of the manifest's own, as the build names them: nothing outside its folder, no other origin's. */
const isPart = (path: unknown) => typeof path === 'string' && /^isr-manifest\/[dis]-[0-9a-f]{16}\.json$/.test(path);

/** Why a shard's or delta's pages are unusable (`deleted`: null entries allowed), or null. */
function pagesProblem(pages: unknown, deleted: boolean): string | null {
  if (typeof pages !== 'object' || pages === null) return 'no "pages" object';
  for (const [path, entry] of Object.entries(pages)) {
    if (!isSitePath(path) || !(isEntry(entry) || (deleted && entry === null)))
      return `entry "${path}" is not {hash, revalidate, tags}`;
  }
  return null;
}

/** Checks a parsed index (see {@link ManifestIndex}); returns why it is unusable, or null. */
export function indexProblem(value: unknown): string | null {
  const shards = (value as Partial<ManifestIndex> | null)?.shards;
  return Array.isArray(shards) && shards.length && shards.every(isPart)
    ? null
    : `"shards" is not a list of files under ${MANIFEST_FILES}/`;
}

/** Checks a parsed shard or delta (see {@link ManifestPart}); returns why it is unusable, or null. */
export function partProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  return pagesProblem((value as Partial<ManifestPart>).pages, true);
}

/** Checks the shape of a parsed manifest (version 1 or 2); returns why it is unusable, or null. */
export function manifestProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const manifest = value as Partial<SiteManifest> | Partial<ManifestHead>;
  if (manifest.version !== 1 && manifest.version !== MANIFEST_VERSION)
    return `version ${JSON.stringify(manifest.version)} is not 1 or ${MANIFEST_VERSION}`;
  const problem = pagesProblem(manifest.pages, false);
  if (problem) return problem;
  if (manifest.version === 2) {
    if (typeof manifest.state !== 'string') return 'no "state"';
    if (!isPart(manifest.index)) return `"index" is not a file under ${MANIFEST_FILES}/`;
    if (
      typeof manifest.deltas !== 'object' ||
      manifest.deltas === null ||
      !Object.values(manifest.deltas).every(isPart)
    )
      return `"deltas" is not an object of files under ${MANIFEST_FILES}/`;
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
