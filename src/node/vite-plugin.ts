import { resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { buildSite, type BuildSiteOptions } from './build-site.js';

export type SwIsrPluginOptions = Omit<BuildSiteOptions, 'dir' | 'base' | 'dryRun'>;

/**
 * `sw-isr/vite`: after `vite build`, does what `sw-isr build` does to the output folder: the prebuilt worker and
 * client next to the pages, the script tag in every HTML page (unless `inject: false`, for apps that register the
 * worker themselves), and `isr-manifest.json`. The site's base comes from Vite's `base`.
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
      const report = await buildSite({ ...options, dir, base });
      config.logger.info(`sw-isr: ${report.pages} pages, manifest and worker written to ${dir}`);
    },
  };
}
