import {
  CHANNEL_NAME,
  isProtocolMessage,
  type BroadcastMessage,
  type RemovedReason,
  type StoredPageRow,
} from '../shared/protocol.js';
import { messageWorker } from './message-worker.js';
import { ElementBase } from './element-base.js';
import { revalidatePath, revalidateTag } from './revalidate-on-demand.js';
import { servedVersion } from './served-version.js';
import { storageStatus } from './storage-status.js';

const STYLE = `:host{display:block;font:13px/1.45 system-ui,sans-serif;color:#1c2230;background:#fff;border:1px solid #d5dbe8;border-radius:8px;padding:12px;margin:16px 0}
h2{font-size:15px;margin:0 0 8px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eef1f6;vertical-align:middle}
th{font-weight:600;color:#5a6275}.bar{width:110px;height:8px;background:#eef1f6;border-radius:4px;overflow:hidden}.bar>i{display:block;height:100%;background:#3b6fd8}
.stale .bar>i{background:#d98a00}.failing .bar>i{background:#c0392b}.state{font-weight:600}.stale .state{color:#a56700}.failing .state{color:#c0392b}
.tools{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}ol{margin:0;padding-left:20px;max-height:180px;overflow:auto;font-family:ui-monospace,monospace;font-size:12px;white-space:pre}h2+ol{margin-top:4px}table+h2{margin-top:14px}
button,input{font:inherit}small{color:#5a6275}`;

/**
 * The stored pages, from the worker that controls this page: through the message protocol, so a custom `dbName`
 * works and the worker's database is never opened (or created) from here.
 */
async function readPages(): Promise<StoredPageRow[]> {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return [];
  return (await messageWorker(worker, { type: 'pages' }, 5000)).pages;
}

/** Asks the worker to announce each navigation's verdict for the next minute. */
async function inspect(): Promise<void> {
  const worker = navigator.serviceWorker?.controller;
  if (worker) await messageWorker(worker, { type: 'inspect' }, 5000).catch(() => {});
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const kb = (bytes: number) =>
  bytes < 1024 ** 2
    ? `${(bytes / 1024).toFixed(1)} KB`
    : bytes < 1024 ** 3
      ? `${(bytes / 1024 ** 2).toFixed(1)} MB`
      : `${(bytes / 1024 ** 3).toFixed(1)} GB`;
const time = () => new Date().toLocaleTimeString();
/** The worker's removal codes in words (the worker sends codes only: see RemovedReason). */
const REMOVED: Record<RemovedReason, string> = {
  gone: 'removed: gone at the origin (404 or 410)',
  private: 'removed: private now (401, 403, private, no-store or cookies)',
  excluded: "removed: under exclude or outside the worker's scope",
  unlisted: 'removed: gone from the site manifest',
  hard: 'removed: revalidated on demand (hard)',
  evicted: 'evicted: the storage budget is full',
  full: "evicted: the browser's storage is full",
  unknown: 'removed: not a page this worker stores (an older cache key)',
  cleared: 'removed: cleared (swIsr.clear())',
  'site-cleared': 'removed: the site cleared its data (Clear-Site-Data)',
};

function describe(message: BroadcastMessage): string {
  switch (message.type) {
    case 'served':
      return message.status;
    case 'revalidating':
      return 'revalidating';
    case 'fetched':
      return message.changed ? 'updated' : 'unchanged (304 or same body)';
    case 'failed':
      return `error: ${message.error}`;
    case 'removed':
      return REMOVED[message.reason] ?? `removed: ${message.reason}`;
    case 'precache': {
      const { done, total, failed, ready } = message.precache;
      return ready
        ? `available offline (${total} precached)`
        : `precaching ${done}/${total}${failed ? `, ${failed} failed` : ''}`;
    }
  }
}

/**
 * `<sw-isr-inspector>`: every stored page with its state, an age bar against its interval, its size, tags and last
 * revalidation result; a live timeline of what the worker announces (and of each inspecting tab's own HIT, STALE,
 * MISS or BYPASS); storage used against quota; and buttons to revalidate a page or a tag, or clear everything.
 * It only reads IndexedDB and listens on the channel: the worker does no extra work for it. Opt-in, and never part
 * of the script tag's own bundle (`data-inspector` loads it from `sw-isr-inspector.js`).
 */
export class SwIsrInspector extends ElementBase {
  #channel: BroadcastChannel | null = null;
  #timeline: string[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  connectedCallback(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${STYLE}</style><h2>sw-isr inspector</h2><p><small data-storage>storage: …</small></p>
<div class="tools"><label>Tag <input data-tag size="12" placeholder="news"></label><button type="button" data-revalidate-tag>Revalidate tag</button>
<button type="button" data-clear>Clear all pages</button></div>
<table><thead><tr><th>Page</th><th>State</th><th>Age / interval</th><th>Size</th><th>Tags</th><th>Last result</th><th></th></tr></thead><tbody></tbody></table>
<h2>Timeline</h2><ol aria-live="off"></ol>`;
    root.addEventListener('click', (event) => void this.#act(event.target as HTMLElement));
    this.#channel = new BroadcastChannel(CHANNEL_NAME);
    this.#channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (!isProtocolMessage<BroadcastMessage>(data)) return;
      this.#log(data.url || null, describe(data));
      void this.refresh();
    };
    const served = servedVersion();
    if (served) this.#log(location.href, served.status);
    // Ages move on by themselves; a second is as fine as the bars can show. The worker announces each navigation
    // only while an inspector keeps asking, so it stops by itself when the last one closes.
    let ticks = 0;
    this.#timer = setInterval(() => {
      void this.refresh();
      if (ticks++ % 30 === 0) void inspect();
    }, 1000);
    void inspect();
    void this.refresh();
  }

  disconnectedCallback(): void {
    this.#channel?.close();
    clearInterval(this.#timer);
  }

  #log(url: string | null, what: string): void {
    this.#timeline.unshift(`${time()}  ${what.padEnd(10)}  ${url ? new URL(url).pathname : ''}`);
    this.#timeline.length = Math.min(this.#timeline.length, 200);
    const list = this.shadowRoot?.querySelector('ol');
    if (list) list.innerHTML = this.#timeline.map((line) => `<li>${escape(line)}</li>`).join('');
  }

  async #act(target: HTMLElement): Promise<void> {
    const root = this.shadowRoot!;
    if (target.matches('[data-page]')) await revalidatePath(target.dataset.page!);
    else if (target.matches('[data-revalidate-tag]')) {
      const tag = root.querySelector<HTMLInputElement>('[data-tag]')!.value.trim();
      if (tag) this.#log(null, `tag "${tag}": ${(await revalidateTag(tag)).length} page(s)`);
    } else if (target.matches('[data-clear]')) {
      await revalidatePath(
        (await readPages().catch(() => [])).map((page) => page.url),
        { hard: true },
      );
    }
    await this.refresh();
  }

  /** Reads the pages and storage again and redraws the table. */
  async refresh(): Promise<void> {
    const root = this.shadowRoot;
    if (!root) return;
    const [pages, estimate] = await Promise.all([readPages().catch(() => []), storageStatus().catch(() => null)]);
    const now = Date.now();
    pages.sort((a, b) => a.url.localeCompare(b.url));
    root.querySelector('tbody')!.innerHTML =
      pages
        .map((page) => {
          const age = Math.max(0, (now - page.fetchedAt) / 1000);
          const share = page.revalidate > 0 ? Math.min(1, age / page.revalidate) : 1;
          const state = page.failures ? 'failing' : age >= page.revalidate ? 'stale' : 'fresh';
          const path = new URL(page.url).pathname + new URL(page.url).search;
          return `<tr class="${state}" data-url="${escape(page.url)}"><td>${escape(path)}</td><td class="state">${state}</td>
<td><div class="bar" role="img" aria-label="${Math.round(age)} of ${page.revalidate} s"><i style="width:${(share * 100).toFixed(1)}%"></i></div>
<small>${Math.round(age)} s / ${page.revalidate} s</small></td><td>${kb(page.size)}</td><td>${escape(page.tags.join(', '))}</td>
<td>${page.lastError ? `${escape(page.lastError)} (×${page.failures ?? 1})` : 'ok'}</td>
<td><button type="button" data-page="${escape(page.url)}">Revalidate</button></td></tr>`;
        })
        .join('') || '<tr><td colspan="7"><small>No page stored yet.</small></td></tr>';
    const storage = root.querySelector('[data-storage]')!;
    storage.textContent = estimate
      ? `storage: ${kb(estimate.usage)} used of ${kb(estimate.quota)} (${estimate.persisted ? 'persistent' : 'may be cleared when the device runs short'}); ${pages.length} page(s) stored`
      : 'storage: unknown';
  }
}

/** Defines `<sw-isr-inspector>` and puts one in `target` (or at the end of the page) unless there is one already. */
export function mountInspector(target: Element = document.body): SwIsrInspector {
  if (!customElements.get('sw-isr-inspector')) customElements.define('sw-isr-inspector', SwIsrInspector);
  const existing = document.querySelector<SwIsrInspector>('sw-isr-inspector');
  if (existing) return existing;
  const inspector = document.createElement('sw-isr-inspector') as SwIsrInspector;
  target.append(inspector);
  return inspector;
}
