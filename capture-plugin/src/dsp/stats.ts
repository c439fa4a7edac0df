// Order statistics for timing reports and robust estimates.

/** The q-quantile (0..1) of `values` by linear interpolation; NaN for none. Does not modify `values`. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = Array.from(values).sort((a, b) => a - b);
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

export const median = (values: ArrayLike<number>): number => quantile(values, 0.5);

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return values.length ? s / values.length : Number.NaN;
}

/** Median absolute deviation from the median. */
export function mad(values: ArrayLike<number>): number {
  const m = median(values);
  return median(Array.from(values, (v) => Math.abs(v - m)));
}

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

/** p50/p99/max of absolute values (timing errors). */
export function absSpread(values: ArrayLike<number>): Spread {
  const a = Array.from(values, Math.abs);
  return { p50: quantile(a, 0.5), p99: quantile(a, 0.99), max: a.length ? Math.max(...a) : Number.NaN };
}
