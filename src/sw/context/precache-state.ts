import type { PrecacheProgress } from '../../shared/protocol.js';
import type { IsrContext } from './isr-context.js';
import { perContext } from './per-context.js';

/**
 * The precache as the rest of the worker sees it: what it keeps, and what the pass under way is storing (kept from
 * the budget and the collector before the pass has recorded it). The pass itself is engine/precache.ts.
 */
export const precacheState = perContext(() => ({
  /** The progress of the last pass in this worker's life; null before one ran. */
  progress: null as PrecacheProgress | null,
  storing: new Set<string>(),
}));

/** Every URL the precache keeps (or is storing now), or null when that cannot be known (IndexedDB unreadable). */
export async function precachedUrls(ctx: IsrContext): Promise<string[] | null> {
  const state = await ctx.db.stateOrNull('precache');
  return state && [...(state.value?.urls ?? []), ...precacheState(ctx).storing];
}

/** The progress of the last or current pass, for a page that asks; null when nothing is declared. */
export async function precacheProgress(ctx: IsrContext): Promise<PrecacheProgress | null> {
  return precacheState(ctx).progress ?? (await ctx.db.getState('precache'))?.progress ?? null;
}
