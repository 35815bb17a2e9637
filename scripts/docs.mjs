// npm run docs: writes the README's options tables from src/shared/options.ts (the one table of options) and
// src/node/cli-options.ts (the CLI's, whose defaults come from the first), and docs/API.md from the built type
// declarations (dist/types); it checks the README's worker console table, written by hand, against the codes the
// worker writes. With --check it writes nothing and fails when any of them is out of date, which `npm test` runs, so
// the docs cannot drift from the code.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer } from 'vite';

const check = process.argv.includes('--check');

/** Doc comments of an object literal's fields in `source`, by field name. @param {string} source */
function fieldDocs(source) {
  /** @type {Map<string, string>} */
  const docs = new Map();
  for (const match of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*(\w+):/g)) {
    const text = (match[1] ?? '')
      .split('\n')
      .map((/** @type {string} */ line) => line.replace(/^\s*\*\s?/, '').trim())
      .join(' ')
      .trim();
    docs.set(match[2] ?? '', text.replace(/\|/g, '\\|'));
  }
  return docs;
}

/** @param {unknown} value */
function show(value) {
  if (value === undefined) return 'none';
  if (Array.isArray(value)) return value.length ? value.map((v) => `\`${v}\``).join(', ') : 'none';
  return `\`${JSON.stringify(value)}\``;
}

/** @param {Record<string, unknown>} defaults @param {Map<string, string>} docs */
function table(defaults, docs) {
  const rows = Object.entries(defaults).map(
    ([name, value]) => `| \`${name}\` | ${show(value)} | ${docs.get(name) ?? ''} |`,
  );
  return ['| option | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/**
 * The worker's table, with what each option accepts, in the words of its check (so the two cannot disagree).
 * @param {Record<string, import('../src/shared/options.ts').OptionSpec>} specs @param {Map<string, string>} docs
 * @param {(spec: import('../src/shared/options.ts').OptionSpec) => string} need
 */
function workerTable(specs, docs, need) {
  const rows = Object.entries(specs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${show(spec.default)} | ${need(spec).replace(/\|/g, '\\|')} | ${docs.get(name) ?? ''} |`,
  );
  return ['| option | default | accepts | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`.
 * @param {string} text @param {string} name @param {string} content
 */
function splice(text, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

// --- API reference from dist/types -------------------------------------------------------------------------------

/** @type {[string, string][]} */
const ENTRIES = [
  ['sw-isr/sw', 'sw/index.d.ts'],
  ['sw-isr/client', 'client/index.d.ts'],
  ['sw-isr/react', 'client/react.d.ts'],
  ['sw-isr/inspector', 'client/inspector-index.d.ts'],
  ['sw-isr/vite', 'node/vite.d.ts'],
  ['sw-isr/astro', 'node/astro.d.ts'],
];

/**
 * The declaration of `name` in a .d.ts file, with its doc comment, or null. @param {string} file @param {string} name
 */
function declaration(file, name) {
  const lines = readFileSync(file, 'utf8').split('\n');
  // A default export (sw-isr/astro's integration) is declared `export default function name(`.
  const declared =
    name === 'default'
      ? /^export default (declare )?function\b/
      : new RegExp(`^export (declare )?(abstract )?(function|class|interface|type|const|let) ${name}\\b`);
  const at = lines.findIndex((line) => declared.test(line));
  if (at === -1) return null;
  let start = at;
  if (lines[at - 1]?.trim().endsWith('*/')) {
    start = at - 1;
    while (start > 0 && !lines[start]?.trim().startsWith('/**')) start -= 1;
  }
  /** Whether a union goes on after line `index` (its next member, perhaps after a doc comment, starts with `|`). */
  const unionGoesOn = (/** @type {number} */ index) => {
    let next = index + 1;
    while (/^\s*(\/\*\*|\*|\/\/)/.test(lines[next] ?? '')) next += 1;
    return /^\s*\|/.test(lines[next] ?? '');
  };
  let depth = 0;
  let end = at;
  for (; end < lines.length; end += 1) {
    for (const char of lines[end] ?? '') {
      if (char === '{' || char === '(') depth += 1;
      if (char === '}' || char === ')') depth -= 1;
    }
    if (depth <= 0 && /[;}]\s*$/.test(lines[end] ?? '') && !unionGoesOn(end)) break;
  }
  return lines.slice(start, end + 1).join('\n');
}

/**
 * Every name an entry exports, resolved through its `export … from` lines to where it is declared.
 * @param {string} file @returns {{name: string, text: string}[]}
 */
function exportsOf(file) {
  /** @type {{name: string, text: string}[]} */
  const found = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/^export (?:type )?\{([^}]*)\} from '([^']+)';/gm)) {
    const target = join(dirname(file), (match[2] ?? '').replace(/\.js$/, '.d.ts'));
    for (const raw of (match[1] ?? '').split(',')) {
      const name = raw.trim().replace(/^type /, '');
      if (!name) continue;
      const text = declaration(target, name) ?? exportsOf(target).find((entry) => entry.name === name)?.text;
      found.push({ name, text: text ?? `export { ${name} } // declared in ${target}` });
    }
  }
  return found;
}

function apiReference() {
  const parts = [
    '# API reference',
    '',
    'Generated by `npm run docs` from the type declarations; do not edit by hand.',
    '',
  ];
  for (const [entry, path] of ENTRIES) {
    const file = join('dist/types', path);
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
    parts.push(`## \`${entry}\``, '');
    for (const { name, text } of exportsOf(file)) parts.push(`### \`${name}\``, '', '```ts', text, '```', '');
  }
  return parts.join('\n');
}

// --- The worker's console codes ----------------------------------------------------------------------------------

/**
 * The codes the worker writes to its console (`warn('code'`, `'sw-isr code'`) against the README's "Worker console"
 * table, which explains them: a code the table lacks, or one it lists that nothing writes. The table is prose, so
 * this only reports. @returns {string | null}
 */
function consoleCodesDrift() {
  const written = new Set();
  for (const path of readdirSync('src/sw', { recursive: true, encoding: 'utf8' }))
    if (/(?<!\.test)\.ts$/.test(path))
      for (const match of readFileSync(join('src/sw', path), 'utf8').matchAll(
        /\bwarn\(\s*'([a-z-]+)'|'sw-isr ([a-z-]+)'/g,
      ))
        written.add(match[1] ?? match[2]);
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('| code | what happened'));
  const listed = new Set(
    [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]),
  );
  const missing = [...written].filter((code) => !listed.has(code));
  const unused = [...listed].filter((code) => !written.has(code));
  if (!missing.length && !unused.length) return null;
  return `README.md's worker console table, written by hand, is out of date (${[
    missing.length ? `lacks ${missing.join(', ')}` : '',
    unused.length ? `lists ${unused.join(', ')}, which nothing writes` : '',
  ]
    .filter(Boolean)
    .join('; ')})`;
}

// -------------------------------------------------------------------------------------------------------------------

const vite = await createServer({ configFile: false, logLevel: 'silent', server: { middlewareMode: true } });
let stale = [];
/** @type {string | null} */
let codes = null;
try {
  const { WORKER_OPTIONS, CLIENT_DEFAULTS, optionNeed } = await vite.ssrLoadModule('/src/shared/options.ts');
  const docs = fieldDocs(readFileSync('src/shared/options.ts', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  const { cliOptionsTable } = await vite.ssrLoadModule('/src/node/cli-options.ts');
  const nextReadme = splice(
    splice(
      splice(readme, 'worker-options', workerTable(WORKER_OPTIONS, docs, optionNeed)),
      'client-options',
      table(CLIENT_DEFAULTS, docs),
    ),
    'cli-options',
    cliOptionsTable(),
  );
  const api = `${apiReference()}\n`;
  const current = existsSync('docs/API.md') ? readFileSync('docs/API.md', 'utf8') : '';
  if (nextReadme !== readme) stale.push('README.md options tables');
  if (api !== current) stale.push('docs/API.md');
  codes = consoleCodesDrift();
  if (!check) {
    writeFileSync('README.md', nextReadme);
    writeFileSync('docs/API.md', api);
    console.log(stale.length ? `docs: rewrote ${stale.join(' and ')}` : 'docs: up to date');
    stale = [];
  }
} finally {
  await vite.close();
}
if (stale.length) console.error(`✘ docs out of date: ${stale.join(' and ')}; run npm run docs`);
// Not something npm run docs can write: the table is prose.
if (codes) console.error(`✘ ${codes}`);
if (stale.length || codes) process.exit(1);
if (check) console.log("✓ docs: README options tables, the worker console's codes and docs/API.md match the code");
