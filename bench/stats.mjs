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
 * A 95% interval for the ratio of two samples' medians (`values` over `floor`), by the bootstrap: each sample is
 * drawn again with replacement `draws` times, and the middle 95% of the ratios is kept. For telling a difference from
 * a run's noise: a worker's start varies by 3× from one navigation to the next here, so one median moves by 5%.
 * @param {number[]} values
 * @param {number[]} floor
 */
export function ratioInterval(values, floor, draws = 2000) {
  const redraw = (/** @type {number[]} */ sample) =>
    stats(Array.from(sample, () => sample[Math.floor(Math.random() * sample.length)] ?? NaN)).median;
  const ratios = Array.from({ length: draws }, () => redraw(values) / redraw(floor)).sort((a, b) => a - b);
  return { low: ratios[Math.floor(draws * 0.025)] ?? NaN, high: ratios[Math.ceil(draws * 0.975) - 1] ?? NaN };
}
