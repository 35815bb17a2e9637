import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';

/**
 * e2e/site-worker/site-worker.ts (a site's own worker with installIsr inside) bundled as a classic worker against
 * the built `sw-isr/sw` (dist/lib/sw.js), as a site's bundler would: for the tests in every engine.
 */
export async function bundleSiteWorker(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { alias: { 'sw-isr/sw': resolve('dist/lib/sw.js') } },
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve('e2e/site-worker/site-worker.ts'), formats: ['iife'], name: 'site' },
    },
  })) as Rolldown.RolldownOutput[];
  return output[0]!.output[0].code;
}

/**
 * Run in a page the site worker controls: asks it for a push (its stand-in for a push service) and resolves to what
 * its push listener told the `news` channel, or to 'no push heard' after 5 s.
 */
export function askForPush(): Promise<unknown> {
  return new Promise((resolve) => {
    const news = new BroadcastChannel('news');
    news.onmessage = ({ data }) => resolve(data);
    navigator.serviceWorker.controller!.postMessage('push-test');
    setTimeout(() => resolve('no push heard'), 5000);
  });
}
