// The README's browser support matrix, generated from an end-to-end run (test-results/e2e.json): a row per feature,
// a column per engine, each cell what that engine's tests of the feature did. `node scripts/support-matrix.mjs`
// writes it into README.md between `<!-- support-matrix:start -->` and `<!-- support-matrix:end -->`; with --check
// (npm test, after its end-to-end run) it writes nothing and fails when the README says otherwise than the run.
// The engine versions line is written but not compared, so a newer browser package alone is no drift.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { findEngines } from './find-engines.mjs';

const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);
const REPORT = 'test-results/e2e.json';

/**
 * Features, each with the tests that prove it: a pattern over "file › title" (file relative to e2e/). Chromium and
 * Firefox run every spec; WebKit runs the reader scenarios of e2e/webkit/. `note` says how an engine differs.
 * @type {{ feature: string, tests: RegExp, note?: string }[]}
 */
const FEATURES = [
  {
    feature: 'First visit installs; next visit is a HIT with no request',
    tests: /^serving\.spec|first visit installs|dropped from the store/,
  },
  {
    feature: 'Stale page answered at once, revalidated once; every tab told',
    tests: /^revalidation\.spec|stale page is answered at once|five tabs/,
  },
  { feature: 'Unchanged page: one 304, no banner', tests: /unchanged page/ },
  { feature: 'Intervals: meta tag, header, defaults', tests: /^intervals\.spec/ },
  {
    feature: 'Origin failures keep the last good page; recovery',
    tests: /^robustness\.spec|origin fails|refresh fails|turns private/,
  },
  {
    feature: "A reader's reload checks the origin",
    tests: /reader's reload/,
    note: 'WebKit sends a reload to the worker as a plain navigation: the stored copy shows at once and the banner brings the new version; Chromium and Firefox wait up to `timeout` s for the network. In WebKit a page whose body differs on every fetch shows the banner again after its reload.',
  },
  {
    feature: 'Offline: visited pages open, others get the offline page',
    tests: /^offline\.spec|network gone|offline, a page neither stored/,
  },
  {
    feature: 'Never stored: no-store, private, 404 and the rest',
    tests: /^storability\.spec|never stored/,
    note: "A page's cookies are seen through the worker's cookieStore, which Firefox ESR 153's worker lacks: there such pages must say Cache-Control: private.",
  },
  {
    feature: 'On demand: the site manifest, revalidatePath/Tag',
    tests: /^static-site\.spec|^demo\.spec.*(manifest|republished)|on demand/,
  },
  { feature: "Precache and the site's offline page", tests: /^precache\.spec|precache:/ },
  { feature: "A page's scripts and styles, kept with it", tests: /^assets\.spec/ },
  {
    feature: 'Page side: banner, morph, focus checks, storage status',
    tests: /^page-side\.spec(?!.*React)|morph keeps/,
    note: 'Firefox asks the reader before `persistStorage()` persists; Chromium decides by engagement.',
  },
  { feature: '`useFreshness()` (React)', tests: /React|useFreshness/ },
  {
    feature: 'Storage budget and eviction',
    tests: /^budget\.spec|storage full/,
    note: 'A full origin is made through CDP: tested in Chromium.',
  },
  { feature: 'Inspector', tests: /^inspector\.spec/ },
  { feature: 'The way out: `sw-isr build --remove`', tests: /^removal\.spec|the way out/ },
  {
    feature: 'Worker updates on hosts that cache everything; the site-updated banner; old names dropped',
    tests: /^updates\.spec|new worker release|two upgrades/,
  },
  {
    feature: 'Logout: `swIsr.clear()`, `Clear-Site-Data`',
    tests: /^logout\.spec|logout|clear\(\)/,
    note: 'Chromium hides `Clear-Site-Data` from every fetch() response, the worker\'s too: there only `swIsr.clear()` and the browser\'s own clearing for `"storage"` apply.',
  },
  {
    feature: "Beside the site's own worker; no replacing it unasked",
    tests: /^beside-worker\.spec|another worker|own worker/,
    note: "WebKitGTK 2.50's workers have no PushEvent (Safari's do): there the site worker's own route is proven, its push listener in Chromium and Firefox. The refusal's console message is read in Chromium and Firefox.",
  },
  {
    feature: 'Bad worker options: defaults used, reported',
    tests: /bad worker options/,
    note: "The console report is read from Chromium's worker console, which only Chromium hands to a test.",
  },
  {
    feature: 'Navigation preload',
    tests: /^navigation-preload\.spec/,
    note: "Auto preload, which sw-isr opts out of, is Chromium's own; its test stops a worker through CDP.",
  },
  {
    feature: 'Astro: a real build with `sw-isr/astro`; client-router reads',
    tests: /^astro\.spec|Astro site/,
  },
  {
    feature: 'Next.js: a real static export with `sw-isr build`; router reads through stored RSC payloads',
    tests: /^next\.spec|Next\.js export/,
  },
  {
    feature: 'PWA: manifest, icons, installability',
    tests: /^pwa\.spec/,
    note: 'Installability is reported through CDP: checked in Chromium.',
  },
];

/** @returns {{ project: string, name: string, ok: boolean }[]} every test of the run, with its outcome. */
function results() {
  if (!existsSync(REPORT)) {
    console.error(`support-matrix: no ${REPORT}; run the whole end-to-end suite first (npm test)`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  /** @type {{ project: string, name: string, ok: boolean }[]} */
  const out = [];
  /** @param {any} suite @param {string[]} titles */
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests)
        out.push({
          project: test.projectName,
          name: `${spec.file.replace(/^e2e\//, '')} › ${[...titles, spec.title].join(' › ')}`,
          ok: test.status === 'expected' || test.status === 'flaky',
        });
    }
    for (const child of suite.suites ?? [])
      walk(child, child.title && !child.title.endsWith('.ts') ? [...titles, child.title] : titles);
  };
  for (const suite of report.suites) walk(suite, []);
  return out;
}

/** @param {string} command @param {string[]} args */
const version = (command, args) => spawnSync(command, args, { encoding: 'utf8' }).stdout?.trim().split('\n')[0] ?? '';

function versions() {
  const { env } = findEngines(undefined, { install: false });
  const chromium = env.SW_ISR_CHROMIUM
    ? version(env.SW_ISR_CHROMIUM, ['--version']).replace(/ built on.*/, '')
    : 'Chromium: not found';
  const firefox = env.SW_ISR_FIREFOX ? version(env.SW_ISR_FIREFOX, ['--version']) : 'Firefox: not found';
  // MiniBrowser has no --version: the version of the Debian package that ships the one found.
  const owner = env.SW_ISR_MINIBROWSER
    ? (version('dpkg-query', ['-S', env.SW_ISR_MINIBROWSER]).split(':')[0] ?? '')
    : '';
  const webkit = owner ? version('dpkg-query', ['-W', '-f', '${Version}', owner]) : '';
  return `${chromium}; ${firefox}; WebKitGTK ${webkit.replace(/-.*/, '') || '(version unknown)'} (MiniBrowser, Safari's engine)`;
}

/** @param {ReturnType<typeof results>} all */
function matrix(all) {
  const unmatched = all.filter((test) => !FEATURES.some(({ tests }) => tests.test(test.name)));
  if (unmatched.length)
    throw new Error(
      `tests in no feature of scripts/support-matrix.mjs:\n  ${[...new Set(unmatched.map((test) => test.name))].join('\n  ')}`,
    );
  const rows = FEATURES.map(({ feature, tests, note }) => {
    const cells = ENGINES.map((engine) => {
      const ran = all.filter((test) => test.project === engine && tests.test(test.name));
      const failed = ran.filter((test) => !test.ok).length;
      if (!ran.length) return '— not run here';
      return failed ? `✗ ${failed} of ${ran.length} fail` : `✓ passes (${ran.length})`;
    });
    return `| ${feature} | ${cells.join(' | ')} | ${note ?? ''} |`;
  });
  return [
    '| feature | Chromium | Firefox | WebKit | how engines differ |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const START = '<!-- support-matrix:start -->';
const END = '<!-- support-matrix:end -->';
const VERSIONS = /^Engines of the last generated run: .*$/m;

const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from === -1 || to === -1) throw new Error(`README.md has no ${START} … ${END} section`);
const section = `${START}\nEngines of the last generated run: ${versions()}.\n\n${matrix(results())}\n${END}`;
const next = readme.slice(0, from) + section + readme.slice(to + END.length);

if (process.argv.includes('--check')) {
  const strip = (/** @type {string} */ text) => text.replace(VERSIONS, '');
  if (strip(next) !== strip(readme)) {
    console.log(
      '✘ README browser support matrix differs from this run: run `node scripts/support-matrix.mjs` after a full `npm test`, and review the change',
    );
    process.exit(1);
  }
  console.log('✓ README browser support matrix matches this run');
} else {
  writeFileSync('README.md', next);
  console.log('README.md: browser support matrix written');
}
