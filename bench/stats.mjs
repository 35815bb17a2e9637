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
