import { defineConfig } from '@playwright/test';
import { DEMO_PORT, LAB_PORT } from './e2e/ports.js';

/**
 * Three engines. Chromium and Firefox run every spec under e2e/ through Playwright; WebKit (WebKitGTK, Safari's
 * engine) runs the reader scenarios under e2e/webkit/ over W3C WebDriver, which Playwright cannot speak to a stock
 * WebKitGTK. scripts/test.mjs finds each engine (scripts/find-engines.mjs) and passes its path here; run alone,
 * Playwright uses Debian's paths.
 */
export default defineConfig({
  testDir: 'e2e',
  // Two cores: a browser's own processes use the second one, and one worker measured faster than two.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${DEMO_PORT}`,
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: 'webkit/**',
      // What Chromium keeps from a worker (Clear-Site-Data, hidden from fetch() responses) carries this tag, with
      // the reason beside it.
      grepInvert: /@firefox-only/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.SW_ISR_CHROMIUM || '/usr/bin/chromium',
          args: ['--disable-gpu', '--disable-quic'],
        },
      },
    },
    {
      name: 'firefox',
      testIgnore: 'webkit/**',
      // Checks only Chromium can make (a CDP call: stopping a worker, overriding the quota, the installability
      // report) carry this tag, with the reason beside each.
      grepInvert: /@chromium-only/,
      // Stock Firefox over WebDriver BiDi (Playwright's own Firefox build cannot be downloaded here). 1.65 sends a
      // BiDi command Firefox ESR 153 lacks, hence the pin of @playwright/test to 1.64.1 (platform notes §7).
      use: {
        browserName: 'firefox',
        channel: 'moz-firefox',
        launchOptions: {
          executablePath: process.env.SW_ISR_FIREFOX || '/usr/bin/firefox-esr',
          // navigator.storage.persist() asks the reader in Firefox, and a prompt nobody answers never settles: these
          // are Firefox's own test prefs to answer it (here: declined, as a reader who says no).
          firefoxUserPrefs: {
            'dom.storageManager.prompt.testing': true,
            'dom.storageManager.prompt.testing.allow': false,
          },
        },
      },
    },
    {
      name: 'webkit',
      testMatch: 'webkit/**/*.spec.ts',
    },
  ],
  webServer: [
    {
      command: `node demo/server.mjs --port ${DEMO_PORT}`,
      url: `http://127.0.0.1:${DEMO_PORT}/index.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      command: `node e2e/lab-server.mjs --port ${LAB_PORT}`,
      url: `http://127.0.0.1:${LAB_PORT}/sw-isr.js`,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
  ],
});
