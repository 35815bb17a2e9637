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
 * Each engine: what it needs (every path must exist), where to look, and the Debian packages that bring it.
 * @type {{ name: 'chromium' | 'firefox' | 'webkit', packages: string[], find: () => Record<string, string | null> }[]}
 */
const ENGINES = [
  {
    name: 'chromium',
    packages: ['chromium'],
    find: () => ({
      SW_ISR_CHROMIUM:
        process.env.SW_ISR_CHROMIUM ||
        first(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium']),
    }),
  },
  {
    name: 'firefox',
    packages: ['firefox-esr'],
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
  const lacking = results.filter(({ found }) => !complete(found));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && lacking.length && isRoot && existsSync('/usr/bin/apt-get')) {
    const packages = lacking.flatMap(({ engine }) => engine.packages);
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', ...packages]))
      results = wanted.map((engine) => ({ engine, found: engine.find() }));
  }
  /** @type {Record<string, string>} */
  const env = {};
  const found = [];
  const missing = [];
  for (const { engine, found: paths } of results) {
    if (complete(paths)) {
      found.push(engine.name);
      for (const [key, path] of Object.entries(paths)) if (path) env[key] = path;
    } else {
      const absent = Object.entries(paths)
        .filter(([, path]) => !path || !existsSync(path))
        .map(([key]) => key);
      missing.push({
        name: engine.name,
        hint: `${engine.name}: not found (${absent.join(', ')}). Install it with: sudo apt-get install -y ${engine.packages.join(' ')} (Debian, Ubuntu), or point ${absent.join(' / ')} at it.`,
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
