// npm test: every page-side and tooling entry of the package imports in plain Node, without a DOM, as SSR frameworks
// (Astro, Next, SvelteKit) evaluate them on a server; and useFreshness() renders its server snapshot there. Each
// check runs in a Node of its own, importing the built package by its name, as a site would.
// Usage: node scripts/server-imports.mjs → one line per check, exit status 1 when any failed.
import { spawnSync } from 'node:child_process';

/** @type {[name: string, code: string, expected: string][]} */
const CHECKS = [
  ['sw-isr/client', "const m = await import('sw-isr/client'); console.log(typeof m.createFreshnessStore);", 'function'],
  ['sw-isr/inspector', "const m = await import('sw-isr/inspector'); console.log(typeof m.mountInspector);", 'function'],
  ['sw-isr/vite', "const m = await import('sw-isr/vite'); console.log(typeof m.swIsr);", 'function'],
  [
    'sw-isr/astro',
    "const m = await import('sw-isr/astro'); console.log(m.default({ revalidate: 60 }).name);",
    'sw-isr',
  ],
  [
    "sw-isr/react (useFreshness() rendered on a server: 'unknown')",
    [
      "const { createElement } = await import('react');",
      "const { renderToString } = await import('react-dom/server');",
      "const { useFreshness } = await import('sw-isr/react');",
      'console.log(renderToString(createElement(() => useFreshness().status)));',
    ].join(' '),
    'unknown',
  ],
];

let failed = 0;
for (const [name, code, expected] of CHECKS) {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  const out = run.stdout.trim();
  const ok = run.status === 0 && out === expected;
  if (!ok) failed += 1;
  const why =
    run.status === 0 ? `printed "${out}", not "${expected}"` : run.stderr.trim().split('\n').slice(0, 3).join(' ');
  console.log(`${ok ? '✓' : '✘'} imports in plain Node: ${name}${ok ? '' : ` — ${why}`}`);
}
process.exit(failed ? 1 : 0);
