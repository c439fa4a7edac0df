// Where a note starts in recorded audio. A threshold relative to the noise before it finds the note; the start is
// then placed by the rise of its amplitude envelope, extrapolated back to silence (slow attacks), or by the threshold
// crossing itself (fast attacks). Precision across several notes of the same sound comes from correlation
// (correlation.ts).
import { estimatePeriod } from './period.js';

export interface NoiseStats {
  rms: number;
  peak: number;
}

/** RMS and peak of |x| over [from, to). */
export function noiseStats(x: ArrayLike<number>, from: number, to: number): NoiseStats {
  let ss = 0;
  let peak = 0;
  const a = Math.max(0, from);
  const b = Math.min(x.length, to);
  for (let i = a; i < b; i++) {
    const v = x[i] as number;
    ss += v * v;
    if (Math.abs(v) > peak) peak = Math.abs(v);
  }
  return { rms: b > a ? Math.sqrt(ss / (b - a)) : 0, peak };
}

/**
 * The detection threshold: clearly above what came before — half again its peak, and four times its RMS (which
 * matters for a short noise window, whose peak understates Gaussian noise) — never below `floor`. A tonal
 * background (the previous note's tail) has a peak only √2-√3 × its RMS, so the peak term governs there.
 */
export function onsetThreshold(noise: NoiseStats, floor = 1e-4): number {
  return Math.max(noise.peak * 1.5, noise.rms * 4, floor);
}

/** First index in [from, to) where |x| exceeds `threshold`, or −1. */
export function firstCrossing(x: ArrayLike<number>, from: number, to: number, threshold: number): number {
  const b = Math.min(x.length, to);
  for (let i = Math.max(0, from); i < b; i++) if (Math.abs(x[i] as number) > threshold) return i;
  return -1;
}

export type OnsetMethod = 'envelope' | 'crossing';

export interface OnsetEstimate {
  /** fractional sample index where the sound starts */
  position: number;
  method: OnsetMethod;
  /** amplitude the note reaches within the analysis window */
  amplitude: number;
}

/**
 * The amplitude envelope around a note start: Hann-weighted mean power over two periods (which cancels the ripple of a
 * periodic wave exactly), noise power subtracted, as amplitude. Sampled every quarter period.
 */
function envelopePoints(x: ArrayLike<number>, from: number, to: number, period: number, noisePower: number): { t: number[]; a: number[] } {
  const half = Math.round(period);
  const w = new Float64Array(2 * half);
  let wsum = 0;
  for (let i = 0; i < w.length; i++) wsum += (w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / w.length));
  const t: number[] = [];
  const a: number[] = [];
  const hop = Math.max(1, period / 4);
  for (let c = from; c < to; c += hop) {
    const start = Math.round(c) - half;
    if (start < 0 || start + w.length > x.length) continue;
    let p = 0;
    for (let i = 0; i < w.length; i++) p += (w[i] as number) * (x[start + i] as number) ** 2;
    t.push(start + half - 0.5);
    a.push(Math.sqrt(2 * Math.max(0, p / wsum - noisePower)));
  }
  return { t, a };
}

/**
 * Refines a threshold crossing to the start of the sound. For a slow attack (the rise spans several periods) the
 * envelope's power, which grows as k²·((t − t0)² + v) under a linear attack seen through the smoothing window, is
 * fitted with a parabola and its vertex gives t0. Otherwise the start is the crossing, between samples.
 */
export function refineOnset(x: ArrayLike<number>, crossing: number, noise: NoiseStats, window: number, threshold: number): OnsetEstimate {
  const end = Math.min(x.length, crossing + window);
  let amplitude = 0;
  for (let i = crossing; i < end; i++) amplitude = Math.max(amplitude, Math.abs(x[i] as number));
  const crossingEstimate = (): OnsetEstimate => {
    // The rise through three levels L, kL, k²L, as a power law (t − t0)^p of any p (a ramp through a wave that starts
    // at its peak is p = 1, through a sine that starts at zero p = 2): the crossing times are then in geometric
    // progression around t0, which gives t0 without knowing p. A sharp attack crosses all three at once.
    const t1 = levelCrossing(x, crossing, end, threshold);
    for (const k of [4, 2]) {
      const l3 = threshold * k * k;
      if (l3 > 0.5 * amplitude) continue;
      const t2 = levelCrossing(x, crossing, end, threshold * k);
      const t3 = levelCrossing(x, crossing, end, l3);
      const den = t1 + t3 - 2 * t2;
      if (t3 - t1 >= 1 && den > 1e-9 && t2 > t1) {
        // The ratio of successive gaps is k^(1/p). Close to a ramp (p < 1.6), the straight line through the two
        // crossings nearest the start is the steadier estimate (the wave's shape changes the rise further up);
        // otherwise the geometric one.
        const ratio = (t3 - t2) / (t2 - t1);
        const start = ratio >= k ** (1 / 1.6) ? t1 - (t2 - t1) / (k - 1) : (t1 * t3 - t2 * t2) / den;
        if (start <= t1 && start >= t1 - 3 * (t3 - t1)) return { position: start, method: 'crossing', amplitude };
      }
      break;
    }
    const prev = crossing > 0 ? Math.abs(x[crossing - 1] as number) : 0;
    const cur = Math.abs(x[crossing] as number);
    // A jump well over the threshold: the sound began somewhere in the sample interval before it.
    const frac = cur > 4 * threshold ? 0.5 : cur > prev ? (threshold - prev) / (cur - prev) : 1;
    return { position: crossing - 1 + Math.min(1, Math.max(0, frac)), method: 'crossing', amplitude };
  };
  const period = estimatePeriod(x, Math.min(crossing + Math.floor(window / 2), x.length - 1), Math.floor(window / 2));
  if (period === undefined) return crossingEstimate();
  // Windows centred at least one period after the crossing lie wholly after the start (crossing > t0).
  const env = envelopePoints(x, crossing + period, end - period, period, noise.rms * noise.rms);
  let top = 0;
  for (const v of env.a) top = Math.max(top, v);
  const hi = 0.7 * top;
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < env.a.length; i++) {
    const v = env.a[i] as number;
    if (v >= hi) break;
    px.push(env.t[i] as number);
    py.push(v * v);
  }
  if (px.length >= 6) {
    const p = fitParabola(px, py);
    if (p && p.a > 0) {
      const start = p.vertex;
      // The start cannot precede the crossing by more than the rise the fit used took.
      const rise = (px[px.length - 1] as number) - crossing;
      if (start <= crossing + 1 && start >= crossing - 1.5 * Math.max(rise, period)) return { position: start, method: 'envelope', amplitude };
    }
  }
  return crossingEstimate();
}

/** Fractional index of the first time |x| rises through `level` at or after `from` (linear between samples). */
function levelCrossing(x: ArrayLike<number>, from: number, to: number, level: number): number {
  for (let i = Math.max(1, from); i < to; i++) {
    const v = Math.abs(x[i] as number);
    if (v > level) {
      const prev = Math.min(Math.abs(x[i - 1] as number), level);
      return i - 1 + (level - prev) / (v - prev);
    }
  }
  return to;
}

/** Least-squares y = a·(t − c)² + b·(t − c) + d around the mean c of t; returns a and the vertex t. */
function fitParabola(ts: readonly number[], ys: readonly number[]): { a: number; vertex: number } | undefined {
  const n = ts.length;
  let c = 0;
  for (const t of ts) c += t;
  c /= n;
  // Normal equations for (d, b, a) with u = t − c.
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, r0 = 0, r1 = 0, r2 = 0;
  for (let i = 0; i < n; i++) {
    const u = (ts[i] as number) - c;
    const y = ys[i] as number;
    const u2 = u * u;
    s0 += 1; s1 += u; s2 += u2; s3 += u2 * u; s4 += u2 * u2;
    r0 += y; r1 += y * u; r2 += y * u2;
  }
  const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
  if (Math.abs(det) < 1e-30) return undefined;
  const b = (s0 * (r1 * s4 - s3 * r2) - r0 * (s1 * s4 - s3 * s2) + s2 * (s1 * r2 - r1 * s2)) / det;
  const a = (s0 * (s2 * r2 - r1 * s3) - s1 * (s1 * r2 - r1 * s2) + r0 * (s1 * s3 - s2 * s2)) / det;
  if (!(a > 0)) return { a, vertex: Number.NaN };
  return { a, vertex: c - b / (2 * a) };
}

/**
 * Detects the first onset in x[from, to), with the noise measured over [noiseFrom, from). Undefined when nothing
 * rises above the threshold.
 */
export function detectOnset(
  x: ArrayLike<number>,
  from: number,
  to: number,
  noiseFrom: number,
  window = 4800,
): (OnsetEstimate & { threshold: number; noise: NoiseStats }) | undefined {
  const noise = noiseStats(x, noiseFrom, from);
  const threshold = onsetThreshold(noise);
  const crossing = firstCrossing(x, from, to, threshold);
  if (crossing < 0) return undefined;
  return { ...refineOnset(x, crossing, noise, window, threshold), threshold, noise };
}
