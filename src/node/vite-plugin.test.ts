import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { expect, it } from 'vitest';
import type { ManifestHead } from '../shared/site-manifest.js';
import { readPreviousManifest } from './manifest-files.js';
import { PREBUILT } from './build-site.js';
import { swIsr } from './vite-plugin.js';

it('makes a Vite multi-page build an ISR site: tag in every page, prebuilt files, manifest of the output', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sw-isr-vite-'));
  const prebuiltDir = await mkdtemp(join(tmpdir(), 'sw-isr-prebuilt-'));
  for (const file of PREBUILT) await writeFile(join(prebuiltDir, file), `// ${file}`);
  await writeFile(join(root, 'main.js'), 'document.title += " (js)";');
  await writeFile(
    join(root, 'index.html'),
    '<!doctype html><html><head><title>Home</title><script type="module" src="./main.js"></script></head><body>home</body></html>',
  );
  await writeFile(
    join(root, 'about.html'),
    '<!doctype html><html><head><title>About</title><meta name="isr:tags" content="info"></head><body>about</body></html>',
  );
  await build({
    root,
    base: '/app/',
    logLevel: 'silent',
    configFile: false,
    build: {
      outDir: 'out',
      rolldownOptions: { input: { index: join(root, 'index.html'), about: join(root, 'about.html') } },
    },
    plugins: [swIsr({ revalidate: 30, prebuiltDir, cacheDir: false })],
  });
  const out = join(root, 'out');
  expect((await readdir(out)).sort()).toEqual([
    '_headers',
    'about.html',
    'assets',
    'index.html',
    'isr-manifest',
    'isr-manifest.json',
    'sw-isr-banner.js',
    'sw-isr-inspector.js',
    'sw-isr-morph.js',
    'sw-isr-routers.js',
    'sw-isr-worker.js',
    'sw-isr.js',
  ]);
  const index = await readFile(join(out, 'index.html'), 'utf8');
  expect(index).toContain(
    '<script src="/app/sw-isr.js" data-worker="/app/sw-isr-worker.js" data-scope="/app/" data-revalidate="30" defer></script>',
  );
  expect(index).toMatch(/<script type="module" crossorigin src="\/app\/assets\/index-[\w-]+\.js"><\/script>/);
  const manifest = JSON.parse(await readFile(join(out, 'isr-manifest.json'), 'utf8')) as ManifestHead;
  expect(manifest.base).toBe('/app/');
  const { pages } = (await readPreviousManifest(out, '/app/'))!;
  expect(Object.keys(pages).sort()).toEqual(['/app/about.html', '/app/index.html']);
  expect(pages['/app/about.html']).toMatchObject({ revalidate: 30, tags: ['info'] });
  expect(pages['/app/index.html']!.hash).toBe(createHash('sha256').update(index).digest('hex'));
  // The build's chunks are precached by default, with their hashes as revisions.
  const [chunk] = (await readdir(join(out, 'assets'))).filter((name) => name.endsWith('.js'));
  expect(manifest.precache).toEqual([`/app/assets/${chunk}`]);
  expect(manifest.assets).toEqual({
    [`/app/assets/${chunk}`]: createHash('sha256')
      .update(await readFile(join(out, 'assets', chunk!)))
      .digest('hex'),
  });
  await rm(root, { recursive: true, force: true });
  await rm(prebuiltDir, { recursive: true, force: true });
});
