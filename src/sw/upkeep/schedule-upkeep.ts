import { collectAssets } from './collect-assets.js';
import { enforceBudget } from './enforce-budget.js';
import type { IsrContext } from '../context/isr-context.js';
import { perContext } from '../context/per-context.js';
import { Flights } from '../util/flights.js';
import { warn } from '../util/log.js';

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
      warn('upkeep-failed', error);
    }
  });
}

/** The pass under way, and the one to follow it. */
const passes = perContext(() => new Flights<'', void>());
