import { collectAssets } from './collect-assets.js';
import { enforceBudget } from './enforce-budget.js';
import type { IsrContext } from './isr-context.js';

/**
 * Keeps storage within its budget and collects the files no kept page needs, after anything was stored or dropped.
 * One pass at a time; a call during a pass gets one more pass after it, so a burst of stores costs two passes,
 * not one each. Never rejects.
 */
export function scheduleUpkeep(ctx: IsrContext): Promise<void> {
  const state = ctx.upkeep;
  if (state.running) {
    state.again = true;
    return state.running;
  }
  const pass = (async () => {
    do {
      state.again = false;
      try {
        await enforceBudget(ctx);
        await collectAssets(ctx);
      } catch (error) {
        console.warn('sw-isr: storage upkeep failed; it runs again after the next store', error);
      }
    } while (state.again);
    state.running = null;
  })();
  state.running = pass;
  return pass;
}
