// The period of a pitched sound by normalised autocorrelation: the first lag whose correlation peaks above 0.5
// after having dipped, refined by a parabola.

/** Period in samples of x[from, from+length), searched between minLag and maxLag; undefined when not periodic. */
export function estimatePeriod(x: ArrayLike<number>, from: number, length: number, minLag = 16, maxLag = 1200): number | undefined {
  const n = Math.min(length, x.length - from - maxLag);
  if (n < minLag * 2) return undefined;
  const r = new Float64Array(maxLag + 2);
  let e0 = 0;
  for (let i = 0; i < n; i++) e0 += (x[from + i] as number) ** 2;
  if (e0 === 0) return undefined;
  for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
    let s = 0;
    let e1 = 0;
    for (let i = 0; i < n; i++) {
      const b = x[from + i + lag] as number;
      s += (x[from + i] as number) * b;
      e1 += b * b;
    }
    r[lag] = e1 > 0 ? s / Math.sqrt(e0 * e1) : 0;
  }
  let dipped = false;
  for (let lag = minLag; lag <= maxLag; lag++) {
    const v = r[lag] as number;
    if (v < 0.3) dipped = true;
    if (dipped && v > 0.5 && v >= (r[lag - 1] as number) && v >= (r[lag + 1] as number)) {
      const y0 = r[lag - 1] as number;
      const y2 = r[lag + 1] as number;
      const den = y0 - 2 * v + y2;
      return lag + (den < 0 ? (0.5 * (y0 - y2)) / den : 0);
    }
  }
  return undefined;
}
