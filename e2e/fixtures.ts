import { test as base, expect, type BrowserContext, type Page, type Response, type Route } from '@playwright/test';
import { createHash } from 'node:crypto';

/** One page of the fake origin. Unset fields take the defaults of a static host serving HTML. */
export interface LabPage {
  content?: string;
  /** Extra tags for the head (meta tags). */
  head?: string;
  status?: number;
  headers?: Record<string, string>;
  /** A whole body, replacing the generated document. */
  body?: string;
  /** Answer If-None-Match with 304 when the ETag matches. @default true */
  etag?: boolean;
}

export interface LabRequest {
  path: string;
  fromWorker: boolean;
  headers: Record<string, string>;
}

/**
 * A fake origin under /lab/, per test: `context.route` answers both the browser's own navigations and the worker's
 * fetches, so each test sets its pages' bodies and headers, sees every request that reached "the origin", and can
 * hold an answer back to prove who waits for whom. Paths are unique per test, so tests share no state.
 */
export class Lab {
  readonly requests: LabRequest[] = [];
  private readonly pages = new Map<string, LabPage>();
  private readonly holds = new Map<string, { released: Promise<void>; arrived: () => void }>();
  readonly prefix: string;
  private offline = false;

  constructor(testId: string) {
    this.prefix = `/lab/${testId}`;
  }

  url(name: string): string {
    return `${this.prefix}/${name}`;
  }

  set(name: string, page: LabPage): string {
    this.pages.set(this.url(name), page);
    return this.url(name);
  }

  /** Requests for a page that reached the origin (from the worker only, when asked). */
  count(name: string, fromWorker?: boolean): number {
    return this.requests.filter((r) => r.path === this.url(name) && (fromWorker === undefined || r.fromWorker === fromWorker)).length;
  }

  /**
   * Holds the next request for a page until `release()`. `arrived` resolves when it reaches the origin, so a test
   * can check what happens while the origin has not answered yet.
   */
  hold(name: string): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.holds.set(this.url(name), { released, arrived });
    return { arrived: arrival, release };
  }

  /**
   * Takes the browser and this origin off the network. Both are needed: `context.route` answers requests before the
   * browser's offline emulation would fail them, so a faked origin must fail them itself.
   */
  async setOffline(context: BrowserContext, offline: boolean): Promise<void> {
    this.offline = offline;
    await context.setOffline(offline);
  }

  async handle(route: Route): Promise<void> {
    if (this.offline) {
      await route.abort('internetdisconnected');
      return;
    }
    const request = route.request();
    const path = new URL(request.url()).pathname;
    this.requests.push({ path, fromWorker: request.serviceWorker() !== null, headers: await request.allHeaders() });
    const hold = this.holds.get(path);
    if (hold) {
      this.holds.delete(path);
      hold.arrived();
      await hold.released;
    }
    const page = this.pages.get(path);
    if (!page) {
      await route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>404</title>' });
      return;
    }
    const body = page.body ?? labDocument(page);
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', ...page.headers };
    if (page.etag !== false && !('etag' in headers)) {
      headers.etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    }
    if (headers.etag && request.headers()['if-none-match'] === headers.etag) {
      await route.fulfill({ status: 304, headers });
      return;
    }
    await route.fulfill({ status: page.status ?? 200, headers, body });
  }
}

/** A document that loads the script-tag client the way a user's site does. */
export function labDocument(page: LabPage): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lab</title>${page.head ?? ''}
<script src="/sw-isr.js" defer></script></head><body><main id="content">${page.content ?? 'content'}</main></body></html>`;
}

export const test = base.extend<{ lab: Lab }>({
  lab: async ({ context }, use, testInfo) => {
    const lab = new Lab(testInfo.testId);
    await context.route('**/lab/**', (route) => lab.handle(route));
    // The lab is a site without a manifest: the demo origin's manifest lists only the demo's pages, and a worker
    // drops stored pages that a site's manifest does not list.
    await context.route('**/isr-manifest.json', (route) => route.fulfill({ status: 404, body: '' }));
    await use(lab);
  },
});

export { expect };

/** Opens a page the first time: the worker installs, takes control and stores this page. */
export async function firstVisit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(() => window.swIsr.getSnapshot().fetchedAt !== null);
}

/** The verdict the worker put on a navigation's response. */
export function cacheStatus(response: Response | null): string | undefined {
  return response?.headers()['x-isr-cache'];
}

export function content(page: Page): Promise<string> {
  return page.locator('#content').innerText();
}

/** The stored copy of a page in Cache Storage, read from the page. */
export function readCache(page: Page, path: string): Promise<{ body: string; headers: Record<string, string> } | null> {
  return page.evaluate(async (url) => {
    const cache = await caches.open('sw-isr-pages-v1');
    const response = await cache.match(new URL(url, location.href).href);
    if (!response) return null;
    return { body: await response.text(), headers: Object.fromEntries(response.headers) };
  }, path);
}

/** A page's metadata record in IndexedDB, read without ever creating the database. */
export function readMeta(page: Page, path: string): Promise<Record<string, unknown> | null> {
  return page.evaluate(async (url) => {
    const exists = (await indexedDB.databases()).some((db) => db.name === 'sw-isr');
    if (!exists) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('sw-isr');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('pages')) return null;
      const get = db.transaction('pages').objectStore('pages').get(new URL(url, location.href).href);
      return await new Promise<Record<string, unknown> | null>((resolve, reject) => {
        get.onsuccess = () => resolve((get.result as Record<string, unknown> | undefined) ?? null);
        get.onerror = () => reject(get.error);
      });
    } finally {
      db.close();
    }
  }, path);
}

/** Opens another tab in the same browser profile (same worker, caches and channel). */
export async function openTab(context: BrowserContext, path: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(path);
  await tab.waitForFunction(() => window.swIsr?.getSnapshot().fetchedAt !== null);
  return tab;
}
