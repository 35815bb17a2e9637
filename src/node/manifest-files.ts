import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MANIFEST_FILES,
  indexProblem,
  manifestProblem,
  pageStem,
  partProblem,
  shardOf,
  type ManifestEntry,
  type ManifestHead,
  type ManifestIndex,
  type ManifestPart,
  type SiteManifest,
} from '../shared/site-manifest.js';

/**
 * Pages to a shard, at most: a reader that falls back to shards fetches about this many entries (some 35 KB, a few
 * KB compressed) for each shard that holds a page it stores.
 */
const SHARD_PAGES = 256;
/**
 * Earlier states that keep a delta to the newest: a reader up to this many deploys behind fetches one file. Each
 * costs the head about 50 B (3 KB raw at most, under 2 KB compressed).
 */
const DELTAS_KEPT = 64;
/**
 * Changes a delta may list (about 280 KB raw, 90 KB compressed): past it none is written, and readers fetch the
 * shards of their pages instead. Which costs less depends on the reader (one with pages in fewer than about eight
 * shards pays less with shards); a head that lets each reader choose is left for later.
 */
const DELTA_LIMIT = 2048;

type Pages = Record<string, ManifestEntry>;

/** A hash of the page list's entries in key order: what decides whether a build changed any page. */
export function stateOf(pages: Pages): string {
  return digest(JSON.stringify(sorted(pages)));
}

/**
 * The state a build's head names (see {@link ManifestHead.state}): a hash of the state before it and of its page
 * list. A build that brings the pages back to an earlier list (a revert rebuilt) is still a new state, whose delta
 * from that earlier one lists what changed in between: a reader there may have stored those pages since.
 */
export function generationOf(previous: string | null, pages: Pages): string {
  return previous === null ? stateOf(pages) : digest(`${previous} ${stateOf(pages)}`);
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function sorted<T>(pages: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(pages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What changed from `before` to `after`: new or changed entries, and null for a page deleted. */
export function pageChanges(before: Pages, after: Pages): ManifestPart['pages'] {
  const changes: ManifestPart['pages'] = {};
  for (const [key, entry] of Object.entries(after))
    if (JSON.stringify(before[key]) !== JSON.stringify(entry)) changes[key] = entry;
  for (const key of Object.keys(before)) if (!(key in after)) changes[key] = null;
  return changes;
}

/** The manifest a folder had, with its page list and deltas read back; null when there is none usable. */
export interface PreviousManifest {
  head: SiteManifest | ManifestHead;
  text: string;
  /** The state its head names (a version 1 manifest's: its page list's hash). */
  state: string;
  pages: Pages;
  /** A version 2 head's deltas, read: the changes from each earlier state to this one. */
  deltas: Map<string, ManifestPart['pages']>;
  /** Every file it names (index, shards, deltas), relative to the site. */
  files: string[];
}

/**
 * The manifest in `dir` from the build before, if it is one of this base and every file it names is there. A
 * manifest that cannot be read back whole counts as none: the new one then starts a new line of states, and each
 * reader falls back to the shards it needs once.
 */
export async function readPreviousManifest(dir: string, base: string): Promise<PreviousManifest | null> {
  try {
    const text = await readFile(join(dir, 'isr-manifest.json'), 'utf8');
    const head = JSON.parse(text) as SiteManifest | ManifestHead;
    if (manifestProblem(head) || head.base !== base) return null;
    if (head.version === 1)
      return { head, text, state: stateOf(head.pages), pages: head.pages, deltas: new Map(), files: [] };
    // Each file is named by a hash of its text: one that does not match it was changed or cut short.
    const named = async (path: string) => {
      const text = await readFile(join(dir, path), 'utf8');
      return path.endsWith(`-${digest(text)}.json`) ? (JSON.parse(text) as unknown) : null;
    };
    const index = (await named(head.index)) as ManifestIndex | null;
    if (!index || indexProblem(index)) return null;
    const pages: Pages = {};
    for (const shard of index.shards) {
      const part = (await named(shard)) as ManifestPart | null;
      if (!part || partProblem(part)) return null;
      for (const [key, entry] of Object.entries(part.pages)) if (entry) pages[key] = entry;
    }
    const deltas = new Map<string, ManifestPart['pages']>();
    for (const [from, file] of Object.entries(head.deltas)) {
      const part = (await named(file).catch(() => null)) as ManifestPart | null;
      if (part && !partProblem(part)) deltas.set(from, part.pages);
    }
    return {
      head,
      text,
      state: head.state,
      pages,
      deltas,
      files: [head.index, ...index.shards, ...Object.values(head.deltas)],
    };
  } catch {
    return null;
  }
}

/** The manifest to write: its head, the files it names (path relative to the site → text), and whether it changed. */
export interface ManifestPlan {
  head: ManifestHead;
  /** The head as written: the previous one byte for byte when nothing changed (readers then get a 304). */
  text: string;
  files: Map<string, string>;
  /** Nothing changed since the previous manifest. */
  unchanged: boolean;
}

/**
 * Writes a planned manifest into `root` (a site folder, or the build's cache): its files, then its head, so that a
 * reader never meets a head naming a file not there yet; then deletes the files of `isr-manifest/` that neither it
 * nor `kept` names (the manifest before: a reader may hold its head a while).
 */
export async function writeManifest(
  root: string,
  plan: ManifestPlan,
  kept: readonly string[],
  write: (path: string, text: string) => Promise<void>,
): Promise<void> {
  await mkdir(join(root, MANIFEST_FILES), { recursive: true });
  for (const [path, text] of plan.files) await write(join(root, path), text);
  await write(join(root, 'isr-manifest.json'), plan.text);
  const named = new Set([...plan.files.keys(), ...kept]);
  for (const name of await readdir(join(root, MANIFEST_FILES)))
    if (!named.has(`${MANIFEST_FILES}/${name}`)) await rm(join(root, MANIFEST_FILES, name), { force: true });
}

/**
 * Plans a version 2 manifest for `pages` (by manifest key) after `previous`: shards of the whole list by each page's
 * stem, and a delta from the previous state and from each state the previous manifest kept a delta for (merged with
 * the newest changes), the most recent {@link DELTAS_KEPT}, each no larger than {@link deltaLimit}.
 */
export function planManifest(
  pages: Pages,
  base: string,
  extras: Pick<ManifestHead, 'pages' | 'precache' | 'assets'>,
  previous: PreviousManifest | null,
): ManifestPlan {
  const changed = !previous || stateOf(previous.pages) !== stateOf(pages);
  const state = changed ? generationOf(previous?.state ?? null, pages) : previous.state;
  const files = new Map<string, string>();
  const write = (kind: 's' | 'd' | 'i', part: ManifestPart | ManifestIndex) => {
    const text = `${JSON.stringify('pages' in part ? { pages: sorted(part.pages) } : part)}\n`;
    const path = `${MANIFEST_FILES}/${kind}-${digest(text)}.json`;
    files.set(path, text);
    return path;
  };
  const count = Object.keys(pages).length;
  const buckets: Pages[] = Array.from(
    { length: 2 ** Math.ceil(Math.log2(Math.max(1, count / SHARD_PAGES))) },
    () => ({}),
  );
  for (const [key, entry] of Object.entries(pages)) buckets[shardOf(pageStem(key), buckets.length)]![key] = entry;
  const index = write('i', { shards: buckets.map((bucket) => write('s', { pages: bucket })) });

  const deltas: Record<string, string> = {};
  // No delta from a version 1 manifest's list: its readers kept no state to take one from.
  if (previous?.head.version === 2 && changed) {
    const newest = pageChanges(previous.pages, pages);
    const candidates: [string, ManifestPart['pages']][] = [
      [previous.state, newest],
      ...[...previous.deltas].map(([from, changes]): [string, ManifestPart['pages']] => [
        from,
        { ...changes, ...newest },
      ]),
    ];
    for (const [from, changes] of candidates) {
      if (Object.keys(deltas).length >= DELTAS_KEPT) break;
      if (from !== state && !(from in deltas) && Object.keys(changes).length <= DELTA_LIMIT)
        deltas[from] = write('d', { pages: changes });
    }
  } else if (previous?.head.version === 2) {
    // The same pages (only the precache list or file revisions changed, or nothing): every delta still leads here.
    for (const [from, changes] of previous.deltas) deltas[from] = write('d', { pages: changes });
  }
  const head: ManifestHead = {
    version: 2,
    base,
    generatedAt: new Date().toISOString(),
    state,
    index,
    deltas,
    ...extras,
  };
  const same =
    previous?.head.version === 2 &&
    JSON.stringify([
      previous.head.state,
      previous.head.index,
      previous.head.deltas,
      previous.head.pages,
      previous.head.precache,
      previous.head.assets,
    ]) === JSON.stringify([head.state, head.index, head.deltas, head.pages, head.precache, head.assets]);
  if (same) return { head: previous.head as ManifestHead, text: previous.text, files, unchanged: true };
  return { head, text: `${JSON.stringify(head, null, 1)}\n`, files, unchanged: false };
}
