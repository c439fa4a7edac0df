// Sub-sample time offset between two similar signals by normalised cross-correlation and parabolic peak
// interpolation.

export interface Lag {
  /** b is `lag` samples later than a (fractional) */
  lag: number;
  /** normalised correlation at the peak, −1..1 */
  peak: number;
}

/**
 * Finds the lag in [−maxLag, maxLag] that best aligns b[bStart + lag + i] with a[aStart + i], i < length.
 * Samples outside either signal count as 0.
 */
export function bestLag(
  a: ArrayLike<number>,
  aStart: number,
  b: ArrayLike<number>,
  bStart: number,
  length: number,
  maxLag: number,
): Lag {
  const at = (x: ArrayLike<number>, i: number): number => (i >= 0 && i < x.length ? (x[i] as number) : 0);
  let ea = 0;
  for (let i = 0; i < length; i++) ea += at(a, aStart + i) ** 2;
  const scores = new Float64Array(2 * maxLag + 1);
  let best = 0;
  for (let l = -maxLag; l <= maxLag; l++) {
    let s = 0;
    let eb = 0;
    for (let i = 0; i < length; i++) {
      const bv = at(b, bStart + l + i);
      s += at(a, aStart + i) * bv;
      eb += bv * bv;
    }
    const score = ea > 0 && eb > 0 ? s / Math.sqrt(ea * eb) : 0;
    scores[l + maxLag] = score;
    if (score > (scores[best] as number)) best = l + maxLag;
  }
  let frac = 0;
  if (best > 0 && best < scores.length - 1) {
    const y0 = scores[best - 1] as number;
    const y1 = scores[best] as number;
    const y2 = scores[best + 1] as number;
    const den = y0 - 2 * y1 + y2;
    if (den < 0) frac = Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / den));
  }
  return { lag: best - maxLag + frac, peak: scores[best] as number };
}
