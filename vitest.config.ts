import { defineConfig } from 'vitest/config';

// Unit tests cover pure logic only; everything that touches the platform is tested in real Chromium (e2e/).
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
