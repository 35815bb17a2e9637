import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { sentByWorker } from './fixtures.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  // Next.js's RSC payloads: its router takes a payload for one only with this type in a static export.
  '.txt': 'text/plain; charset=utf-8',
};

const REPO = join(import.meta.dirname, '..');

/** The package as users get it: `npm pack` of the built package, once per test process (removed at its exit). */
let tarball: string | undefined;
function packed(): string {
  if (!tarball) {
    const into = mkdtempSync(join(tmpdir(), 'sw-isr-pack-'));
    process.on('exit', () => rmSync(into, { recursive: true, force: true }));
    const name = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', into], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tarball = join(into, name.trim().split('\n').at(-1)!);
  }
  return tarball;
}

/**
 * A real static site for end-to-end tests, built into a temporary folder by a real generator: Eleventy
 * (e2e/eleventy-site; then `sw-isr build`, the built CLI, as a user runs it), Astro (e2e/astro-site, whose config
 * uses `sw-isr/astro` from the packed tarball, installed into the site with npm as a user's project has it), or
 * Next.js (e2e/next-site, a static export; then the packed package's `sw-isr build out`). A static
 * server of the kind any host runs serves it with strong ETags and 304s, and logs what reaches it. `republish` edits
 * a source file and builds again, as a deploy does.
 */
export class StaticSite {
  readonly source: string;
  readonly out: string;
  /**
   * Where `sw-isr build` keeps its copy of the manifest between builds (the output folder is emptied before each):
   * the site's own node_modules/.cache for Astro and Next, a folder beside it for Eleventy.
   */
  readonly cache: string;
  private server: Server | null = null;
  origin = '';
  /** While true, every connection is dropped unanswered, as a reader offline (or a host down) sees it. */
  down = false;
  /** The Cache-Control its pages are served with (other files keep `no-cache`): GitHub Pages sends `max-age=600`. */
  pageCacheControl = 'no-cache';
  /** Paths whose answers wait for their release (see hold). */
  private readonly held = new Map<string, Promise<void>>();
  /** Every request that reached this origin, in order, with the status it was answered with. */
  readonly requests: { path: string; fromWorker: boolean; status: number }[] = [];

  /** Holds the answers to `path` (a file slow to arrive) until the returned function is called. */
  hold(path: string): () => void {
    let release!: () => void;
    this.held.set(path, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(path);
      release();
    };
  }

  /** How many requests for a path reached this origin (the worker's and the page's alike). */
  reached(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  constructor(readonly generator: 'eleventy' | 'astro' | 'next' = 'eleventy') {
    // Astro's and Next's sites are under the repository's .tmp/, so that their configs and pages find the framework
    // (a devDependency here) in the repository's node_modules, as a project finds its own.
    const parent = generator === 'eleventy' ? tmpdir() : join(REPO, '.tmp');
    mkdirSync(parent, { recursive: true });
    const root = mkdtempSync(join(parent, 'sw-isr-site-'));
    this.source = join(root, 'src');
    this.out = join(this.source, { eleventy: '../out', astro: 'dist', next: 'out' }[generator]);
    this.cache = join(this.source, generator === 'eleventy' ? '../cache' : 'node_modules/.cache/sw-isr');
    try {
      this.generate();
    } catch (error) {
      // A failed install or build leaves no folder behind: the test never gets a site to stop.
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  private generate(): void {
    cpSync(join(import.meta.dirname, `${this.generator}-site`), this.source, { recursive: true });
    if (this.generator !== 'eleventy') {
      writeFileSync(
        join(this.source, 'package.json'),
        `{ "name": "${this.generator}-site", "private": true, "type": "module" }\n`,
      );
      execFileSync(
        'npm',
        ['install', '--no-save', '--no-package-lock', '--prefer-offline', '--no-audit', '--no-fund', packed()],
        {
          cwd: this.source,
          stdio: 'pipe',
        },
      );
    }
    this.build();
  }

  build(): void {
    rmSync(this.out, { recursive: true, force: true });
    if (this.generator === 'astro') {
      // No telemetry: tests reach nothing but this machine.
      execFileSync('node', [join(REPO, 'node_modules/astro/astro.js'), 'build', '--silent'], {
        cwd: this.source,
        stdio: 'pipe',
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      });
      return;
    }
    if (this.generator === 'next') {
      // The README's recipe: `next build` (output: 'export'), then `sw-isr build out`, the packed package's bin.
      execFileSync('node', [join(REPO, 'node_modules/next/dist/bin/next'), 'build'], {
        cwd: this.source,
        stdio: 'pipe',
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      });
      execFileSync('node_modules/.bin/sw-isr', ['build', 'out', '--revalidate', '3600', '--quiet'], {
        cwd: this.source,
        stdio: 'pipe',
      });
      return;
    }
    execFileSync('node_modules/.bin/eleventy', [`--input=${this.source}`, `--output=${this.out}`, '--quiet'], {
      stdio: 'pipe',
    });
    execFileSync(
      'node',
      ['bin/sw-isr.mjs', 'build', this.out, '--revalidate', '3600', '--quiet', '--cache-dir', this.cache],
      { stdio: 'pipe' },
    );
  }

  /** Changes a source page (path relative to the source folder; null from `edit` deletes it) and deploys again. */
  republish(page: string, edit: (text: string) => string | null): void {
    const file = join(this.source, page);
    const next = edit(readFileSync(file, 'utf8'));
    if (next === null) rmSync(file);
    else writeFileSync(file, next);
    this.build();
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      if (this.down) return void req.socket.destroy();
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const entry = { path, fromWorker: sentByWorker(req.headers), status: 0 };
      this.requests.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      await this.held.get(path);
      // The package's own ES modules, so a test page can import sw-isr/client as an app would.
      const base = path.startsWith('/lib/') ? join(import.meta.dirname, '..', 'dist') : this.out;
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) return void res.writeHead(403).end();
      if (existsSync(file) && statSync(file).isDirectory()) {
        // A folder asked for without its slash is sent to it, as Netlify and GitHub Pages do.
        if (!path.endsWith('/')) return void res.writeHead(301, { location: `${path}/` }).end();
        file = join(file, 'index.html');
      }
      if (!existsSync(file))
        return void res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>404</title>');
      const body = readFileSync(file);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        etag,
        'cache-control': extname(file) === '.html' ? this.pageCacheControl : 'no-cache',
      };
      if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
      else res.writeHead(200, headers).end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    // Browsers keep connections alive; close them, or close() waits for their idle timeout.
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
    rmSync(join(this.source, '..'), { recursive: true, force: true });
  }
}
