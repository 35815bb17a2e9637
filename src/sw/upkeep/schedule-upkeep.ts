import { collectAssets } from './collect-assets.js';
import { enforceBudget } from './enforce-budget.js';
import type { IsrContext } from '../context/isr-context.js';
import { perContext } from '../context/per-context.js';
import { Flights } from '../util/flights.js';

/**
 * Keeps storage within its budget and collects the files no kept page needs, after anything was stored or dropped.
 * One pass at a time; a call during a pass gets one more pass after it, so a burst of stores costs two passes,
 * not one each. Never rejects.
 */
export function scheduleUpkeep(ctx: IsrContext): Promise<void> {
  return passes(ctx).after('', async () => {
    try {
      await enforceBudget(ctx);
      await collectAssets(ctx);
    } catch (error) {
      console.warn('sw-isr: storage upkeep failed; it runs again after the next store', error);
    }
  });
}

/** The pass under way, and the one to follow it. */
const passes = perContext(() => new Flights<'', void>());
