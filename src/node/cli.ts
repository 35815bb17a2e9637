import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { optionsFromQuery, type IsrOptions } from '../sw/context/options.js';
import { CLI_OPTIONS, cliOptionsHelp } from './cli-options.js';
import { BuildSiteError, buildSite, REMOVAL, type BuildSiteOptions } from './build-site.js';
import { headersNote } from './host-headers.js';

const HELP = `sw-isr: Incremental Static Regeneration for any static site, in the browser.

Usage:
  sw-isr build <dir> [options]   make the HTML in <dir> an ISR site, in place

Writes sw-isr.js, its parts (banner, morph, inspector, routers) and
sw-isr-worker.js into <dir>, puts <script src="/sw-isr.js" defer> into every
HTML page (once: running it again changes nothing) and writes
<dir>/isr-manifest.json, which the worker polls to refresh republished pages
ahead of their interval.

Options:
${cliOptionsHelp()}

Exit status: 0 done, 1 bad input (nothing written), 2 bad usage.`;

function version(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A worker option's error as it applies to a value written as in the query, where null is written `none`. */
const inQueryWords = (error: string) => error.replace(', or null for ', ', or none for ');

/**
 * `--revalidate` and `--expire`, read and checked as the worker reads them from its URL's query (so `none` is null,
 * and a value the worker would refuse is refused here in the worker's words).
 */
function workerSeconds(name: 'revalidate' | 'expire', value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  const { options, errors } = optionsFromQuery(new URLSearchParams({ [name]: value }).toString());
  if (errors[0])
    throw new UsageError(inQueryWords(errors[0]).replace(/^sw-isr: option "\w+" must be/, `--${name} takes`));
  return options[name];
}

class UsageError extends Error {}

/** `--worker-option name=value`s, read as the worker reads its URL's query (and checked by the build). */
function workerOptions(given: string[]): IsrOptions {
  const query = new URLSearchParams();
  for (const option of given) {
    const at = option.indexOf('=');
    if (at < 1) throw new UsageError(`--worker-option takes name=value, got "${option}"`);
    query.append(option.slice(0, at), option.slice(at + 1));
  }
  const { options, errors } = optionsFromQuery(query.toString());
  if (errors.length)
    throw new UsageError(
      errors.map((error) => inQueryWords(error).replace(/^sw-isr: /, '--worker-option: ')).join('\n'),
    );
  return options;
}

const formatBytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs the CLI with `argv` (without node and the script); returns the exit status. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: CLI_OPTIONS,
    });
  } catch (error) {
    err.write(`sw-isr: ${(error as Error).message}\nRun sw-isr --help for the options.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    out.write(`${version()}\n`);
    return 0;
  }
  const [command, dir, ...extra] = positionals;
  if (command !== 'build' || !dir || extra.length) {
    err.write(
      `sw-isr: ${command === undefined ? 'no command given' : command !== 'build' ? `unknown command "${command}"` : !dir ? 'build needs a folder' : `unexpected arguments: ${extra.join(' ')}`}\nUsage: sw-isr build <dir> [options]; sw-isr --help for more.\n`,
    );
    return 2;
  }
  let options: BuildSiteOptions;
  try {
    options = {
      dir,
      revalidate: workerSeconds('revalidate', values.revalidate) ?? undefined,
      expire: workerSeconds('expire', values.expire),
      base: values.base,
      include: values.include,
      exclude: values.exclude,
      precache: values.precache,
      worker: workerOptions(values['worker-option'] ?? []),
      cacheDir: values['cache-dir'],
      dryRun: values['dry-run'] ?? false,
      remove: values.remove ?? false,
    };
  } catch (error) {
    err.write(`sw-isr: ${(error as Error).message}\n`);
    return 2;
  }
  const quiet = values.quiet ?? false;
  const tty = !quiet && err.isTTY === true;
  let lastShown = 0;
  try {
    const report = await buildSite(options, (done, total, path) => {
      if (quiet || total < 50) return;
      // On a terminal, one line rewritten in place; in a log, a line every tenth of the way.
      if (tty) err.write(`\r\x1b[K  reading ${done}/${total} ${path.slice(-60)}`);
      else if (done === total || done - lastShown >= total / 10) {
        lastShown = done;
        err.write(`  read ${done}/${total} pages\n`);
      }
      if (tty && done === total) err.write('\r\x1b[K');
    });
    if (!quiet && options.remove) {
      out.write(
        `sw-isr: ${options.dryRun ? 'would write' : 'wrote'} the off versions of ${REMOVAL.map(([served]) => served).join(' and ')}` +
          ` in ${options.dir}; once deployed, returning readers' browsers delete what sw-isr stored and unregister it` +
          ` at their next visit. Keep both files deployed for as long as readers may return; run sw-isr build` +
          ` again to adopt it anew.\n`,
      );
      if (report.headers) out.write(headersNote(report.headers));
    } else if (!quiet) {
      const verb = options.dryRun ? 'would put' : 'put';
      out.write(
        `sw-isr: ${report.pages} pages, ${formatBytes(report.bytes)}; ${verb} the script tag in ${report.injected}` +
          ` (${report.pages - report.injected} already had it)` +
          (report.withPayloads ? `; listed the Next.js payloads of ${report.withPayloads}` : '') +
          `${options.dryRun ? '; dry run, nothing written' : `; wrote ${report.manifestPath} and ${report.copied.join(', ')}`}` +
          ` in ${report.seconds.toFixed(2)} s\n`,
      );
      if (report.headers) out.write(headersNote(report.headers));
    }
    return 0;
  } catch (error) {
    if (error instanceof BuildSiteError) {
      err.write(`sw-isr: ${error.message}\n`);
      return 1;
    }
    const { code, path, syscall } = error as NodeJS.ErrnoException;
    if (code && path) {
      // Reading was checked before any write, so a file-system error here is nearly always a write.
      const verb = syscall === 'scandir' || syscall === 'read' ? 'cannot read' : 'cannot write';
      err.write(
        `sw-isr: ${verb} ${path}: ${code}${code === 'EACCES' || code === 'EPERM' ? " (check the folder's permissions)" : ''}\n`,
      );
      return 1;
    }
    throw error;
  }
}
