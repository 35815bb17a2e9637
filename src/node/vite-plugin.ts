import { resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { buildSite, builtChunks, type BuildSiteOptions } from './build-site.js';
import { headersNote } from './host-headers.js';

export type SwIsrPluginOptions = Omit<BuildSiteOptions, 'dir' | 'base' | 'dryRun'>;

/**
 * `sw-isr/vite`: after `vite build`, does what `sw-isr build` does to the output folder: the prebuilt worker and
 * client next to the pages, the script tag in every HTML page (unless `inject: false`, for apps that register the
 * worker themselves), and `isr-manifest.json`. The site's base comes from Vite's `base`.
 *
 * `precache` defaults to every chunk and stylesheet of the build (`<assetsDir>/**\/*.{js,mjs,css}`): a chunk that is
 * only imported lazily is in no page's markup, and after a deploy deletes it, an open tab that imports it needs
 * the stored copy. Pass `[]` to store only what pages reference.
 */
export function swIsr(options: SwIsrPluginOptions = {}): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'sw-isr',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      if (config.build.ssr) return;
      const base = config.base.startsWith('/') ? config.base : '/';
      const dir = resolve(config.root, config.build.outDir);
      const precache = options.precache ?? builtChunks(dir, config.build.assetsDir);
      const report = await buildSite({ ...options, precache, dir, base });
      config.logger.info(`sw-isr: ${report.pages} pages, manifest and worker written to ${dir}`);
      if (report.headers) config.logger.info(headersNote(report.headers).trimEnd());
    },
  };
}
