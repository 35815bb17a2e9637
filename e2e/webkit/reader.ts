import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import { test as base, expect } from '@playwright/test';
import { Lab } from '../fixtures.js';

// WebKit (WebKitGTK, Safari's engine) over W3C WebDriver: Playwright drives only its own WebKit build, which cannot be
// downloaded here, so these tests drive Debian's MiniBrowser through WebKitWebDriver with selenium-webdriver. The
// Playwright runner still runs them (one report, one webServer setup), with fixtures of their own: `reader` in place
// of `page`. What the platform notes (§7) and our own probes found:
// - MiniBrowser needs a display: an Xvfb of our own, on a display it picks (-displayfd), stopped by its PID.
// - With --automation, MiniBrowser keeps its data in memory: every session is a fresh profile (no worker, caches,
//   IndexedDB or cookies of an earlier test), as a Playwright context is.
// - One session per driver; a session starts in about 250 ms.
// - WebDriver sees no network: requests are counted at the origin (the lab server's log), and a navigation's cache
//   verdict is read from its Server-Timing entry, which WebKit exposes for worker answers too.

/** Where scripts/find-engines.mjs found the engine; Debian's paths when run alone. */
const MINIBROWSER = process.env.SW_ISR_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WEBDRIVER = process.env.SW_ISR_WEBKIT_DRIVER || 'WebKitWebDriver';

const running = (child: ChildProcess) =>
  child.pid !== undefined && child.exitCode === null && child.signalCode === null;

/** Signals a process started with `detached: true` and everything it started (its process group), if still there. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!running(child)) return;
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Ends such a process group: SIGTERM, then SIGKILL after 2 s (MiniBrowser is in the driver's group). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (running(child)) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  signalGroup(child, 'SIGKILL');
}

/** Rejects when a process cannot be started (a missing binary), rather than crashing the test worker. */
function failed(child: ChildProcess, name: string): Promise<never> {
  return new Promise((_, reject) =>
    child.once('error', (error) => reject(new Error(`${name} could not be started: ${error.message}`))),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Xvfb on a display of its choosing, and WebKitWebDriver on a free port drawing on it. */
async function startEngine(): Promise<{ url: string; stop: () => Promise<void> }> {
  const xvfb = spawn(
    process.env.SW_ISR_XVFB || 'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true },
  );
  const xvfbFailed = failed(xvfb, 'Xvfb');
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfbFailed.catch(reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  const port = await freePort();
  const driver = spawn(WEBDRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
    detached: true,
  });
  let driverError: Error | null = null;
  failed(driver, WEBDRIVER).catch((error: Error) => (driverError = error));
  const stop = async () => {
    await stopGroup(driver);
    await stopGroup(xvfb);
  };
  // Should the test worker exit without tearing down, the processes go with it (only those still running, so a
  // reused PID is never hit).
  process.once('exit', () => {
    for (const child of [driver, xvfb]) signalGroup(child, 'SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ;) {
    if (driverError) {
      await stop();
      throw driverError;
    }
    if (
      await fetch(`${url}/status`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    if (Date.now() - started > 10_000) {
      await stop();
      throw new Error(`${WEBDRIVER} did not answer on ${url} within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, stop };
}

/** The cache verdict of the document on display, from its navigation's Server-Timing entry (`sw-isr;desc="HIT 3"`). */
function verdict(): string | null {
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const entry = navigation?.serverTiming?.find((timing) => timing.name === 'sw-isr');
  return entry ? entry.description.split(' ')[0]! : null;
}

/** A reader at a WebKit window: the few things the tests do, over WebDriver. */
export class Reader {
  constructor(readonly driver: WebDriver) {}

  /** Opens a URL in the current window and returns the worker's verdict on it (null when no worker answered). */
  async goto(url: string): Promise<string | null> {
    await this.driver.get(url);
    return this.evaluate(verdict);
  }

  /**
   * A reader's reload, and the worker's verdict on it. WebKitGTK sends it to the worker as any navigation (cache mode
   * `default`, where Chromium and Firefox say `no-cache`): see the reload test.
   */
  async reload(): Promise<string | null> {
    await this.driver.navigate().refresh();
    return this.evaluate(verdict);
  }

  /** Runs a function in the page and returns its result (a promise is awaited). */
  async evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return (await this.driver.executeScript(`return (${fn.toString()}).apply(null, arguments)`, arg)) as R;
  }

  /** Waits until a function run in the page returns something truthy, and returns it. */
  async waitFor<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, timeout = 10_000): Promise<R> {
    const until = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg).catch(() => undefined);
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${fn.toString()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The first visit: the worker installs, takes control and has stored this page. */
  async firstVisit(url: string): Promise<void> {
    await this.driver.get(url);
    await this.waitFor(
      () =>
        navigator.serviceWorker.controller !== null &&
        window.swIsr !== undefined &&
        window.swIsr.getSnapshot().fetchedAt !== null,
    );
  }

  text(selector = '#content'): Promise<string> {
    return this.evaluate((css) => document.querySelector(css)?.textContent ?? '', selector);
  }

  /** Whether the banner's button of that name is on show (inside the banner's shadow root). */
  bannerButton(name: string): Promise<boolean> {
    return this.evaluate((label) => {
      const buttons = [...(document.querySelector('sw-isr-banner')?.shadowRoot?.querySelectorAll('button') ?? [])];
      return buttons.some((button) => button.textContent === label && button.checkVisibility());
    }, name);
  }

  /** Waits until the banner shows its button of that name. */
  async waitForBanner(name: string, timeout = 10_000): Promise<void> {
    await this.waitFor(
      (label) => {
        const buttons = [...(document.querySelector('sw-isr-banner')?.shadowRoot?.querySelectorAll('button') ?? [])];
        return buttons.some((button) => button.textContent === label && button.checkVisibility());
      },
      name,
      timeout,
    );
  }

  /** Clicks the banner's button of that name as a reader does: a WebDriver click on the element, once it shows. */
  async clickBanner(name: string): Promise<void> {
    await this.waitForBanner(name);
    const button = await this.driver.executeScript(
      (label: string) =>
        [...(document.querySelector('sw-isr-banner')?.shadowRoot?.querySelectorAll('button') ?? [])].find(
          (b) => b.textContent === label,
        ),
      name,
    );
    if (!button) throw new Error(`no banner button "${name}"`);
    await (button as import('selenium-webdriver').WebElement).click();
  }

  /** Opens a new tab (same profile: same worker, caches and channel) at a URL; returns its handle. */
  async openTab(url: string): Promise<string> {
    await this.driver.switchTo().newWindow('tab');
    await this.driver.get(url);
    return this.driver.getWindowHandle();
  }

  switchTo(handle: string): Promise<void> {
    return this.driver.switchTo().window(handle);
  }

  /** Names of the entries stored in Cache Storage under a cache, as paths. */
  stored(cacheName = 'sw-isr-pages-v1'): Promise<string[]> {
    return this.evaluate(async (name) => {
      const cache = await caches.open(name);
      return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
    }, cacheName);
  }

  find(css: string) {
    return this.driver.findElement(By.css(css));
  }
}

export const test = base.extend<{ reader: Reader; lab: Lab }, { webdriverUrl: string }>({
  webdriverUrl: [
    async ({}, use) => {
      const engine = await startEngine();
      await use(engine.url);
      await engine.stop();
    },
    { scope: 'worker' },
  ],
  reader: async ({ webdriverUrl }, use) => {
    const driver = await new Builder()
      .usingServer(webdriverUrl)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        // The default ("dismiss and notify") turns any dialog into an error of the next command.
        unhandledPromptBehavior: 'ignore',
      })
      .build();
    await driver.manage().setTimeouts({ script: 15_000, pageLoad: 15_000 });
    try {
      await use(new Reader(driver));
    } finally {
      await driver.quit();
    }
  },
  lab: async ({}, use, testInfo) => {
    const lab = new Lab(testInfo.testId);
    await use(lab);
    // A test that failed while offline must not leave the next one without a network.
    await lab.setOffline(null, false);
  },
});

export { expect };
