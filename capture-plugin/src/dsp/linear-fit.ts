// Least-squares line fits, plain and robust (outliers rejected by MAD), for clock mappings: Arp µs → audio samples,
// host µs → Arp µs.
import { mad, median } from './stats.js';

export interface LineFit {
  slope: number;
  intercept: number;
  /** y − (intercept + slope·x) per point */
  residuals: number[];
  /** RMS of the residuals of the points kept */
  rms: number;
  /** indices of the points used (the rest were rejected as outliers) */
  kept: number[];
  /** x around which the fit is centred (mean x of kept points): intercept uncertainty is smallest there */
  xMean: number;
}

/**
 * Ordinary least squares y = intercept + slope·x. Computed around the mean of x, so large x (µs since boot) lose
 * no precision. @throws Error when fewer than 2 points or all x are equal
 */
export function fitLine(xs: ArrayLike<number>, ys: ArrayLike<number>, use?: readonly number[]): LineFit {
  const idx = use ?? Array.from({ length: xs.length }, (_, i) => i);
  if (idx.length < 2) throw new Error(`fitLine: needs at least 2 points, got ${idx.length}`);
  let mx = 0;
  let my = 0;
  for (const i of idx) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= idx.length;
  my /= idx.length;
  let sxx = 0;
  let sxy = 0;
  for (const i of idx) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  if (sxx === 0) throw new Error('fitLine: all x values are equal; cannot fit a slope');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residuals = Array.from({ length: xs.length }, (_, i) => (ys[i] as number) - (intercept + slope * (xs[i] as number)));
  let ss = 0;
  for (const i of idx) ss += (residuals[i] as number) ** 2;
  return { slope, intercept, residuals, rms: Math.sqrt(ss / idx.length), kept: [...idx], xMean: mx };
}

/**
 * Fits, then drops points whose residual is more than `k` robust standard deviations (1.4826·MAD) — and more than
 * `floor` — from the median residual, and refits; repeats until stable. `floor` keeps points whose spread is known
 * and expected (a timer's resolution) from being taken for outliers. Never drops below `minKeep` points or more
 * than half of them.
 */
export function robustFitLine(xs: ArrayLike<number>, ys: ArrayLike<number>, k = 4, minKeep = 3, floor = 0): LineFit {
  let fit = fitLine(xs, ys);
  const limit = Math.max(minKeep, Math.ceil(xs.length / 2));
  for (let iter = 0; iter < 5; iter++) {
    const res = fit.kept.map((i) => fit.residuals[i] as number);
    const m = median(res);
    const sigma = Math.max(1.4826 * mad(res), 1e-9);
    const limit2 = Math.max(k * sigma, floor);
    const keep = fit.kept.filter((i) => Math.abs((fit.residuals[i] as number) - m) <= limit2);
    if (keep.length === fit.kept.length || keep.length < limit) break;
    fit = fitLine(xs, ys, keep);
  }
  return fit;
}
