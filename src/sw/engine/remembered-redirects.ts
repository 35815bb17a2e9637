import type { IsrContext } from '../context/isr-context.js';
import { perContext } from '../context/per-context.js';

/** How many redirects are remembered; the oldest learnt goes first. */
const KEPT = 200;
/** How long a redirected navigation waits to be seen landing (the browser follows at once). */
const LANDING_MS = 10_000;

/** Navigations the origin answered with a redirect, by the client they are making, until they land. */
const landings = perContext(() => new Map<string, { from: string; at: number }>());

/**
 * A navigation of `key` was answered with the origin's redirect, which reaches the worker opaque (no Location).
 * The browser follows it within the same navigation, keeping its `resultingClientId` across a same-origin hop: the
 * next navigation of that client is where `key` leads (see {@link landed}). No request of our own is made, so a URL
 * whose GET has effects (a login callback, a one-time link) is never asked twice.
 */
export function noteRedirect(ctx: IsrContext, clientId: string, key: string): void {
  if (!clientId) return;
  const pending = landings(ctx);
  const now = Date.now();
  for (const [id, { at }] of pending) if (now - at > LANDING_MS) pending.delete(id);
  pending.set(clientId, { from: key, at: now });
}

/**
 * Called for every navigation this worker handles (a lookup in a map that is empty unless a redirect was just
 * answered): when it is where a redirected navigation landed, remembers the redirect. A target on another origin
 * or outside the scope never reaches this worker, and is so never remembered.
 */
export function landed(ctx: IsrContext, clientId: string, key: string): Promise<void> | undefined {
  const pending = landings(ctx);
  const from = pending.size ? pending.get(clientId)?.from : undefined;
  if (from === undefined) return undefined;
  pending.delete(clientId);
  return rememberRedirect(ctx, from, key);
}

/** Forgets the redirected navigations not landed yet (a clear: nothing learnt before it is kept). */
export function forgetLandings(ctx: IsrContext): void {
  landings(ctx).clear();
}

/**
 * Remembers that `from` leads to `to` (both keys of pages of this worker), for {@link rememberedRedirect}; not after a
 * clear since `clears` (the clear count when the redirect was asked for: a logout forgets the reader's history).
 */
export async function rememberRedirect(
  ctx: IsrContext,
  from: string,
  to: string,
  clears = ctx.db.clears,
): Promise<void> {
  const known = (await ctx.db.getState('redirects')) ?? {};
  // A clear since the read: the map it read is the reader's history, not to be written back.
  if (known[from] === to || ctx.db.clears !== clears) return;
  delete known[from];
  known[from] = to;
  await ctx.db.setState('redirects', Object.fromEntries(Object.entries(known).slice(-KEPT)));
}

/**
 * The redirect to answer a navigation with when the network is gone: where `key` was last seen to lead, followed
 * through remembered hops to the first stored page (the browser follows it, and the address bar shows that page's
 * own URL). Null when none is stored.
 */
export async function rememberedRedirect(ctx: IsrContext, key: string): Promise<Response | null> {
  const known = (await ctx.db.getState('redirects')) ?? {};
  let target = known[key];
  for (let hops = 0; target && hops < 5; hops++) {
    if (await caches.match(target, { cacheName: ctx.options.cacheName })) return Response.redirect(target, 302);
    target = known[target];
  }
  return null;
}
