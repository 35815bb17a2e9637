import type { FreshnessStatus } from './freshness-snapshot.js';
import type { FreshnessStore } from './freshness-store.js';
import { ElementBase } from './element-base.js';

// One line: template literals keep their newlines through minification. Inside its own shadow root the banner
// has one div and two buttons, so element selectors are enough; the parts are for styling from outside.
const STYLE =
  ':host{position:fixed;right:1rem;bottom:1rem;z-index:999999;font:var(--sw-isr-font,15px/1.4 system-ui,sans-serif)}' +
  // A fade, not a movement, so it needs no prefers-reduced-motion guard (WCAG 2.3.3 is about motion).
  'div{display:flex;gap:.6rem;align-items:center;padding:.6rem 1rem;border-radius:var(--sw-isr-radius,.5rem);' +
  'background:var(--sw-isr-background,#1d2330);color:var(--sw-isr-color,#fff);animation:i .3s}' +
  '[hidden]{display:none!important}@keyframes i{from{opacity:0}}' +
  'button{font:inherit;color:inherit;cursor:pointer;border:0;border-radius:.3rem;padding:.3rem .6rem;background:0}' +
  '[part=button]{background:var(--sw-isr-accent,#3b6fd8)}';

const TEXTS: Record<string, string> = {
  text: 'This page has been updated.',
  'site-text': 'This site has been updated.',
  'button-text': 'Show new version',
  'offline-text': 'Offline: showing the saved copy.',
  'error-text': 'Could not refresh: showing the saved copy.',
  'retry-text': 'Try again',
  'dismiss-text': 'Dismiss',
};

/**
 * `<sw-isr-banner>`: a polite live region that says when the page being read has a newer version (with a button that
 * shows it), when the site was updated (a new version of its worker took over: the button reloads once), when the
 * reader is offline, and when the page could not be refreshed (with a button to try again). It
 * stays in the document from the start, empty, because screen readers announce changes to a live region that
 * already exists, not a region inserted with its text. It never takes focus.
 *
 * Attributes override the texts: `text`, `site-text`, `button-text`, `offline-text`, `error-text`, `retry-text`,
 * `dismiss-text`.
 * Styling: CSS custom properties `--sw-isr-background`, `--sw-isr-color`, `--sw-isr-accent`, `--sw-isr-font`,
 * `--sw-isr-radius`, and the parts `box`, `text`, `button`, `dismiss`. Buttons keep the browser's focus ring.
 */
export class SwIsrBanner extends ElementBase {
  /**
   * The store the banner tells of; without one it shows nothing. Declared, not initialized: a field initializer
   * would overwrite, at the upgrade, the store the script tag set on the element before sw-isr-banner.js defined it.
   */
  declare store: FreshnessStore | null;
  #release: (() => void) | undefined;

  connectedCallback(): void {
    const store = this.store;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (!store) return;
    this.role = 'status';
    // The buttons need no type: in a shadow root they have no form to submit. The parser closes the last button and
    // the box.
    root.innerHTML = `<style>${STYLE}</style><div part=box><span part=text></span><button part=button></button><button part=dismiss>✕`;
    // In document order: the box, its text, its button, the dismiss button.
    const [box, text, button, dismiss] = root.querySelectorAll<HTMLElement>('[part]');
    const say = (name: string) => this.getAttribute(name) ?? TEXTS[name]!;
    // A dismissal hides the banner until the store's snapshot changes: a new update or failure shows it again.
    let dismissed: unknown;
    let name: string;
    const render = () => {
      const snapshot = store.getSnapshot();
      const status: FreshnessStatus = snapshot.status;
      // The statuses the banner tells of (updated, offline, error) are those with a text of their own; a site update
      // (a new version of its worker) is told when none of them is.
      const own = `${status}-text`;
      name = status === 'updated' ? 'text' : own in TEXTS || !snapshot.workerUpdated ? own : 'site-text';
      const show = name in TEXTS && snapshot !== dismissed;
      text!.textContent = show ? say(name) : '';
      button!.hidden = name === 'offline-text';
      button!.textContent = say(name === 'error-text' ? 'retry-text' : 'button-text');
      dismiss!.ariaLabel = say('dismiss-text');
      box!.hidden = !show;
    };
    // Shows the new version: of the page (reload or morph), or of the site (a reload: see applyUpdate).
    button!.onclick = () => void (name === 'error-text' ? store.revalidate() : store.applyUpdate());
    dismiss!.onclick = () => {
      // Without a newer version there is nothing to dismiss in the store, and dismiss() changes nothing.
      store.dismiss();
      dismissed = store.getSnapshot();
      render();
    };
    this.#release = store.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#release?.();
    // Reconnecting builds the banner afresh around the store.
    this.shadowRoot?.replaceChildren();
  }
}

/** Defines `<sw-isr-banner>` once, whoever asks first. */
export function defineBanner(): void {
  if (!customElements.get('sw-isr-banner')) customElements.define('sw-isr-banner', SwIsrBanner);
}
