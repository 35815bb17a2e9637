import { describe, expect, it } from 'vitest';
import { runLimited } from './run-limited.js';

describe('runLimited', () => {
  it('never runs more than the limit at once, runs every item, and survives failures', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (n % 3)));
      running--;
      if (n === 4) throw new Error('one fails');
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 5, 6, 7]);
  });
});
