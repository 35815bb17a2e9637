import type { FreshnessStore } from './freshness-store.js';

const STYLE = `:host{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:var(--sw-isr-font,15px/1.4 system-ui,sans-serif)}
[part=box]{display:flex;gap:.75rem;align-items:center;padding:.75rem 1rem;border-radius:var(--sw-isr-radius,.5rem);
background:var(--sw-isr-background,#1d2330);color:var(--sw-isr-color,#fff);box-shadow:0 .25rem 1rem #0005}
[part=box][hidden]{display:none}
button{font:inherit;color:inherit;cursor:pointer;border:0;border-radius:.35rem;padding:.35rem .8rem}
[part=button]{background:var(--sw-isr-accent,#3b6fd8)}[part=dismiss]{background:none;padding:.35rem .5rem}
button:focus-visible{outline:2px solid var(--sw-isr-focus,#fff);outline-offset:2px}
@media (prefers-reduced-motion:no-preference){[part=box]{animation:sw-isr-in .2s ease-out}}
@keyframes sw-isr-in{from{transform:translateY(.5rem);opacity:0}}`;

/**
 * `<sw-isr-banner>`: a polite live region that says when the page being read has a newer version, with a button
 * that shows it. It stays in the document from the start, empty, because screen readers announce changes to a live
 * region that already exists, not a region inserted with its text. It never takes focus.
 *
 * Attributes: `text` (the message), `button-text`, `dismiss-text` (the dismiss button's accessible name).
 * Styling: CSS custom properties `--sw-isr-background`, `--sw-isr-color`, `--sw-isr-accent`, `--sw-isr-font`,
 * `--sw-isr-radius`, `--sw-isr-focus`, and the parts `box`, `text`, `button`, `dismiss`.
 */
export class SwIsrBanner extends HTMLElement {
  private box: HTMLElement | null = null;
  private release: (() => void) | null = null;
  private dismissedVersion: number | null = null;
  store: FreshnessStore | null = null;

  connectedCallback(): void {
    this.setAttribute('role', 'status');
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>${STYLE}</style><div part="box" hidden><span part="text"></span>` +
        `<button part="button" type="button"></button><button part="dismiss" type="button">✕</button></div>`;
      this.box = root.querySelector('[part=box]');
      root.querySelector('[part=button]')!.addEventListener('click', () => this.store?.applyUpdate());
      root.querySelector('[part=dismiss]')!.addEventListener('click', () => {
        this.dismissedVersion = this.store?.getSnapshot().version ?? null;
        this.render();
      });
    }
    this.release = this.store?.subscribe(() => this.render()) ?? null;
    this.render();
  }

  disconnectedCallback(): void {
    this.release?.();
    this.release = null;
  }

  private render(): void {
    const root = this.shadowRoot;
    const snapshot = this.store?.getSnapshot();
    if (!root || !this.box || !snapshot) return;
    const show = snapshot.hasUpdate && snapshot.version !== this.dismissedVersion;
    root.querySelector('[part=text]')!.textContent = show ? (this.getAttribute('text') ?? 'This page has been updated.') : '';
    root.querySelector('[part=button]')!.textContent = this.getAttribute('button-text') ?? 'Show new version';
    root.querySelector('[part=dismiss]')!.setAttribute('aria-label', this.getAttribute('dismiss-text') ?? 'Dismiss');
    this.box.hidden = !show;
  }
}

/** Defines `<sw-isr-banner>` once, whoever asks first. */
export function defineBanner(): void {
  if (!customElements.get('sw-isr-banner')) customElements.define('sw-isr-banner', SwIsrBanner);
}
