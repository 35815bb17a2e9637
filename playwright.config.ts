import { defineConfig } from '@playwright/test';
import { DEMO_PORT, LAB_PORT } from './e2e/ports.js';

export default defineConfig({
  testDir: 'e2e',
  // Two cores: Chromium's own processes use the second one, and one worker measured faster than two.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${DEMO_PORT}`,
    serviceWorkers: 'allow',
    launchOptions: {
      // scripts/test.mjs finds the browser and sets this; run alone, Playwright looks for Debian's chromium.
      executablePath: process.env.SW_ISR_CHROMIUM || '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-quic'],
    },
    trace: 'retain-on-failure',
  },
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
