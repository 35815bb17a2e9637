import { WORKER_DEFAULTS } from '../shared/options.js';

/**
 * One option of `sw-isr build`: how `parseArgs` reads it (`type`, `multiple`, `short`) and how `sw-isr --help` and
 * the README's table (written by `npm run docs`) show it, so that the three cannot disagree.
 */
export type CliOption = {
  multiple?: boolean;
  short?: string;
  /** One line for the terminal's help, wrapped there. */
  help: string;
  /** The README's fuller words, in Markdown; absent for the options the README does not list (help, version). */
  doc?: string;
} & (
  | {
      type: 'string';
      /** What the option takes, shown after its name: `<s>`. */
      arg: string;
      /** The default, in Markdown (a value in backticks). */
      shown: string;
    }
  // A flag is off unless given.
  | { type: 'boolean'; arg?: undefined; shown?: undefined }
);

const NONE = 'none';
/** A worker option's default as the CLI shows it: the worker's own, null being "none". */
const workerDefault = (value: number | null) => (value === null ? NONE : `\`${value}\``);

export const CLI_OPTIONS = {
  revalidate: {
    type: 'string',
    arg: '<s>',
    shown: workerDefault(WORKER_DEFAULTS.revalidate),
    help: 'default revalidate interval in seconds',
    doc: 'default interval for pages without a meta tag (also passed to the worker)',
  },
  expire: {
    type: 'string',
    arg: '<s>',
    shown: workerDefault(WORKER_DEFAULTS.expire),
    help:
      'hard expiry in seconds, or none: past it, readers wait for the network and get the stored copy only if it ' +
      'fails',
    doc: 'hard expiry, or `none`: past it a reader waits for the network, and gets the stored copy only if it fails',
  },
  base: {
    type: 'string',
    arg: '<path>',
    shown: '`/`',
    help: 'the path the site is served under',
    doc: "the path the site is served under; the worker's URL and scope follow",
  },
  include: {
    type: 'string',
    multiple: true,
    arg: '<glob>',
    // build-site.ts's HTML pattern: .html and .htm, in any case.
    shown: 'every `.html` and `.htm` file',
    help: 'only pages matching; repeatable',
    doc: 'only these pages (repeatable; `**`, `*`, `?`, `{a,b}`)',
  },
  exclude: {
    type: 'string',
    multiple: true,
    arg: '<glob>',
    shown: NONE,
    help: 'leave matching pages alone; repeatable',
    doc: 'leave these pages alone (repeatable)',
  },
  precache: {
    type: 'string',
    multiple: true,
    arg: '<glob>',
    shown: NONE,
    help: 'pages and files stored at install, for offline reading before any visit; repeatable',
    doc: 'pages and files the worker stores at install, before any visit (repeatable; a glob matching nothing is an error)',
  },
  'cache-dir': {
    type: 'string',
    arg: '<dir>',
    shown: '`node_modules/.cache/sw-isr`, if there',
    help: "where to keep a copy of the manifest, for the next build's deltas when the site's folder is emptied between builds",
    doc:
      "where the build keeps a copy of the manifest it wrote, for the next build's deltas when the folder is emptied " +
      'between builds (see [On-demand revalidation](#on-demand-revalidation))',
  },
  'worker-option': {
    type: 'string',
    multiple: true,
    arg: '<name=value>',
    shown: NONE,
    help:
      "another worker option, as in the worker URL's query (lists comma-separated, none for null), e.g. " +
      'exclude=/account/,/cart/; repeatable',
    doc:
      "any other [worker option](#worker-options), written as in the worker URL's query (lists comma-separated, " +
      "`none` for null), e.g. `--worker-option exclude=/account/,/cart/`; checked at build time by the worker's own " +
      'parser (repeatable)',
  },
  remove: {
    type: 'boolean',
    help:
      'the way out: put sw-isr\'s "off" script and worker in <dir> instead; returning readers\' browsers delete ' +
      'what it stored and unregister it at their next visit',
    doc: "the way out: write sw-isr's off script and worker instead (see [The way out](#the-way-out))",
  },
  'dry-run': {
    type: 'boolean',
    help: 'report what would change, write nothing',
    doc: 'report what would change, write nothing',
  },
  quiet: { type: 'boolean', help: 'print only errors', doc: 'print only errors' },
  help: { type: 'boolean', short: 'h', help: 'this text' },
  version: { type: 'boolean', short: 'v', help: 'the version' },
} as const satisfies Record<string, CliOption>;

const options: [string, CliOption][] = Object.entries(CLI_OPTIONS);

/** `--name <arg>`, with its short form first when it has one. */
const label = (name: string, option: CliOption) =>
  `${option.short ? `-${option.short}, ` : ''}--${name}${option.arg ? ` ${option.arg}` : ''}`;

/** `text` in lines of at most `width` columns after an indent of `indent`, the first line's indent left out. */
function wrap(text: string, indent: number, width = 80): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The options part of `sw-isr --help`: each option, what it does and its default, wrapped at 80 columns. */
export function cliOptionsHelp(): string {
  const column = 21;
  return options
    .map(([name, option]) => {
      const shown = option.shown && `(default ${option.shown.replace(/`/g, '')})`;
      const text = wrap(shown ? `${option.help} ${shown}` : option.help, column);
      const head = `  ${label(name, option)}`;
      return head.length < column ? `${head.padEnd(column)}${text}` : `${head}\n${' '.repeat(column)}${text}`;
    })
    .join('\n');
}

/** The README's table of the CLI's options (`npm run docs` writes it). */
export function cliOptionsTable(): string {
  const rows = options
    .filter(([, option]) => option.doc)
    .map(([name, option]) => `| \`${label(name, option)}\` | ${option.shown ?? 'off'} | ${option.doc} |`);
  return ['| option | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
