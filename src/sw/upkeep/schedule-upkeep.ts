import { collectAssets } from './collect-assets.js';
import { enforceBudget } from './enforce-budget.js';
import { reconcile } from './reconcile.js';
import type { IsrContext } from '../context/isr-context.js';
import { perContext } from '../context/per-context.js';
import { Flights } from '../util/flights.js';
import { warn } from '../util/log.js';

/**
 * A pass reads every page record and stored file (O(stored pages)), so the next one starts no sooner than this many
 * times the last one's length after it: upkeep takes at most a twentieth of the worker's time however fast pages are
 * stored. Stores in between are all seen by that next pass. The wait is capped ({@link LONGEST_WAIT}), so that a slow
 * pass (IndexedDB timing out) does not hold the worker awake, or the budget unkept, for minutes.
 */
const PACE = 19;
const LONGEST_WAIT = 10_000;

/**
 * Keeps storage within its budget and collects the files no kept page needs, after anything was stored or dropped.
 * One pass at a time; a call during a pass gets one more pass after it, so a burst of stores costs two passes,
 * not one each. Never rejects.
 */
export function scheduleUpkeep(ctx: IsrContext): Promise<void> {
  const pace = pacing(ctx);
  return passes(ctx).after('', async () => {
    const wait = Math.min(pace.next - Date.now(), LONGEST_WAIT);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // The day's reconciliation (run by the collector first) is not part of the pass's own length.
    await reconcile(ctx);
    const started = Date.now();
    try {
      await enforceBudget(ctx);
      await collectAssets(ctx);
    } catch (error) {
      warn('upkeep-failed', error);
    }
    pace.next = Date.now() + (Date.now() - started) * PACE;
  });
}

/** The pass under way, and the one to follow it. */
const passes = perContext(() => new Flights<'', void>());
/** When the next pass may start (ms since the epoch). */
const pacing = perContext(() => ({ next: 0 }));
