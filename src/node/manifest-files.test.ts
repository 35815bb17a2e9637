import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageStem, shardOf, type ManifestEntry } from '../shared/site-manifest.js';
import {
  pageChanges,
  planManifest,
  readPreviousManifest,
  stateOf,
  writeManifest,
  type PreviousManifest,
} from './manifest-files.js';

const entry = (hash: string): ManifestEntry => ({ hash, revalidate: 60, tags: [] });
const site = (count: number, changed: Record<string, string> = {}) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`/p${i}.html`, entry(changed[`/p${i}.html`] ?? 'a')] as const),
  );

/** What the next build reads back of a plan: the previous manifest, as readPreviousManifest gives it. */
function asPrevious(pages: Record<string, ManifestEntry>, plan: ReturnType<typeof planManifest>): PreviousManifest {
  const deltas = new Map(
    Object.entries(plan.head.deltas).map(([from, file]) => [from, JSON.parse(plan.files.get(file)!).pages]),
  );
  return { head: plan.head, text: '', state: plan.head.state, pages, deltas, files: [] };
}

it('shards by stem: every key a URL may be read under is in one shard', () => {
  expect(['/a/index.html', '/a.html', '/a', '/a/'].map(pageStem)).toEqual(['/a', '/a', '/a', '/a']);
  expect(['/', '/index.html'].map(pageStem)).toEqual(['', '']);
  const plan = planManifest(site(1000), '/', { pages: {} }, null);
  const index = JSON.parse(plan.files.get(plan.head.index)!) as { shards: string[] };
  expect(index.shards).toHaveLength(4);
  const shards = index.shards.map((file) => JSON.parse(plan.files.get(file)!).pages as object);
  expect(shards.reduce((sum, pages) => sum + Object.keys(pages).length, 0)).toBe(1000);
  expect(Object.keys(shards[shardOf('/p7', 4)]!)).toContain('/p7.html');
  expect(plan.head.deltas).toEqual({});
});

it('keeps a delta from each recent state, merged with the newest changes; an unchanged build writes nothing', () => {
  const v0 = site(10);
  const p0 = planManifest(v0, '/', { pages: {} }, null);
  const v1 = site(10, { '/p1.html': 'b' });
  const p1 = planManifest(v1, '/', { pages: {} }, asPrevious(v0, p0));
  expect(Object.keys(p1.head.deltas)).toEqual([p0.head.state]);
  expect(p0.head.state).toBe(stateOf(v0));
  const v2: Record<string, ManifestEntry> = {
    ...site(10, { '/p1.html': 'b', '/p2.html': 'c' }),
    '/new.html': entry('n'),
  };
  delete v2['/p3.html'];
  const p2 = planManifest(v2, '/', { pages: {} }, asPrevious(v1, p1));
  const delta = (from: string) => JSON.parse(p2.files.get(p2.head.deltas[from]!)!).pages;
  expect(delta(p1.head.state)).toEqual({ '/p2.html': entry('c'), '/p3.html': null, '/new.html': entry('n') });
  expect(delta(p0.head.state)).toEqual({
    '/p1.html': entry('b'),
    '/p2.html': entry('c'),
    '/p3.html': null,
    '/new.html': entry('n'),
  });
  expect(pageChanges(v0, v0)).toEqual({});
  // The newest change wins over an older one of the same page, a deletion included.
  const v3: Record<string, ManifestEntry> = { ...v2, '/p1.html': entry('d') };
  delete v3['/p2.html'];
  const p3x = planManifest(v3, '/', { pages: {} }, asPrevious(v2, p2));
  const merged = JSON.parse(p3x.files.get(p3x.head.deltas[p0.head.state]!)!).pages;
  expect(merged).toMatchObject({ '/p1.html': entry('d'), '/p2.html': null, '/p3.html': null });
  expect(planManifest(v2, '/', { pages: {} }, asPrevious(v2, p2)).unchanged).toBe(true);
  // Back to an earlier page list (a revert rebuilt): a new state all the same, whose delta from the one it returns
  // to lists what changed in between, as it is now (a reader there may have stored p2 since, and lacks /p3.html).
  const p3 = planManifest(v1, '/', { pages: {} }, asPrevious(v2, p2));
  expect(p3.head.state).not.toBe(p1.head.state);
  expect(JSON.parse(p3.files.get(p3.head.deltas[p1.head.state]!)!).pages).toEqual({
    '/p2.html': entry('a'),
    '/p3.html': entry('a'),
    '/new.html': null,
  });
  expect(Object.keys(p3.head.deltas)).toContain(p2.head.state);
});

it("writes no delta larger than a reader's shards would cost", () => {
  const v0 = site(3000);
  const p0 = planManifest(v0, '/', { pages: {} }, null);
  const all = site(3000, Object.fromEntries(Object.keys(v0).map((key) => [key, 'z'])));
  expect(planManifest(all, '/', { pages: {} }, asPrevious(v0, p0)).head.deltas).toEqual({});
  const some = site(3000, { '/p1.html': 'z' });
  expect(Object.keys(planManifest(some, '/', { pages: {} }, asPrevious(v0, p0)).head.deltas)).toHaveLength(1);
});

describe('readPreviousManifest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-isr-previous-'));
    const plan = planManifest(site(600), '/', { pages: {} }, null);
    await writeManifest(dir, plan, [], (path, text) => writeFile(path, text));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads back the page list and the state the head names', async () => {
    const previous = await readPreviousManifest(dir, '/');
    expect(previous?.state).toBe(stateOf(site(600)));
    expect(previous?.pages).toEqual(site(600));
  });

  it('refuses a manifest of another base, a shard missing, or a file whose text no longer matches its name', async () => {
    expect(await readPreviousManifest(dir, '/docs/')).toBeNull();
    const head = JSON.parse(await readFile(join(dir, 'isr-manifest.json'), 'utf8')) as { index: string };
    const index = JSON.parse(await readFile(join(dir, head.index), 'utf8')) as { shards: string[] };
    // One entry edited by hand (the page list would no longer be the one the state names).
    const shard = join(dir, index.shards[1]!);
    const text = await readFile(shard, 'utf8');
    await writeFile(shard, text.replace(/"hash":"a"/, '"hash":"b"'));
    expect(await readPreviousManifest(dir, '/')).toBeNull();
    await rm(shard);
    expect(await readPreviousManifest(dir, '/')).toBeNull();
  });

  it('refuses a head that is not a manifest', async () => {
    await writeFile(join(dir, 'isr-manifest.json'), '{"version":3}');
    expect(await readPreviousManifest(dir, '/')).toBeNull();
  });
});
