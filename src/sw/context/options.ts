import {
  optionNeed,
  WORKER_DEFAULTS,
  WORKER_OPTIONS,
  type OptionSpec,
  type WorkerOptionValues,
} from '../../shared/options.js';
import { parseSeconds } from '../../shared/page-directives.js';
import { namesOtherOrigin } from '../../shared/site-manifest.js';

/**
 * Options of {@link installIsr}. Every field is optional; each is documented, with its default, in
 * `src/shared/options.ts` (and the README's worker options table, generated from it).
 */
export type IsrOptions = { [K in keyof WorkerOptionValues]?: WorkerOptionValues[K] };

export type ResolvedOptions = WorkerOptionValues;

/** Thrown for an option that cannot work; the message names the option, what it needs and what it got. */
export class IsrOptionError extends TypeError {
  override name = 'IsrOptionError';
}

function fail(name: string, need: string, got: unknown): never {
  throw new IsrOptionError(`sw-isr: option "${name}" must be ${need}, got ${JSON.stringify(got) ?? String(got)}`);
}

/** The worker's origin; elsewhere (unit tests, Node) undefined, and every absolute URL is refused. */
function ownOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

const nonEmpty = (item: unknown) => typeof item === 'string' && item !== '';
const whole = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 1;

/** Whether a value fits its spec; the bounds of `seconds` and the site-path rule of `path(s)` included. */
function fits(spec: OptionSpec, value: unknown): boolean {
  if (value === null) return spec.nullable !== undefined;
  switch (spec.kind) {
    case 'seconds':
      return typeof value === 'number' && Number.isFinite(value) && value >= spec.min!;
    case 'bytes':
    case 'count':
      return whole(value);
    case 'flag':
      return typeof value === 'boolean';
    case 'name':
      return nonEmpty(value);
    case 'path':
      return typeof value === 'string';
    default:
      return Array.isArray(value) && value.every(nonEmpty);
  }
}

/** Checks one option against its table entry; returns the value to use (copied, clamped). */
function checked(name: keyof typeof WORKER_OPTIONS, value: unknown): unknown {
  const spec: OptionSpec = WORKER_OPTIONS[name];
  if (!fits(spec, value)) fail(name, optionNeed(spec), value);
  if (spec.max !== undefined) return Math.min(value as number, spec.max);
  if (Array.isArray(value)) value = [...value];
  // A URL of this site (a path, relative to the scope, or absolute on this origin): never another origin's. The
  // manifest can drop and refresh pages and add precache entries; the offline page is shown in place of any page.
  const urls = spec.kind === 'paths' ? (value as string[]) : spec.kind === 'path' && value ? [value as string] : [];
  const foreign = urls.find((url) => namesOtherOrigin(url, ownOrigin()));
  if (foreign !== undefined) fail(name, "a path on this site such as /offline.html, not another origin's URL", foreign);
  return value;
}

const known = (key: string): key is keyof typeof WORKER_OPTIONS => Object.hasOwn(WORKER_OPTIONS, key);
function unknown(key: string): never {
  fail(key, `one of ${Object.keys(WORKER_OPTIONS).join(', ')} (unknown option)`, key);
}

/** Fills in defaults and checks every option; throws {@link IsrOptionError} on a bad or unknown one. */
export function resolveOptions(options: IsrOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'an object', options);
  for (const key of Object.keys(options)) if (!known(key)) unknown(key);
  const resolved = {} as Record<string, unknown>;
  for (const name of Object.keys(WORKER_OPTIONS) as (keyof typeof WORKER_OPTIONS)[]) {
    const given = (options as Record<string, unknown>)[name];
    // Null means "the default" where null is not a value of its own (as `??` read it before the option table).
    const unset = given === undefined || (given === null && !('nullable' in WORKER_OPTIONS[name]));
    resolved[name] = checked(name, unset ? WORKER_DEFAULTS[name] : given);
  }
  // One cache for both would have the file collector delete pages, and the budget count them twice.
  if (resolved.assetCacheName === resolved.cacheName)
    fail('assetCacheName', "a name other than cacheName's", resolved.assetCacheName);
  return resolved as ResolvedOptions;
}

/**
 * Reads options from the query of the worker's registration URL (`/sw-isr-worker.js?revalidate=60`), for sites with no
 * build step. Seconds in plain decimals (as the meta tag takes them), other numbers as written; `none` is null where
 * null is allowed; lists comma-separated; flags `true` or `false`. Returns what could be read and one message per value
 * that could not, so the caller can report them without refusing to start: a worker that fails to start would leave the
 * site uncached.
 */
export function optionsFromQuery(search: string): { options: IsrOptions; errors: string[] } {
  const options: Record<string, unknown> = {};
  const errors: string[] = [];
  // Each value is checked alone, not through resolveOptions: that checks every option, and ran once per key at every
  // start of the worker (reading the query took 0.3 ms of a start that way in Chromium 156, 0.1 ms this way: medians
  // of performance.now() marks, in 0.1 ms steps, put into a copy of the built worker).
  for (const [key, raw] of new URLSearchParams(search)) {
    try {
      if (!known(key)) unknown(key);
      const spec: OptionSpec = WORKER_OPTIONS[key];
      let value: unknown = raw;
      if (spec.nullable && raw === 'none') value = null;
      // Seconds as the meta tag and the x-isr-revalidate header take them, plain decimals (not 1e3 nor 0x10).
      else if (spec.kind === 'seconds') value = parseSeconds(raw) ?? NaN;
      else if (spec.kind === 'bytes' || spec.kind === 'count') value = raw.trim() === '' ? NaN : Number(raw);
      else if (spec.kind === 'list' || spec.kind === 'paths')
        value = raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
      else if (spec.kind === 'flag') value = raw === 'true' ? true : raw === 'false' ? false : raw;
      checked(key, value);
      options[key] = value;
    } catch (error) {
      // Quote what was written in the URL, not the value it was converted to.
      errors.push((error as Error).message.replace(/, got .*$/s, `, got ${JSON.stringify(raw)}`));
    }
  }
  // resolveOptions's rule across options, checked here so that a worker whose query names one cache for both still
  // starts: with both default names (the way out, off-entry.ts, reads the names with this function too).
  const pages = options.cacheName ?? WORKER_DEFAULTS.cacheName;
  if (pages === (options.assetCacheName ?? WORKER_DEFAULTS.assetCacheName)) {
    errors.push(`sw-isr: options "cacheName" and "assetCacheName" must differ, got ${JSON.stringify(pages)} for both`);
    delete options.cacheName;
    delete options.assetCacheName;
  }
  return { options: options as IsrOptions, errors };
}
