import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { expect, it } from 'vitest';
import type { SiteManifest } from '../shared/site-manifest.js';
import swIsr from './astro-integration.js';
import { PREBUILT } from './build-site.js';

it("is an Astro integration that builds Astro's output with Astro's base, its chunks precached", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sw-isr-astro-'));
  const prebuiltDir = await mkdtemp(join(tmpdir(), 'sw-isr-prebuilt-'));
  try {
    for (const file of PREBUILT) await writeFile(join(prebuiltDir, file), `// ${file}`);
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'router.js'), 'export {};');
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Home</title><body>home</body>');
    // Typed as Astro's own (5.18): what a user's astro.config.ts checks.
    const integration: AstroIntegration = swIsr({ revalidate: 30, prebuiltDir, cacheDir: false });
    const said: string[] = [];
    const logger = { info: (message: string) => said.push(message), warn: (message: string) => said.push(message) };
    const hooks = integration.hooks as ReturnType<typeof swIsr>['hooks'];
    hooks['astro:config:done']({ config: { base: '/blog', build: { assets: 'assets' } } });
    await hooks['astro:build:done']({ dir: pathToFileURL(`${dir}/`), logger });

    const manifest = JSON.parse(await readFile(join(dir, 'isr-manifest.json'), 'utf8')) as SiteManifest;
    expect(manifest.base).toBe('/blog/');
    expect(manifest.precache).toEqual(['/blog/assets/router.js']);
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain('src="/blog/sw-isr.js"');
    expect(said[0]).toBe(`1 pages, manifest and worker written to ${dir}/`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(prebuiltDir, { recursive: true, force: true });
  }
});
