import { test as base, expect, type BrowserContext, type Page, type Response } from '@playwright/test';
import { LAB_ORIGIN } from './ports.js';

/** One page of the fake origin (e2e/lab-server.mjs). Unset fields take the defaults of a static host serving HTML. */
export interface LabPage {
  content?: string;
  /** Extra tags for the head (meta tags). */
  head?: string;
  /** The script tag the page loads sw-isr with. @default registration scoped to /lab/ */
  script?: string;
  status?: number;
  headers?: Record<string, string>;
  /** A whole body, replacing the generated document. */
  body?: string;
  /** Answer If-None-Match with 304 when the ETag matches. @default true */
  etag?: boolean;
  /** Drop the connection, or cut the body short of its declared length. */
  fault?: 'reset' | 'truncate';
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface LabRequest {
  /** The full URL asked for. */
  path: string;
  fromWorker: boolean;
  headers: Record<string, string>;
  /** The status the origin answered with; 0 when it dropped the connection. */
  status: number;
  /** Requests under way at the origin, this one included, when it arrived. */
  inFlight: number;
}

/**
 * Whether the worker sent a request itself, told at the origin so that it reads the same in every engine (Playwright
 * attributes requests to a worker only in Chromium; WebDriver sees no requests at all). The worker's own `fetch()`
 * builds a new Request, whose destination is empty (`Sec-Fetch-Dest: empty`); a page's navigation, script or
 * stylesheet keeps its own destination, also when the worker passes it on unchanged. The page side never fetches
 * pages or files itself.
 */
export function sentByWorker(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['sec-fetch-dest'] === 'empty';
}

/**
 * The script tag of lab pages. The worker is scoped to /lab/, so its manifest URL (/lab/isr-manifest.json) is a 404:
 * the lab is a site without a manifest, apart from the demo's.
 */
export function labScript(attributes = ''): string {
  return `<script src="/sw-isr.js" data-scope="/lab/"${attributes ? ` ${attributes}` : ''} defer></script>`;
}

/**
 * A fake origin under /lab/, per test, served by a real HTTP server (e2e/lab-server.mjs): each test sets its pages'
 * bodies and headers, reads every request that reached "the origin" (from the page or from the worker) from the
 * server's own log, can hold an answer back to prove who waits for whom, and can take the network away. Paths are
 * unique per test, so tests share no state. Nothing here depends on the browser driver, so the same lab serves
 * Playwright's Chromium and Firefox and WebDriver's WebKit.
 */
export class Lab {
  readonly prefix: string;

  constructor(testId: string) {
    this.prefix = `/lab/${testId}`;
  }

  url(name: string): string {
    return `${LAB_ORIGIN}${this.prefix}/${name}`;
  }

  private async post(action: string, body: unknown): Promise<void> {
    const response = await fetch(`${LAB_ORIGIN}/__lab/${action}`, { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`lab server: ${action} failed with ${response.status}`);
  }

  async set(name: string, page: LabPage): Promise<string> {
    await this.post('page', { path: `${this.prefix}/${name}`, page });
    return this.url(name);
  }

  /** Requests for a page that reached the origin server, including those still held or dropped. */
  async hits(name: string): Promise<number> {
    const response = await fetch(`${LAB_ORIGIN}/__lab/hits?path=${encodeURIComponent(`${this.prefix}/${name}`)}`);
    return Number(await response.text());
  }

  /** Every request of this test that reached the origin, in order of arrival. */
  async requests(): Promise<LabRequest[]> {
    const response = await fetch(`${LAB_ORIGIN}/__lab/log?prefix=${encodeURIComponent(`${this.prefix}/`)}`);
    const entries = (await response.json()) as {
      path: string;
      headers: Record<string, string>;
      status: number;
      inFlight: number;
    }[];
    return entries.map(({ path, headers, status, inFlight }) => ({
      path: `${LAB_ORIGIN}${path}`,
      fromWorker: sentByWorker(headers),
      headers,
      status,
      inFlight,
    }));
  }

  /** Requests for a page that reached the origin (from the worker only, or the page only, when asked). */
  async count(name: string, fromWorker?: boolean): Promise<number> {
    return (await this.requests()).filter(
      (r) => r.path === this.url(name) && (fromWorker === undefined || r.fromWorker === fromWorker),
    ).length;
  }

  /**
   * Holds the next request for a page until `release()`. `arrived` resolves when it reaches the origin, so a test
   * can check what happens while the origin has not answered yet. With `mode`, only a request of that mode is held:
   * `no-cors` is a page's classic script tag (passed on by the worker as it is), not the worker's own fetch of the
   * same file, which is `cors` (Chromium reports both with Sec-Fetch-Dest `empty`, so the destination cannot tell).
   */
  async hold(name: string, mode?: RequestMode): Promise<{ arrived: Promise<void>; release: () => Promise<void> }> {
    const seen = await this.hits(name);
    await this.post('hold', { path: `${this.prefix}/${name}`, mode });
    const arrived = (async () => {
      while ((await this.hits(name)) === seen) await new Promise((resolve) => setTimeout(resolve, 20));
    })();
    return { arrived, release: () => this.post('release', { path: `${this.prefix}/${name}` }) };
  }

  /**
   * Takes the network away, as when a reader's connection drops: the lab origin drops every connection (an
   * engine-neutral fault: WebDriver has no offline switch, and Firefox's offline mode does not reach a worker's own
   * fetch), and where a Playwright context is given, the browser is told it is offline too, so that
   * `navigator.onLine` agrees. The fixture puts the network back after each test.
   */
  async setOffline(context: BrowserContext | null, offline: boolean): Promise<void> {
    await this.post('offline', { offline });
    if (context) await context.setOffline(offline);
  }
}

export const test = base.extend<{ lab: Lab }>({
  lab: async ({}, use, testInfo) => {
    const lab = new Lab(testInfo.testId);
    await use(lab);
    // A test that failed while offline must not leave the next one without a network.
    await lab.setOffline(null, false);
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

/** Starts collecting, in `tab`, the reasons of the `removed` broadcasts it hears (see {@link removalsHeard}). */
export async function hearRemovals(tab: Page): Promise<void> {
  await tab.evaluate(() => {
    const heard: string[] = ((window as unknown as { removals: string[] }).removals = []);
    new BroadcastChannel('sw-isr').addEventListener('message', ({ data }) => {
      if (data?.type === 'removed') heard.push(data.reason);
    });
  });
}

/** The reasons of the `removed` broadcasts `tab` heard since {@link hearRemovals}. */
export function removalsHeard(tab: Page): Promise<string[]> {
  return tab.evaluate(() => (window as unknown as { removals: string[] }).removals);
}

/** Opens another tab in the same browser profile (same worker, caches and channel). */
export async function openTab(context: BrowserContext, path: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(path);
  await tab.waitForFunction(() => window.swIsr !== undefined && window.swIsr.getSnapshot().fetchedAt !== null);
  return tab;
}
