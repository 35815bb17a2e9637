import { fileURLToPath } from 'node:url';
import { buildSite, builtChunks, type BuildSiteOptions } from './build-site.js';
import { headersNote } from './host-headers.js';

/** The options of `sw-isr build`, less what Astro's own configuration says (the folder and the base). */
export type SwIsrAstroOptions = Omit<BuildSiteOptions, 'dir' | 'base' | 'dryRun'>;

/**
 * The part of Astro's integration API this uses, written out so that the package needs no Astro types (Astro is
 * the site's dependency, not ours). Assignable to Astro 5.18's `AstroIntegration` (checked in the unit test).
 */
export interface SwIsrAstroIntegration {
  name: 'sw-isr';
  hooks: {
    'astro:config:done': (options: {
      config: { base: string; build: { assets: string } };
      /** Astro 5's: 'server' when an adapter renders some pages on request. */
      buildOutput?: 'static' | 'server';
    }) => void;
    'astro:build:done': (options: {
      dir: URL;
      logger: { info(message: string): void; warn(message: string): void };
    }) => Promise<void>;
  };
}

/**
 * `sw-isr/astro`: after `astro build` (never in `astro dev`), does to the output folder what `sw-isr build` does:
 * the prebuilt worker and client beside the pages, the script tag in every page, `isr-manifest.json` and the
 * `_headers` rules. Takes the CLI's options; the base comes from Astro's `base`.
 *
 * `precache` defaults to the build's chunks and styles (`_astro/**\/*.{js,mjs,css}`, or Astro's `build.assets`
 * folder), as the Vite plugin's does: a chunk that only a client-side navigation imports is in no page's markup,
 * and after a deploy deletes it, an open tab needs the stored copy. Pass `[]` to store only what pages reference.
 *
 * Pages read through Astro's `<ClientRouter />` are answered by the worker from the same stored copies as
 * navigations (see the worker's page fetches), so nothing more is needed in the site.
 */
export default function swIsr(options: SwIsrAstroOptions = {}): SwIsrAstroIntegration {
  let base = '/';
  let assets = '_astro';
  let onRequest = false;
  return {
    name: 'sw-isr',
    hooks: {
      'astro:config:done': ({ config, buildOutput }) => {
        base = config.base.startsWith('/') ? config.base : '/';
        assets = config.build.assets;
        onRequest = buildOutput === 'server';
      },
      'astro:build:done': async ({ dir, logger }) => {
        const folder = fileURLToPath(dir);
        const precache = options.precache ?? builtChunks(folder, assets);
        // Pages an adapter renders on request are no files here: they get no script tag and are not in the manifest,
        // but the worker of the pages that have one stores any page of its scope that it is asked for.
        if (onRequest)
          logger.warn(
            "pages rendered on request (an adapter) are not in the manifest; if they are one reader's own, mark them " +
              "Cache-Control: private (never stored) or keep them out of the worker's scope",
          );
        const report = await buildSite({ ...options, precache, dir: folder, base });
        logger.info(
          options.remove
            ? `the way out (sw-isr's "off" script and worker) written to ${folder}`
            : `${report.pages} pages, manifest and worker written to ${folder}`,
        );
        // Astro prefixes its own "[sw-isr]".
        if (report.headers)
          logger.info(
            headersNote(report.headers)
              .trimEnd()
              .replace(/^sw-isr: /, ''),
          );
      },
    },
  };
}
