// Finds the three browser engines the end-to-end tests run in, or gets them: Chromium, Firefox (ESR, driven by
// Playwright over WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser, driven by WebKitWebDriver under an Xvfb
// display). An environment variable wins (SW_ISR_CHROMIUM, SW_ISR_FIREFOX, SW_ISR_MINIBROWSER, SW_ISR_WEBKIT_DRIVER);
// else Debian's paths. What is missing is installed from Debian's packages when running as root, in one apt-get call;
// otherwise the exact command is printed. A missing engine is reported, never skipped: scripts/test.mjs counts it as
// a failure. Run alone (`node scripts/find-engines.mjs`), it prints what it found as JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The MiniBrowser that libwebkit2gtk ships, under its multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu, …). */
function miniBrowser() {
  for (const lib of ['/usr/lib', '/usr/libexec']) {
    if (!existsSync(lib)) continue;
    for (const arch of ['', ...readdirSync(lib)]) {
      for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
        const path = `${lib}/${arch ? `${arch}/` : ''}${api}/MiniBrowser`;
        if (existsSync(path)) return path;
      }
    }
  }
  return null;
}

/** @param {string[]} paths */
const first = (paths) => paths.find((path) => existsSync(path)) ?? null;

/**
 * Each engine: what it needs (every path must exist), where to look, the Debian packages that bring it, and for the
 * browsers the oldest major version the suite is proven on (`minimum`, read from the path in `versioned` by
 * `--version`). An older one found at Debian's path counts as missing, so that it is upgraded: a machine whose package
 * lists had not been updated installed Chromium 150 and Firefox ESR 140, which Playwright 1.64.1 cannot drive
 * ("Protocol error (network.addDataCollector): unknown command" at every Firefox launch); Chromium 150 failed one
 * offline test. A browser named by its environment variable is taken as it is.
 * @type {{ name: 'chromium' | 'firefox' | 'webkit', packages: string[], find: () => Record<string, string | null>,
 *   versioned?: string, minimum?: number }[]}
 */
const ENGINES = [
  {
    name: 'chromium',
    packages: ['chromium'],
    versioned: 'SW_ISR_CHROMIUM',
    minimum: 156,
    find: () => ({
      SW_ISR_CHROMIUM:
        process.env.SW_ISR_CHROMIUM ||
        first(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium']),
    }),
  },
  {
    name: 'firefox',
    packages: ['firefox-esr'],
    versioned: 'SW_ISR_FIREFOX',
    minimum: 153,
    find: () => ({ SW_ISR_FIREFOX: process.env.SW_ISR_FIREFOX || first(['/usr/bin/firefox-esr', '/usr/bin/firefox']) }),
  },
  {
    name: 'webkit',
    packages: ['webkit2gtk-driver', 'xvfb'],
    find: () => ({
      SW_ISR_MINIBROWSER: process.env.SW_ISR_MINIBROWSER || miniBrowser(),
      SW_ISR_WEBKIT_DRIVER: process.env.SW_ISR_WEBKIT_DRIVER || first(['/usr/bin/WebKitWebDriver']),
      SW_ISR_XVFB: process.env.SW_ISR_XVFB || first(['/usr/bin/Xvfb']),
    }),
  },
];

/** @param {Record<string, string | null>} found */
const complete = (found) => Object.values(found).every((path) => path && existsSync(path));

/**
 * The major version of a browser found at Debian's path that is older than `minimum`, or null (new enough, named by
 * its environment variable, or not found). `--version` prints e.g. "Chromium 156.0.8078.114 built on Debian" or
 * "Mozilla Firefox 153.8.0esr".
 * @param {(typeof ENGINES)[number]} engine @param {Record<string, string | null>} found
 */
function tooOld(engine, found) {
  const path = engine.versioned && found[engine.versioned];
  if (!path || !engine.minimum || process.env[engine.versioned ?? ''] || !existsSync(path)) return null;
  let major = majors.get(path);
  if (major === undefined) {
    const printed = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout ?? '';
    major = Number(/(\d+)\.\d+/.exec(printed)?.[1]);
    // Unreadable (a failing or silent --version): taken as it is, said once, and left to the tests to judge.
    if (Number.isNaN(major))
      console.error(`find-engines: could not read the version of ${path} (--version printed "${printed.trim()}")`);
    majors.set(path, major);
  }
  return major < engine.minimum ? major : null;
}
/** Versions read, by path: reading one starts the browser. Forgotten after an install, which may upgrade it. */
const majors = new Map();

/** @param {(typeof ENGINES)[number]} engine @param {Record<string, string | null>} found */
const usable = (engine, found) => complete(found) && tooOld(engine, found) === null;

/** @param {string} command @param {string[]} args */
function run(command, args) {
  console.error(`find-engines: ${command} ${args.join(' ')}`);
  return (
    spawnSync(command, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0
  );
}

/**
 * @param {string[]} [names] the engines wanted (all three by default)
 * @param {{ install?: boolean }} [how] `install: false` only looks (the matrix script reads versions, never installs)
 * @returns {{ env: Record<string, string>, found: string[], missing: { name: string, hint: string }[] }} the
 * environment that points the tests at each engine found, and what is missing with the command that would bring it.
 */
export function findEngines(names = ENGINES.map((engine) => engine.name), { install = true } = {}) {
  const wanted = ENGINES.filter((engine) => names.includes(engine.name));
  let results = wanted.map((engine) => ({ engine, found: engine.find() }));
  const lacking = results.filter(({ engine, found }) => !usable(engine, found));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let installed = false;
  if (install && lacking.length && isRoot && existsSync('/usr/bin/apt-get')) {
    const packages = lacking.flatMap(({ engine }) => engine.packages);
    installed = run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', ...packages]);
    if (installed) results = wanted.map((engine) => ({ engine, found: engine.find() }));
    majors.clear();
  }
  /** @type {Record<string, string>} */
  const env = {};
  const found = [];
  const missing = [];
  for (const { engine, found: paths } of results) {
    const old = complete(paths) ? tooOld(engine, paths) : null;
    if (complete(paths) && old === null) {
      found.push(engine.name);
      for (const [key, path] of Object.entries(paths)) if (path) env[key] = path;
    } else if (old !== null) {
      missing.push({
        name: engine.name,
        hint: `${engine.name}: version ${old} found, the tests need ${engine.minimum} or newer. ${installed ? `apt-get's newest is that one: add Debian's security and updates sources, or` : `Upgrade it with: sudo apt-get update && sudo apt-get install -y ${engine.packages.join(' ')} (Debian, Ubuntu), or`} point ${engine.versioned} at a newer one.`,
      });
    } else {
      const absent = Object.entries(paths)
        .filter(([, path]) => !path || !existsSync(path))
        .map(([key]) => key);
      missing.push({
        name: engine.name,
        hint: `${engine.name}: not found (${absent.join(', ')}). Install it with: sudo apt-get update && sudo apt-get install -y ${engine.packages.join(' ')} (Debian, Ubuntu), or point ${absent.join(' / ')} at it.`,
      });
    }
  }
  return { env, found, missing };
}

/** Chromium alone, for the benchmarks (they measure through CDP); exits with the command to run when there is none. */
export async function findChromium() {
  const { env, missing } = findEngines(['chromium']);
  if (env.SW_ISR_CHROMIUM) return env.SW_ISR_CHROMIUM;
  console.error(`find-engines: ${missing[0]?.hint}`);
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = findEngines();
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.missing.length ? 1 : 0);
}
