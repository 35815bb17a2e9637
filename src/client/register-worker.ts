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
  /**
   * Register even where another worker (not at this worker's path) controls the scope, replacing it. Without it,
   * registering there rejects, so that a site's own worker (push notifications, its own precache) is never replaced
   * by mistake: such a site imports `installIsr` from `sw-isr/sw` into its worker instead. @default false
   */
  replace?: boolean;
}

/**
 * Registers the ISR worker. Resolves to null where service workers are unavailable (old browser, insecure origin,
 * some private modes): the site keeps working from the network there.
 */
export async function registerWorker(options: RegisterWorkerOptions = {}): Promise<ServiceWorkerRegistration | null> {
  const url = new URL(options.worker ?? CLIENT_DEFAULTS.worker, location.href);
  for (const [name, value] of Object.entries(options.workerOptions ?? {})) url.searchParams.set(name, String(value));
  // CLIENT_DEFAULTS.scope is undefined: the browser's default.
  const { scope } = options;
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  // The registrations that serve the scope (by default the worker's folder) and this page, if a worker of theirs is
  // not ours (the way out's has our path too): one of the same scope would be replaced, a wider one would lose
  // these pages, a narrower one that controls this page would keep it from sw-isr.
  for (const current of container
    ? [await container.getRegistration(scope ?? new URL('./', url).href), await container.getRegistration()]
    : []) {
    const other = (current?.active ?? current?.waiting ?? current?.installing)?.scriptURL;
    if (other && new URL(other).pathname !== url.pathname && !options.replace)
      throw new Error(`${other} has this scope; data-replace replaces it`);
  }
  // updateViaCache 'none': a new worker version must not wait behind the browser's HTTP cache. An undefined scope
  // counts as absent, so the browser's default applies. Where workers are unavailable the attribute is absent.
  return container?.register(url, { updateViaCache: 'none', scope }) ?? null;
}
