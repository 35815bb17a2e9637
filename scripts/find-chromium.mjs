// Finds a Chromium for the end-to-end tests, or gets one: SW_ISR_CHROMIUM (or CHROMIUM_PATH) when set, else
// Debian's chromium, else Playwright's own download; with none, installs Debian's package when running as root,
// else tries `playwright install chromium`. Prints the path found; exits non-zero with the command to run otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** @returns {Promise<string | null>} */
async function playwrightChromium() {
  try {
    const { chromium } = await import('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** @returns {Promise<string | null>} */
async function look() {
  return SYSTEM.find((path) => existsSync(path)) ?? (await playwrightChromium());
}

/** @param {string} command @param {string[]} args */
function run(command, args) {
  console.error(`find-chromium: ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

/** @returns {Promise<string>} the browser's path; exits the process when there is none to be had. */
export async function findChromium() {
  const override = process.env.SW_ISR_CHROMIUM || process.env.CHROMIUM_PATH;
  if (override) {
    if (existsSync(override)) return override;
    console.error(`find-chromium: SW_ISR_CHROMIUM / CHROMIUM_PATH is "${override}", which does not exist.`);
    process.exit(1);
  }
  const found = await look();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
      const installed = await look();
      if (installed) return installed;
    }
  } else {
    run('npx', ['playwright', 'install', 'chromium']);
    const installed = await look();
    if (installed) return installed;
  }
  console.error(`find-chromium: no Chromium found and none could be installed. Run one of:
  sudo apt-get install -y chromium          (Debian, Ubuntu)
  npx playwright install chromium           (where Playwright's download is reachable)
or point SW_ISR_CHROMIUM at a Chromium or Chrome binary.`);
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await findChromium());
