/** Robust statistics for the anomaly baseline: medians resist the very outliers we look for. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

export function meanAbsDeviation(values: readonly number[], center: number): number {
  return values.reduce((sum, v) => sum + Math.abs(v - center), 0) / values.length;
}

/** 1/Φ⁻¹(3/4): scales a MAD to the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;
/** √(π/2): scales a mean absolute deviation to the standard deviation of normal data. */
export const MEAN_AD_TO_SIGMA = 1.2533;
/** The smallest spread a baseline may have, relative to its median, so a flat history does not turn every wobble into an anomaly. */
export const MIN_RELATIVE_SPREAD = 0.01;

/**
 * A robust standard deviation: 1.4826·MAD; when more than half the history is identical (MAD = 0)
 * the mean absolute deviation takes over (Iglewicz & Hoaglin's modified z-score does the same);
 * never less than 1% of the median. A perfectly flat history at 0 has spread 0: any change is anomalous.
 */
export function robustSpread(values: readonly number[]): { center: number; spread: number; mad: number } {
  const center = median(values);
  const m = mad(values, center);
  const spread = m > 0 ? MAD_TO_SIGMA * m : MEAN_AD_TO_SIGMA * meanAbsDeviation(values, center);
  return { center, spread: Math.max(spread, MIN_RELATIVE_SPREAD * Math.abs(center)), mad: m };
}
