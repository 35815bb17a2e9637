/** Median, min and max of a sample. @param {number[]} values */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ i) => sorted[i] ?? NaN;
  const mid = sorted.length / 2;
  return {
    median: sorted.length % 2 ? at(Math.floor(mid)) : (at(mid - 1) + at(mid)) / 2,
    min: at(0),
    max: at(sorted.length - 1),
  };
}

/** "median (min–max)" in ms. @param {{median: number, min: number, max: number}} s */
export const fmt = (s) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;

/**
 * A 95% interval for the ratio of two samples' medians (`values` over `floor`), by the bootstrap: the rounds are drawn
 * again with replacement `draws` times, each time both samples' values of the drawn rounds (rounds pair them: both
 * ran side by side), and the middle 95% of the ratios is kept. For telling a difference from a run's noise: a worker's
 * start varies by 3× from one navigation to the next here, so one median moves by 5%.
 * @param {number[]} values
 * @param {number[]} floor as many as `values`, the same rounds in the same order
 */
export function ratioInterval(values, floor, draws = 2000) {
  if (values.length !== floor.length) throw new Error('ratioInterval takes two samples of the same rounds');
  const ratios = Array.from({ length: draws }, () => {
    const rounds = Array.from(values, () => Math.floor(Math.random() * values.length));
    return stats(rounds.map((i) => values[i] ?? NaN)).median / stats(rounds.map((i) => floor[i] ?? NaN)).median;
  }).sort((a, b) => a - b);
  return { low: ratios[Math.floor(draws * 0.025)] ?? NaN, high: ratios[Math.ceil(draws * 0.975) - 1] ?? NaN };
}
