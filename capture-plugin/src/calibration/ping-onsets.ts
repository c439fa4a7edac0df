// Sub-sample consistency across pings: every ping plays the same note through the same synth, so each ping's sound
// is the first ping's sound shifted in time. Correlation measures those shifts to a fraction of a sample; each
// ping's own onset estimate then votes for where the first ping starts (median), which removes most of the noise of
// single onset estimates.
import type { AudioInput } from '../audio/audio-input.js';
import { bestLag } from '../dsp/correlation.js';
import { median } from '../dsp/stats.js';
import type { Ping } from './calibration-types.js';

export interface RefineOptions {
  /** samples compared (default 2048) */
  length: number;
  /** largest shift searched around the coarse alignment (default 48) */
  maxLag: number;
  /** correlation below this leaves a ping's own estimate (a free-running oscillator, a different sound) */
  minCorrelation: number;
}

const DEFAULTS: RefineOptions = { length: 2048, maxLag: 48, minCorrelation: 0.9 };

/** Returns the pings with refined onsets, and how many were aligned by correlation. */
export function refinePingOnsets(audio: AudioInput, pings: readonly Ping[], options: Partial<RefineOptions> = {}): { pings: Ping[]; correlated: number } {
  const o = { ...DEFAULTS, ...options };
  const valid = pings.filter((p) => Number.isFinite(p.onset));
  const ref = valid[0];
  if (!ref || valid.length < 2) return { pings: [...pings], correlated: 0 };
  const pre = 32;
  const gRef = Math.floor(ref.onset) - pre;
  const a = audio.read(gRef, o.length);
  const shifts = new Map<number, number>();
  for (const p of valid) {
    if (p === ref) {
      shifts.set(p.index, 0);
      continue;
    }
    const g = Math.floor(p.onset) - pre;
    const b = audio.read(g - o.maxLag, o.length + 2 * o.maxLag);
    const lag = bestLag(a, 0, b, o.maxLag, o.length, o.maxLag);
    if (lag.peak >= o.minCorrelation) shifts.set(p.index, g + lag.lag - gRef);
  }
  if (shifts.size < 2) return { pings: [...pings], correlated: 0 };
  const votes: number[] = [];
  for (const p of valid) {
    const d = shifts.get(p.index);
    if (d !== undefined) votes.push(p.onset - d);
  }
  const refStart = median(votes);
  return {
    pings: pings.map((p) => {
      const d = shifts.get(p.index);
      return d === undefined ? p : { ...p, onset: refStart + d };
    }),
    correlated: shifts.size,
  };
}
