// What an on-demand check costs a reader as a site grows: the bytes it fetches (raw and gzip, as hosts compress JSON)
// to learn what changed since its last check, with the version 1 manifest (every page in one file) beside the
// version 2 one (a head, then one delta or the shards holding the reader's pages). Sites of 1,000, 10,000 and
// 100,000 pages; 0, 1, 100 and 10,000 pages changed since the reader's check; and a reader 50 deploys behind (one
// page changed in each), on a site with 64 deploys behind it. The reader stores 20 pages spread over the site. The manifests are planned by the build's
// own code (src/node/manifest-files.ts, compiled here with swc), without writing the pages.
// Writes bench/results/manifest-scale.md and manifest-scale.svg.
import { transformFileSync } from '@swc/core';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The build's modules, compiled to a temporary folder with the same layout.
const compiled = mkdtempSync(join(tmpdir(), 'sw-isr-bench-manifest-'));
for (const file of ['shared/site-manifest.ts', 'node/manifest-files.ts']) {
  const out = join(compiled, file.replace(/\.ts$/, '.js'));
  mkdirSync(join(out, '..'), { recursive: true });
  const { code } = transformFileSync(join('src', file), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  writeFileSync(out, code);
}
const { planManifest } = await import(join(compiled, 'node/manifest-files.js'));
const { pageStem, shardOf } = await import(join(compiled, 'shared/site-manifest.js'));
rmSync(compiled, { recursive: true, force: true });

const SIZES = [1000, 10000, 100000];
const READER_PAGES = 20;

/** A page's entry; its hash as random as a real one, so that compression is not flattered. @param {number} n @param {string} edition */
const entry = (n, edition) => ({
  hash: createHash('sha256').update(`${n} ${edition}`).digest('hex'),
  revalidate: 3600,
  tags: ['docs'],
});
/** @param {number} count */
const siteOf = (count) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`/section-${Math.floor(i / 100)}/page-${i}.html`, entry(i, 'a')]),
  );

/** @param {string} text */
const size = (text) => ({ raw: Buffer.byteLength(text), gzip: gzipSync(text).length });
/** @param {{ raw: number, gzip: number }[]} parts */
const sum = (parts) => parts.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });

/**
 * A build after `previous`, as readPreviousManifest reads it back.
 * @param {Record<string, any>} pages @param {any} previous
 */
function build(pages, previous) {
  const plan = planManifest(pages, '/', { pages: {} }, previous);
  const deltas = new Map(
    Object.entries(plan.head.deltas).map(([from, file]) => [
      from,
      JSON.parse(plan.files.get(file) ?? previous.files.get(file)).pages,
    ]),
  );
  const files = new Map([...(previous?.files ?? []), ...plan.files]);
  return {
    head: plan.head,
    text: '',
    state: plan.head.state,
    pages,
    deltas,
    files,
    headText: `${JSON.stringify(plan.head, null, 1)}\n`,
  };
}

/**
 * What a reader at `from` fetches to learn of `to`: the head, then the delta from its state, or its shards.
 * @param {any} from @param {any} to @param {string[]} stored
 */
function readerCost(from, to, stored) {
  const parts = [size(to.headText)];
  const delta = to.head.deltas[from.state];
  let how = 'head only';
  if (from.state === to.state) how = 'head only';
  else if (delta) {
    parts.push(size(to.files.get(delta)));
    how = 'head + 1 delta';
  } else {
    const index = to.files.get(to.head.index);
    const list = JSON.parse(index).shards;
    parts.push(size(index));
    const shards = new Set(stored.map((key) => list[shardOf(pageStem(key), list.length)]));
    for (const shard of shards) parts.push(size(to.files.get(shard)));
    how = `head + index + ${shards.size} shards`;
  }
  return { ...sum(parts), how, requests: parts.length };
}

/** @param {Record<string, any>} pages */
const v1Size = (pages) =>
  size(`${JSON.stringify({ version: 1, base: '/', generatedAt: new Date().toISOString(), pages }, null, 1)}\n`);

const rows = [];
for (const count of SIZES) {
  const site = siteOf(count);
  const keys = Object.keys(site);
  const at = (/** @type {number} */ i) => /** @type {string} */ (keys[i]);
  const stored = Array.from({ length: READER_PAGES }, (_, i) => at(Math.floor((i * count) / READER_PAGES)));
  // A site with a history: 64 deploys of one page each, so that the head carries its full 64 deltas, as it does in
  // steady state. The reader applied the last of them.
  let latest = build(site, null);
  let pages = site;
  const history = [latest];
  for (let deploy = 0; deploy < 64; deploy += 1) {
    pages = { ...pages, [at((deploy * 7919) % count)]: entry(deploy, 'h') };
    latest = build(pages, latest);
    history.push(latest);
  }
  rows.push({ count, scenario: 'nothing changed', v1: null, v2: null });
  for (const changed of [1, 100, 10000].filter((n) => n <= count)) {
    const next = { ...pages };
    // Changes spread over the site, a stored page among them.
    for (let i = 0; i < changed; i += 1) next[at(Math.floor((i * count) / changed))] = entry(i, 'b');
    rows.push({
      count,
      scenario: `${changed.toLocaleString('en')} changed`,
      v1: v1Size(next),
      v2: readerCost(latest, build(next, latest), stored),
    });
  }
  const next = { ...pages, [at(1)]: entry(1, 'c') };
  const behind = /** @type {any} */ (history.at(-50));
  rows.push({
    count,
    scenario: '50 deploys behind (1 page each)',
    v1: v1Size(next),
    v2: readerCost(behind, build(next, latest), stored),
  });
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`;
const lines = [
  `What a reader fetches at an on-demand check after a deploy (besides the changed pages themselves); it stores ${READER_PAGES} pages spread over the site, all compared at its last check, and the site has had 64 deploys before (the head carries 64 deltas).`,
  `Sizes raw / gzip. Node ${process.version}. Run: ${new Date().toISOString()}.`,
  '',
  "| pages | since the reader's check | version 1 (whole manifest) | version 2 | version 2 fetches |",
  '|---:|---|---:|---:|---|',
  ...rows.map(({ count, scenario, v1, v2 }) =>
    v1 && v2
      ? `| ${count.toLocaleString('en')} | ${scenario} | ${kb(v1.raw)} / ${kb(v1.gzip)} | ${kb(v2.raw)} / ${kb(v2.gzip)} | ${v2.how} (${v2.requests} requests) |`
      : `| ${count.toLocaleString('en')} | ${scenario} | a 304 | a 304 | the head's 304 (1 request) |`,
  ),
  '',
];
writeFileSync('bench/results/manifest-scale.md', lines.join('\n'));
console.log(lines.join('\n'));

// The chart: bytes (gzip) per check with one page changed, against site size, both versions, log scales.
const one = /** @type {{ count: number, v1: { gzip: number }, v2: { gzip: number } }[]} */ (
  rows.filter((row) => row.scenario === '1 changed')
);
const W = 640;
const H = 360;
const M = { left: 70, right: 60, top: 40, bottom: 50 };
const xs = (/** @type {number} */ n) => M.left + ((Math.log10(n) - 3) / 2) * (W - M.left - M.right);
const maxBytes = Math.max(...one.map((row) => row.v1.gzip));
const ys = (/** @type {number} */ b) =>
  H - M.bottom - (Math.log10(b / 100) / Math.log10(maxBytes / 100)) * (H - M.top - M.bottom);
/** @param {(row: any) => number} pick @param {string} color @param {string} label */
const series = (pick, color, label) => {
  const points = one.map((row) => `${xs(row.count).toFixed(1)},${ys(pick(row)).toFixed(1)}`).join(' ');
  const last = /** @type {any} */ (one.at(-1));
  return `<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${points}"/>${one
    .map((row) => `<circle cx="${xs(row.count).toFixed(1)}" cy="${ys(pick(row)).toFixed(1)}" r="4" fill="${color}"/>`)
    .join(
      '',
    )}<text x="${(xs(last.count) - 8).toFixed(1)}" y="${(ys(pick(last)) + 22).toFixed(1)}" text-anchor="end" fill="${color}">${label}</text>`;
};
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui,sans-serif" font-size="13">
<title>Bytes a reader fetches (gzip) at a check after a deploy that changed one page, by site size</title>
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="20" font-weight="600">One page changed: bytes fetched per reader (gzip, log scale)</text>
${one.map((row) => `<text x="${xs(row.count).toFixed(1)}" y="${H - M.bottom + 20}" text-anchor="middle">${row.count.toLocaleString('en')} pages</text>`).join('\n')}
${[
  [1024, '1 KB'],
  [10240, '10 KB'],
  [102400, '100 KB'],
  [1048576, '1 MB'],
  [10485760, '10 MB'],
]
  .filter(([b]) => Number(b) <= maxBytes * 1.2)
  .map(
    ([b, label]) =>
      `<line x1="${M.left}" x2="${W - M.right}" y1="${ys(Number(b)).toFixed(1)}" y2="${ys(Number(b)).toFixed(1)}" stroke="#e5e8ef"/><text x="${M.left - 8}" y="${(ys(Number(b)) + 4).toFixed(1)}" text-anchor="end" fill="#5a6275">${label}</text>`,
  )
  .join('\n')}
${series((row) => row.v1.gzip, '#c0392b', 'version 1: the whole manifest')}
${series((row) => row.v2.gzip, '#3b6fd8', 'version 2: head + delta')}
</svg>
`;
writeFileSync('bench/results/manifest-scale.svg', svg);
