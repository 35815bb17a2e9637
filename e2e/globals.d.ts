import type { FreshnessStore } from '../src/client/index.js';

declare global {
  interface Window {
    swIsr: FreshnessStore & { registration: Promise<ServiceWorkerRegistration | null> };
    /** Set by dist/sw-isr-morph.js. */
    swIsrMorph?: unknown;
  }
}
