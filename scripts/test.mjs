// npm test: types, build, size budgets, unit tests and end-to-end tests in three real engines (Chromium and Firefox
// through Playwright, WebKit through WebDriver), the browser support matrix's drift check, then one closing line
// "N passed, N failed" over all of them. Every step runs even when an earlier one failed, so one run shows all that
// is wrong; the exit code is non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { findEngines } from './find-engines.mjs';

/** Size budgets in bytes, min+gzip. Sizes only: timings belong in `npm run bench`. */
const BUDGETS = {
  // Issue 4: the script-tag client with its banner within 3 KB (workbox-window alone is 2.4 KB). Over it since issue
  // 14: its page side (swIsr.clear() with a worker found when none controls the page, workerUpdated and the banner's
  // site text, the refusal to replace another worker, checking the registration of the scope) cost about 260 B; the
  // typed messageWorker, morphStored moving the stored page's read into sw-isr-morph.js, a fade without its
  // reduced-motion wrapper and terser took back about 100. Issue 17 added 174 B: following Astro's client router
  // (the store moves to the swapped-in page with the version its fetch carried, taking only a fetch begun with the
  // router's navigation, and drops a late reply about the page before; the banner goes into the new body; Astro's
  // data-astro-exec mark is no worker option), and 239 B more following Next.js's router on pages that list
  // payloads (the Navigation API's currententrychange, or pushState wrapped once where it is missing, as in
  // WebKitGTK 2.50; to another path only, a microtask later), a counter of moves against late replies, and a store
  // made after a swap taking the router's fetch for its version: 3,693 B, and 3,689 B with that glue in a module of
  // its own (follow-routers.ts). Issue 15 moved the banner (0.75 KB) into sw-isr-banner.js, which the worker stores
  // with every page whose tag loads it (scriptTagParts), so that it still loads offline: 2,962 B, back within the
  // 3 KB line (issue 15's aim is 2.7 KB). It then moved the router glue into sw-isr-routers.js, loaded only on a
  // page with a router's meta tag (ROUTER_METAS) and stored with it too, which catches up with a move made before it
  // ran: 2,827 B.
  'dist/sw-isr.js': 3 * 1024,
  // The banner, loaded by the tag unless data-banner="off": 957 B.
  'dist/sw-isr-banner.js': 1024,
  // The router glue (Astro's <ClientRouter />, a Next.js export's router): 431 B.
  'dist/sw-isr-routers.js': 512,
  // A guard against unnoticed growth only, a little above today's 16.5 KB: 9.8 KB before issue 6, whose files,
  // precache, storage budget and collector added 4.2 KB; issue 13's twenty trust fixes (cookies, redirects offline,
  // personal files, backoff, bounded refreshes…) about 1 KB, with issue 15's log codes and option table taking
  // back 0.4 KB; issue 14's clear (with its safety against work under way), Clear-Site-Data and WebKit fixes
  // 0.85 KB, with terser after Rolldown's minifier taking 0.2 KB back; issue 17's page fetches (a client router's
  // fetch of a page answered as a navigation) 0.23 KB; its Next.js payloads (stored, refreshed and answered with
  // their page, dropped with it, several pages to a payload, a router's read revalidating through the page side's
  // state request, failed first stores held back) 0.49 KB, past the 16.5 KB line this had; issue 16's manifest
  // version 2 (a delta or the shards a reader needs, read beside version 1 for one release) 0.7 KB, past the 17 KB
  // line after that; its second part (generations, copies older than the applied head looked up, compared marks
  // guarded by the body they were made from, the reconciliation once a day and paced upkeep) 0.4 KB, past the 18 KB
  // line after that: 18,503 B. Issue 15 then took 0.65 KB back (removal reasons as codes, Workbox's router and Route
  // without registerRoute's string and RegExp captures, the two stores as closures, shared helpers): 17,860 B, and
  // the line 18 KB; a worker that starts when its query names one cache twice, 68 B; the script tag's parts stored
  // with its pages (the banner offline) and never blocking one, 155 B: 18,083 B; the router glue's file stored with
  // the pages that have a router (their meta tags read), and every sw-isr.js tag's parts, 92 B: 18,175 B; seconds in
  // the query read as the meta tag reads them, 4 B: 18,179 B. idb (1.1 KB) and workbox-routing (0.8 KB) are in it.
  // Issue 15's target is 10 KB, which this is not: bench/results/worker-size.md shows where the bytes go, and that the
  // worker without every part it can leave out would still be 12.9 KB (13,233 B).
  'dist/sw-isr-worker.js': 18 * 1024,
};

let passed = 0;
let failed = 0;
/** @type {string[]} */
const failures = [];

/** @param {string} name @param {boolean} ok */
function record(name, ok) {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

/** @param {string} title */
function heading(title) {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`);
}

/** @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env }).status === 0;
}

const bin = (/** @type {string} */ name) => `node_modules/.bin/${name}`;

heading('browser engines');
const engines = findEngines();
for (const [key, path] of Object.entries(engines.env)) console.log(`${key}=${path}`);
// A missing engine is a failure, never a skip: its readers would go untested.
for (const { name, hint } of engines.missing) {
  console.log(`✘ ${hint}`);
  record(`engine: ${name} missing or too old`, false);
}

heading('types');
/** @type {[string, string][]} */
const projects = [
  ['worker side (lib webworker)', 'src/sw'],
  ['page side (lib dom)', 'src/client'],
  ['CLI and Vite plugin (node)', 'src/node'],
  ['tests, demo and tooling', '.'],
  ["the README's site worker beside sw-isr (lib webworker)", 'e2e/site-worker'],
];
for (const [name, project] of projects) {
  const ok = run(bin('tsc'), ['-p', project]);
  console.log(`${ok ? '✓' : '✘'} types: ${name}`);
  record(`types: ${name}`, ok);
}

heading('formatting (prettier --check, 120 columns)');
{
  const ok = run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
  console.log(`${ok ? '✓' : '✘'} formatting${ok ? '' : ': run npx prettier --write .'}`);
  record('formatting', ok);
}

heading('import rules (dependency-cruiser: no cycles, layers import downward, runtimes apart)');
{
  const ok = run(bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']);
  console.log(`${ok ? '✓' : '✘'} import rules`);
  record('import rules', ok);
}

heading('build');
const built = run('node', ['scripts/build.mjs']);
record('build', built);

heading('docs');
record(
  'docs: README options tables and docs/API.md generated from the code',
  built && run('node', ['scripts/docs.mjs', '--check']),
);

heading('the package as users get it (npm pack, publint, attw)');
{
  // Packed without scripts: prepack would build again what was just built.
  const dir = mkdtempSync(join(tmpdir(), 'sw-isr-pack-'));
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    encoding: 'utf8',
  });
  /** @type {{ filename: string, size: number, unpackedSize: number, files: { path: string }[] } | undefined} */
  let packed;
  try {
    packed = pack.status === 0 ? JSON.parse(pack.stdout)[0] : undefined;
  } catch {
    console.log(`✘ npm pack printed no JSON: ${pack.stdout.slice(0, 200)}`);
  }
  const files = new Set(packed?.files.map((file) => file.path));
  const wanted = [
    'dist/sw-isr.js',
    'dist/sw-isr-banner.js',
    'dist/sw-isr-worker.js',
    'dist/lib/client.js',
    'dist/node/sw-isr.js',
    'LICENSE',
  ];
  const shipsWhatIsUsed =
    !!packed && wanted.every((file) => files.has(file)) && ![...files].some((file) => file.startsWith('dist/demo/'));
  console.log(
    `${shipsWhatIsUsed ? '✓' : '✘'} package: ${files.size} files, ${((packed?.size ?? 0) / 1024).toFixed(0)} KB packed,` +
      ` ${((packed?.unpackedSize ?? 0) / 1024).toFixed(0)} KB unpacked; no demo build, the prebuilt files and modules in it`,
  );
  record('package: ships what consumers use', built && shipsWhatIsUsed);
  const tarball = join(dir, packed?.filename ?? 'missing.tgz');
  record('package: publint', built && !!packed && run(bin('publint'), ['run', tarball, '--strict']));
  // ESM only (no CommonJS build, by choice); the prebuilt files are scripts for script tags and workers, not modules.
  const scripts = [
    'sw-isr',
    'sw-isr-banner',
    'sw-isr-morph',
    'sw-isr-routers',
    'sw-isr-worker',
    'sw-isr-off',
    'sw-isr-off-worker',
    'sw-isr-inspector',
  ];
  const attw = [
    '--profile',
    'esm-only',
    '--exclude-entrypoints',
    ...scripts.map((name) => `./${name}.js`),
    './package.json',
  ];
  record('package: types resolve (attw)', built && !!packed && run(bin('attw'), [tarball, ...attw]));
  rmSync(dir, { recursive: true, force: true });
}

heading('imports on a server (plain Node, no DOM)');
{
  // One record per entry: scripts/server-imports.mjs prints a ✓ or ✘ line for each.
  const result = spawnSync('node', ['scripts/server-imports.mjs'], { encoding: 'utf8' });
  const lines = result.stdout.split('\n').filter((line) => /^[✓✘] /.test(line));
  for (const line of lines) {
    console.log(line);
    record(line.slice(2).split(' — ')[0] ?? line, built && line.startsWith('✓'));
  }
  if (!lines.length) {
    console.log(`✘ scripts/server-imports.mjs printed no checks: ${result.stderr.trim()}`);
    record('imports in plain Node', false);
  }
}

heading('size budgets (min+gzip)');
for (const [file, budget] of Object.entries(BUDGETS)) {
  const size = existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : Infinity;
  const ok = size <= budget;
  console.log(`${ok ? '✓' : '✘'} ${file}: ${size} B of ${budget} B`);
  record(`size: ${file}`, ok);
}
{
  // Issue 4: what the React hook adds on top of the store, minified, with React and the store left out.
  const budget = 512;
  const out = /** @type {import('vite').Rollup.RollupOutput[]} */ (
    await build({
      logLevel: 'silent',
      configFile: false,
      build: {
        write: false,
        minify: true,
        lib: { entry: 'src/client/use-freshness.ts', formats: ['iife'], name: 'hook', fileName: () => 'hook.js' },
        rolldownOptions: {
          // The store and the modules it is made of (its reducer, its snapshot): the hook uses some of their
          // functions too, which a React app ships with the store whether the hook calls them or not.
          external: ['react', /freshness-(store|reduce|snapshot)/],
          output: { globals: (id) => (id === 'react' ? 'React' : 'Store') },
        },
      },
    })
  );
  const size = gzipSync(out[0]?.output[0]?.code ?? '', { level: 9 }).length;
  const ok = size > 0 && size <= budget;
  console.log(`${ok ? '✓' : '✘'} sw-isr/react's useFreshness over the store: ${size} B of ${budget} B`);
  record('size: useFreshness', ok);
}

heading('unit tests (vitest)');
mkdirSync('test-results', { recursive: true });
rmSync('test-results/unit.json', { force: true });
const unitOk = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/unit.json',
]);
if (existsSync('test-results/unit.json')) {
  const unit = JSON.parse(readFileSync('test-results/unit.json', 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  if (unit.numFailedTests > 0) failures.push(`unit: ${unit.numFailedTests} failed`);
  if (!unitOk && unit.numFailedTests === 0) record('unit: vitest run', false);
} else record('unit: vitest produced no report', false);

heading(`end-to-end tests (${engines.found.join(', ') || 'no engine'})`);
if (built && engines.found.length) {
  rmSync('test-results/e2e.json', { force: true });
  const projects = engines.found.flatMap((name) => ['--project', name]);
  const e2eOk = run(bin('playwright'), ['test', ...projects], { ...process.env, ...engines.env });
  if (existsSync('test-results/e2e.json')) {
    const { stats } = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    if (stats.unexpected > 0) failures.push(`e2e: ${stats.unexpected} failed`);
    if (stats.skipped > 0) record(`e2e: ${stats.skipped} skipped (skipped tests are defects here)`, false);
    if (!e2eOk && stats.unexpected === 0) record('e2e: playwright run', false);
    heading('browser support matrix');
    record(
      'README browser support matrix generated from this run',
      run('node', ['scripts/support-matrix.mjs', '--check']),
    );
  } else record('e2e: Playwright produced no report', false);
} else {
  record(built ? 'e2e: not run, no engine found' : 'e2e: not run, the build failed', false);
}

heading('summary');
if (failures.length) console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
