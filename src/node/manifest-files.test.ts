import { expect, it } from 'vitest';
import { pageStem, shardOf, type ManifestEntry } from '../shared/site-manifest.js';
import { pageChanges, planManifest, stateOf, type PreviousManifest } from './manifest-files.js';

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
  expect(Object.keys(p1.head.deltas)).toEqual([stateOf(v0)]);
  const v2: Record<string, ManifestEntry> = {
    ...site(10, { '/p1.html': 'b', '/p2.html': 'c' }),
    '/new.html': entry('n'),
  };
  delete v2['/p3.html'];
  const p2 = planManifest(v2, '/', { pages: {} }, asPrevious(v1, p1));
  const delta = (from: string) => JSON.parse(p2.files.get(p2.head.deltas[from]!)!).pages;
  expect(delta(stateOf(v1))).toEqual({ '/p2.html': entry('c'), '/p3.html': null, '/new.html': entry('n') });
  expect(delta(stateOf(v0))).toEqual({
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
  const merged = JSON.parse(p3x.files.get(p3x.head.deltas[stateOf(v0)]!)!).pages;
  expect(merged).toMatchObject({ '/p1.html': entry('d'), '/p2.html': null, '/p3.html': null });
  expect(planManifest(v2, '/', { pages: {} }, asPrevious(v2, p2)).unchanged).toBe(true);
  // Back to an earlier state (a revert): no delta from the state it returns to.
  const p3 = planManifest(v1, '/', { pages: {} }, asPrevious(v2, p2));
  expect(Object.keys(p3.head.deltas)).not.toContain(stateOf(v1));
  expect(Object.keys(p3.head.deltas)).toContain(stateOf(v2));
});

it("writes no delta larger than a reader's shards would cost", () => {
  const v0 = site(3000);
  const p0 = planManifest(v0, '/', { pages: {} }, null);
  const all = site(3000, Object.fromEntries(Object.keys(v0).map((key) => [key, 'z'])));
  expect(planManifest(all, '/', { pages: {} }, asPrevious(v0, p0)).head.deltas).toEqual({});
  const some = site(3000, { '/p1.html': 'z' });
  expect(Object.keys(planManifest(some, '/', { pages: {} }, asPrevious(v0, p0)).head.deltas)).toHaveLength(1);
});
