import { CLIENT_DEFAULTS } from '../shared/options.js';

export interface RegisterWorkerOptions {
  /** URL of the worker script. @default '/sw-isr-worker.js' */
  worker?: string;
  /** Registration scope. @default the worker script's folder */
  scope?: string;
  /**
   * Options for the prebuilt worker, sent in its URL's query (`revalidate`, `timeout`, `exclude`, …; lists
   * comma-separated). The worker reports a bad one in its console and uses the default. @default {}
   */
  workerOptions?: Record<string, string | number | boolean>;
}

/**
 * Registers the ISR worker. Resolves to null where service workers are unavailable (old browser, insecure origin,
 * some private modes): the site keeps working from the network there.
 */
export async function registerWorker(options: RegisterWorkerOptions = {}): Promise<ServiceWorkerRegistration | null> {
  const url = new URL(options.worker ?? CLIENT_DEFAULTS.worker, location.href);
  for (const [name, value] of Object.entries(options.workerOptions ?? {})) url.searchParams.set(name, String(value));
  // updateViaCache 'none': a new worker version must not wait behind the browser's HTTP cache. An undefined scope
  // counts as absent, so the browser's default applies. Where workers are unavailable the attribute is absent.
  return (
    (navigator.serviceWorker as ServiceWorkerContainer | undefined)?.register(url, {
      updateViaCache: 'none',
      scope: options.scope ?? CLIENT_DEFAULTS.scope,
    }) ?? null
  );
}
