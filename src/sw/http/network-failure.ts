/**
 * A failure of the network itself: `fetch()` rejected, or a body was cut short. Fetch rejects with a TypeError for
 * each of these in every engine, each worded its own way ("Failed to fetch", "NetworkError when attempting to fetch
 * resource.", "Load failed"): wrapped where it happens, so that it reads the same in every engine (the engine's words
 * kept in brackets), and so that a TypeError from our own code is never reported as the network's.
 */
export class NetworkFailure extends Error {
  constructor(cause: unknown) {
    super(`network error (${String((cause as Error | undefined)?.message ?? cause)})`);
  }
}

/** Rethrows a rejection of the network as a {@link NetworkFailure}: `fetch(…).catch(asNetworkFailure)`. */
export function asNetworkFailure(error: unknown): never {
  throw new NetworkFailure(error);
}
