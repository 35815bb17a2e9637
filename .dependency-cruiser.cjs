// The import rules `npm test` enforces (dependency-cruiser): no cycles, the worker's layers import only downward,
// and the runtimes stay apart. A rule broken here is a design question first, not a config one.

/** The worker's layers, top first: each may import the ones after it, never one before it. */
const WORKER_LAYERS = ['routes', 'engine', 'upkeep', 'context', 'storage', 'http', 'util'];

const layerRules = WORKER_LAYERS.slice(1).map((layer, index) => ({
  name: `sw-${layer}-imports-down`,
  comment: `src/sw/${layer}/ may import only the layers below it (${WORKER_LAYERS.slice(index + 2).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^src/sw/${layer}/` },
  to: { path: `^src/sw/(${WORKER_LAYERS.slice(0, index + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    ...layerRules,
    {
      name: 'sw-layers-not-entry',
      comment: "a layer never imports the worker's entry files (src/sw/*.ts)",
      severity: 'error',
      from: { path: '^src/sw/[^/]+/' },
      to: { path: '^src/sw/[^/]+\\.ts$' },
    },
    {
      name: 'worker-not-page',
      comment: 'the worker and the page meet only in src/shared (the protocol and the options)',
      severity: 'error',
      from: { path: '^src/sw/' },
      to: { path: '^src/(client|node)/' },
    },
    {
      name: 'page-not-worker',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/(sw|node)/' },
    },
    {
      name: 'shared-imports-nothing',
      comment: 'src/shared is imported by both runtimes and by the tooling, so it depends on nothing of ours',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(sw|client|node)/' },
    },
    {
      name: 'runtime-not-node',
      comment: 'code that runs in a browser never reaches Node built-ins',
      severity: 'error',
      from: { path: '^src/(sw|client|shared)/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // swc, not the TypeScript compiler: dependency-cruiser 17.4 supports TypeScript below 7 only, and without a
    // supported compiler it reads .ts files with acorn-loose, which drops `export type … from` (checked on a file of
    // one `import type` and one `export type … from`: acorn-loose found one dependency, swc both).
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
