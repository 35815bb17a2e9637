import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';

const root = import.meta.dirname;

/**
 * One config, three builds chosen by `--mode` (`npm run build` runs all three):
 * - `worker`: dist/sw-isr-worker.js, the self-contained classic worker (workbox and idb inlined);
 * - `client`: dist/sw-isr.js, the dependency-free script-tag client;
 * - `lib`: dist/lib/*, the ES modules behind the package's subpath exports, dependencies left external.
 */
export default defineConfig(({ mode }): UserConfig => {
  const common: UserConfig = {
    // Workbox reads process.env.NODE_ENV, which library builds leave alone; unreplaced, the worker throws at start.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { target: 'es2022', emptyOutDir: false, outDir: resolve(root, 'dist'), minify: true, sourcemap: false },
  };
  if (mode === 'worker' || mode === 'client') {
    const entry = mode === 'worker' ? 'src/sw/worker-entry.ts' : 'src/client/script-tag.ts';
    return {
      ...common,
      build: {
        ...common.build,
        lib: { entry: resolve(root, entry), formats: ['iife'], name: mode === 'worker' ? 'swIsrWorker' : 'swIsrClient', fileName: () => (mode === 'worker' ? 'sw-isr-worker.js' : 'sw-isr.js') },
      },
    };
  }
  if (mode === 'lib') {
    return {
      ...common,
      build: {
        ...common.build,
        outDir: resolve(root, 'dist/lib'),
        minify: false,
        lib: {
          entry: { sw: resolve(root, 'src/sw/index.ts'), client: resolve(root, 'src/client/index.ts') },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rolldownOptions: { external: [/^workbox-/, 'idb', 'react'] },
      },
    };
  }
  throw new Error(`vite.config.ts: unknown mode "${mode}"; use --mode worker, client or lib`);
});
