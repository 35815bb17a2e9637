import type { FreshnessStore } from '../src/client/index.js';

declare global {
  interface Window {
    swIsr: FreshnessStore & { registration: Promise<ServiceWorkerRegistration | null> };
  }
}
