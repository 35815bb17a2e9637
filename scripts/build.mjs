// npm run build: the prebuilt drop-in files, the library modules and their type declarations, into dist/.
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build } from 'vite';

const started = performance.now();
rmSync('dist', { recursive: true, force: true });
for (const mode of [
  'worker',
  'worker-off',
  'client',
  'client-off',
  'banner',
  'morph',
  'inspector',
  'routers',
  'lib',
  'node',
  'demo',
]) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
for (const side of ['sw', 'client', 'node']) {
  const result = spawnSync(
    'node_modules/.bin/tsc',
    [
      '-p',
      `src/${side}`,
      '--noEmit',
      'false',
      '--declaration',
      '--emitDeclarationOnly',
      '--rootDir',
      'src',
      '--outDir',
      'dist/types',
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
for (const file of [
  'dist/sw-isr.js',
  'dist/sw-isr-banner.js',
  'dist/sw-isr-morph.js',
  'dist/sw-isr-inspector.js',
  'dist/sw-isr-routers.js',
  'dist/sw-isr-worker.js',
]) {
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`${file}: ${(statSync(file).size / 1024).toFixed(1)} KB min, ${(gz / 1024).toFixed(2)} KB min+gzip`);
}
console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
