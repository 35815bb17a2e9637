import { resolve } from 'node:path';
import { minify } from 'terser';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { swIsr } from './src/node/vite-plugin.js';

const root = import.meta.dirname;

/**
 * Terser after Rolldown's own minifier, on the prebuilt files only: the two in a row measured 223 B (1.4%) less than
 * Rolldown's alone on the worker's min+gzip (16,388 → 16,165 B), where terser in its place saved 24 B; on the
 * script tag 7 B. `generateBundle` sees the chunks Rolldown has minified already.
 */
function terserAfter(): Plugin {
  return {
    name: 'sw-isr:terser-after',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // With a source map (bench/worker-size.mjs attributes bytes by it), terser maps onto Rolldown's.
        const { map } = chunk;
        const result = await minify(chunk.code, {
          compress: { passes: 2 },
          sourceMap: map ? { content: JSON.stringify(map), asObject: true } : false,
        });
        chunk.code = result.code!;
        if (map && result.map) Object.assign(map, result.map);
      }
    },
  };
}

/**
 * One config, builds chosen by `--mode` (`npm run build` runs them all):
 * - `worker`: dist/sw-isr-worker.js, the self-contained classic worker (workbox and idb inlined);
 * - `worker-off`, `client-off`: dist/sw-isr-off-worker.js and dist/sw-isr-off.js, the way out (`--remove`);
 * - `client`: dist/sw-isr.js, the dependency-free script-tag client;
 * - `banner`: dist/sw-isr-banner.js, loaded by the script tag unless data-banner="off";
 * - `morph`: dist/sw-isr-morph.js, loaded by the script tag only for data-update="morph";
 * - `inspector`: dist/sw-isr-inspector.js, loaded by the script tag only for data-inspector;
 * - `routers`: dist/sw-isr-routers.js, loaded by the script tag only on a page with a client-side router to follow;
 * - `lib`: dist/lib/*, the ES modules behind the package's subpath exports, dependencies left external;
 * - `node`: dist/node/*, the `sw-isr` command, the Vite plugin and the Astro integration;
 * - `demo`: dist/demo/*, the demo's React page.
 */
export default defineConfig(({ mode }): UserConfig => {
  const common: UserConfig = {
    // Workbox reads process.env.NODE_ENV, which library builds leave alone; unreplaced, the worker throws at start.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { target: 'es2022', emptyOutDir: false, outDir: resolve(root, 'dist'), minify: true, sourcemap: false },
  };
  const prebuilt: Record<string, [entry: string, file: string]> = {
    worker: ['src/sw/worker-entry.ts', 'sw-isr-worker.js'],
    'worker-off': ['src/sw/off-entry.ts', 'sw-isr-off-worker.js'],
    'client-off': ['src/client/off-script.ts', 'sw-isr-off.js'],
    client: ['src/client/script-tag.ts', 'sw-isr.js'],
    banner: ['src/client/banner-entry.ts', 'sw-isr-banner.js'],
    morph: ['src/client/morph-entry.ts', 'sw-isr-morph.js'],
    inspector: ['src/client/inspector-entry.ts', 'sw-isr-inspector.js'],
    routers: ['src/client/routers-entry.ts', 'sw-isr-routers.js'],
  };
  const target = prebuilt[mode];
  if (target) {
    return {
      ...common,
      plugins: [terserAfter()],
      build: {
        ...common.build,
        lib: {
          entry: resolve(root, target[0]),
          formats: ['iife'],
          name: `swIsr_${mode.replace('-', '_')}`,
          fileName: () => target[1],
        },
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
          entry: {
            sw: resolve(root, 'src/sw/index.ts'),
            client: resolve(root, 'src/client/index.ts'),
            react: resolve(root, 'src/client/react.ts'),
            inspector: resolve(root, 'src/client/inspector-index.ts'),
          },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rolldownOptions: { external: [/^workbox-/, 'idb', /^react($|\/)/] },
      },
    };
  }
  if (mode === 'node') {
    // The CLI and the Vite plugin, for Node: node built-ins and vite stay external.
    return {
      ...common,
      build: {
        ...common.build,
        outDir: resolve(root, 'dist/node'),
        ssr: true,
        target: 'node20',
        minify: false,
        rolldownOptions: {
          input: {
            'sw-isr': resolve(root, 'src/node/sw-isr.ts'),
            vite: resolve(root, 'src/node/vite.ts'),
            astro: resolve(root, 'src/node/astro.ts'),
          },
          output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', format: 'es' },
          external: [/^node:/, /^vite($|\/)/],
        },
      },
    };
  }
  if (mode === 'demo') {
    // The demo's React page, built as an ordinary Vite page with the sw-isr plugin (the page registers the worker
    // itself, so no script tag); demo/server.mjs serves it as an ISR page, and its live manifest.
    return {
      ...common,
      root: resolve(root, 'demo'),
      base: '/',
      plugins: [swIsr({ inject: false, revalidate: 20, prebuiltDir: resolve(root, 'dist') })],
      build: {
        ...common.build,
        outDir: resolve(root, 'dist/demo'),
        rolldownOptions: { input: { react: resolve(root, 'demo/react.html') } },
      },
    };
  }
  throw new Error(
    `vite.config.ts: unknown mode "${mode}"; use --mode worker, worker-off, client, client-off, banner, morph, inspector, routers, lib, node or demo`,
  );
});
