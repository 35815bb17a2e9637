// npm run bench: where the bytes of the prebuilt worker and of the script tag go. Builds each in memory with a
// source map, gives each minified byte to the source it came from, and reports per module its minified bytes and its
// share of the min+gzip total (gzip is not additive: a module's share is its fraction of the minified bytes applied
// to the real min+gzip size, a fair guide to where cuts pay). Then the worker again without one feature at a time
// (its modules' exports replaced by stubs while building, nothing written to src/), for what each costs whole: gzip
// shares of shared strings and helpers leave with the last module that used them. Writes
// bench/results/worker-size.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
import { build } from 'vite';

/**
 * The attribution of one prebuilt file, as Markdown lines.
 * @param {string} mode the vite.config.ts mode that builds it
 * @param {string} file its name under dist/
 */
async function attribute(mode, file) {
  const out = /** @type {import('vite').Rollup.RollupOutput[]} */ (
    await build({
      mode,
      logLevel: 'silent',
      configFile: 'vite.config.ts',
      build: { write: false, sourcemap: true },
    })
  );
  const chunk = out[0]?.output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk' || !chunk.map) throw new Error(`the ${mode} build produced no chunk with a map`);
  const code = chunk.code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '');
  const lines = code.split('\n');
  /** @type {{ line: number, column: number, source: string }[]} */
  const mappings = [];
  new SourceMapConsumer(/** @type {any} */ (chunk.map)).eachMapping((m) => {
    mappings.push({ line: m.generatedLine, column: m.generatedColumn, source: m.source ?? '(none)' });
  });
  mappings.sort((a, b) => a.line - b.line || a.column - b.column);
  /** @type {Map<string, number>} */
  const bytes = new Map();
  for (const [index, mapping] of mappings.entries()) {
    const next = mappings[index + 1];
    const end = next && next.line === mapping.line ? next.column : (lines[mapping.line - 1] ?? '').length;
    const name = mapping.source.replace(/^.*node_modules\//, '').replace(/^.*?\/?src\//, 'src/');
    bytes.set(name, (bytes.get(name) ?? 0) + end - mapping.column);
  }
  const minified = [...bytes.values()].reduce((sum, n) => sum + n, 0);
  const gzipped = gzipSync(code, { level: 9 }).length;
  /** @param {(name: string) => string} group */
  function rows(group) {
    /** @type {Map<string, number>} */
    const grouped = new Map();
    for (const [name, n] of bytes) grouped.set(group(name), (grouped.get(group(name)) ?? 0) + n);
    return [...grouped]
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `| ${name} | ${n} | ${Math.round((n / minified) * gzipped)} |`);
  }
  const header = ['| module | minified B | share of min+gzip B |', '|---|---:|---:|'];
  return [
    `## dist/${file}: ${code.length} B minified, ${gzipped} B min+gzip`,
    '',
    '### By layer',
    '',
    ...header,
    ...rows((name) =>
      name.startsWith('src/sw/')
        ? `src/sw/${name.split('/')[2]?.endsWith('.ts') ? '(entry)' : name.split('/')[2]}/`
        : name.startsWith('src/')
          ? name.split('/').slice(0, 2).join('/') + '/'
          : (name.split('/')[0] ?? name),
    ),
    '',
    '### By module',
    '',
    ...header,
    ...rows((name) => name),
    '',
  ];
}

/**
 * The worker's features as module files: leaving a feature out stubs its modules' runtime exports.
 * @type {[string, string[]][]}
 */
const FEATURES = [
  ['on-demand manifest and precache (check-manifest, precache)', ['engine/check-manifest.ts', 'engine/precache.ts']],
  ['precache alone', ['engine/precache.ts']],
  [
    'upkeep: reconcile, file collector, schedule',
    ['upkeep/reconcile.ts', 'upkeep/collect-assets.ts', 'upkeep/schedule-upkeep.ts'],
  ],
  ["messages: the page side's requests and the inspector's", ['routes/message-route.ts']],
  ['file route: stored scripts, styles, fonts, payloads', ['routes/file-route.ts']],
  ['budget: maxEntries, maxBytes, quota', ['upkeep/enforce-budget.ts', 'upkeep/evict-for-room.ts']],
  ['remembered redirects', ['engine/remembered-redirects.ts']],
];

/**
 * The worker's size with these files' runtime exports stubbed, as [minified, min+gzip] bytes, and every module the
 * build loaded.
 * @param {string[]} files paths under src/sw/
 * @returns {Promise<[number, number, Set<string>]>}
 */
async function workerWithout(files) {
  const ids = new Set(files.map((file) => resolve('src/sw', file)));
  /** @type {Set<string>} */
  const loaded = new Set();
  const out = /** @type {import('vite').Rollup.RollupOutput[]} */ (
    await build({
      mode: 'worker',
      logLevel: 'silent',
      configFile: 'vite.config.ts',
      build: { write: false },
      plugins: [
        {
          name: 'leave-out',
          enforce: 'pre',
          load(id) {
            loaded.add(id);
            if (!ids.has(id)) return null;
            const names = [
              ...readFileSync(id, 'utf8').matchAll(/^export (?:async )?(?:function\*? |const |let |class )(\w+)/gm),
            ].map((match) => match[1]);
            return names.map((name) => `export const ${name} = () => Promise.resolve();`).join('\n');
          },
        },
      ],
    })
  );
  const chunk = out[0]?.output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the worker build produced no chunk');
  return [chunk.code.length, gzipSync(chunk.code, { level: 9 }).length, loaded];
}

const [fullMinified, fullGzipped, modules] = await workerWithout([]);
// A file renamed or no longer imported would otherwise show as a feature that costs nothing.
const missed = FEATURES.flatMap(([, files]) => files).filter((file) => !modules.has(resolve('src/sw', file)));
if (missed.length) throw new Error(`bench/worker-size.mjs: not in the worker's build: ${missed.join(', ')}`);
const without = [];
const all = [...new Set(FEATURES.flatMap(([, files]) => files))];
for (const [feature, files] of [...FEATURES, /** @type {[string, string[]]} */ (['all of the above', all])]) {
  const [minified, gzipped] = await workerWithout(files);
  without.push(`| ${feature} | ${fullMinified - minified} | ${fullGzipped - gzipped} (${gzipped} B left) |`);
}

const report = [
  '# Where the bytes of the prebuilt worker and of the script tag go',
  '',
  `Generated by \`node bench/worker-size.mjs\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}.`,
  '',
  ...(await attribute('worker', 'sw-isr-worker.js')),
  ...(await attribute('client', 'sw-isr.js')),
  '## The worker without one feature',
  '',
  `What leaving each out would save, from the ${fullGzipped} B min+gzip worker: for weighing the worker's size target`,
  'against what it does. Every one of these is on by default.',
  '',
  '| left out | minified B saved | min+gzip B saved |',
  '|---|---:|---:|',
  ...without,
  '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/worker-size.md', report);
console.log(report);
