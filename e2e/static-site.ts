import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { sentByWorker } from './fixtures.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
};

/**
 * A real static site for end-to-end tests: Eleventy builds e2e/eleventy-site into a temporary folder, `sw-isr build`
 * (the built CLI, as a user runs it) makes it an ISR site, and a static server of the kind any host runs serves it
 * with strong ETags and 304s, and logs what reaches it. `republish` edits a source page and runs both builds again, as a deploy does.
 */
export class StaticSite {
  readonly source: string;
  readonly out: string;
  private server: Server | null = null;
  origin = '';
  /** Every request that reached this origin, in order, with the status it was answered with. */
  readonly requests: { path: string; fromWorker: boolean; status: number }[] = [];

  constructor() {
    const root = mkdtempSync(join(tmpdir(), 'sw-isr-site-'));
    this.source = join(root, 'src');
    this.out = join(root, 'out');
    cpSync(join(import.meta.dirname, 'eleventy-site'), this.source, { recursive: true });
    this.build();
  }

  build(): void {
    rmSync(this.out, { recursive: true, force: true });
    execFileSync('node_modules/.bin/eleventy', [`--input=${this.source}`, `--output=${this.out}`, '--quiet'], {
      stdio: 'pipe',
    });
    execFileSync('node', ['bin/sw-isr.mjs', 'build', this.out, '--revalidate', '3600', '--quiet'], { stdio: 'pipe' });
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
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const entry = { path, fromWorker: sentByWorker(req.headers), status: 0 };
      this.requests.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      // The package's own ES modules, so a test page can import sw-isr/client as an app would.
      const base = path.startsWith('/lib/') ? join(import.meta.dirname, '..', 'dist') : this.out;
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) return void res.writeHead(403).end();
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file))
        return void res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>404</title>');
      const body = readFileSync(file);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        etag,
        'cache-control': 'no-cache',
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
