// `sw-isr build` on generated sites of 1,000, 10,000 and 100,000 small pages (1 KB each, 100 to a folder, each with a
// tag meta): wall time and peak memory (maximum resident set size, from GNU time) of a first build and of a second,
// unchanged one, and the size of the manifest it writes. Writes bench/results/cli-scale.md.
// Options: --pages N[,N…] (default 1000,10000,100000).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = process.argv.indexOf('--pages');
const SIZES = ((arg > -1 && process.argv[arg + 1]) || '1000,10000,100000').split(',').map(Number);

/**
 * One build through the CLI as a user runs it, under GNU time: wall seconds and peak resident memory in MB.
 * @param {string} dir
 */
function run(dir) {
  const result = execFileSync(
    'sh',
    [
      '-c',
      `/usr/bin/time -f 'TIME %e %M' node bin/sw-isr.mjs build '${dir}' --cache-dir '${dir}-cache' --quiet 2>&1 >/dev/null`,
    ],
    { encoding: 'utf8' },
  );
  const [, seconds, kb] = /TIME ([\d.]+) (\d+)/.exec(result) ?? [];
  if (!seconds) throw new Error(`no timing in: ${result}`);
  return { seconds: Number(seconds), mb: Number(kb) / 1024 };
}

const rows = [];
for (const pages of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'sw-isr-bench-cli-'));
  try {
    for (let i = 0; i < pages; i += 1) {
      const folder = join(dir, `section-${Math.floor(i / 100)}`);
      if (i % 100 === 0) mkdirSync(folder);
      const body = `<p>Page ${i} of a generated site, in a section of a hundred pages.</p>`.repeat(12);
      writeFileSync(
        join(folder, `page-${i}.html`),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${i}</title>` +
          `<meta name="isr:tags" content="section-${Math.floor(i / 100)}"></head><body>${body}</body></html>\n`,
      );
    }
    const first = run(dir);
    const second = run(dir);
    // The head, and the shards and deltas beside it (readers fetch the head and what they need of the rest).
    const manifest = {
      head: statSync(join(dir, 'isr-manifest.json')).size,
      files: readdirSync(join(dir, 'isr-manifest')).reduce(
        (sum, name) => sum + statSync(join(dir, 'isr-manifest', name)).size,
        0,
      ),
    };
    rows.push({ pages, first, second, manifest });
    console.log(pages, first, second, manifest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-cache`, { recursive: true, force: true });
  }
}

const fmt = (/** @type {number} */ n, digits = 1) => n.toFixed(digits);
const lines = [
  `\`sw-isr build\` on generated sites (pages of about 1 KB, 100 to a folder), timed with GNU time.`,
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}. Run: ${new Date().toISOString()}.`,
  '',
  '| pages | first build | peak memory | second build (unchanged) | peak memory | manifest head / its files |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    ({ pages, first, second, manifest }) =>
      `| ${pages.toLocaleString('en')} | ${fmt(first.seconds)} s | ${fmt(first.mb, 0)} MB | ${fmt(second.seconds)} s | ${fmt(second.mb, 0)} MB | ${fmt(manifest.head / 1024, 1)} KB / ${fmt(manifest.files / 1024 / 1024, 2)} MB |`,
  ),
  '',
];
writeFileSync('bench/results/cli-scale.md', lines.join('\n'));
console.log(lines.join('\n'));
