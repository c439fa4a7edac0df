// The session's model of the Arp's clock against the audio clock: every ping (calibration or a later anchor ping)
// is an observation (Arp µs → audio sample of the sound it started). A line through them predicts where any note the
// Arp plays at a given Arp time will sound. Its slope (the Arp's crystal against the audio interface's) is free only
// when the observations span long enough to measure it better than the calibration did; otherwise the calibration's
// slope is kept and only the offset follows.
import { robustFitLine } from '../dsp/linear-fit.js';
import { median } from '../dsp/stats.js';
import type { CalibrationResult, Ping } from './calibration-types.js';

/** Observations further than this from the line are outliers, µs (one Arp timer step is 61 µs). */
export const CLOCK_OUTLIER_US = 150;

export interface ClockFit {
  anchorArpUs: number;
  anchorSample: number;
  samplesPerArpUs: number;
  /** standard error of the slope, samples per Arp µs */
  slopeSigma: number;
  /** standard error of the line at the anchor (the mean Arp time), samples */
  offsetSigma: number;
  /** Arp µs of the newest observation */
  lastArpUs: number;
  used: number;
}

export class ArpClock {
  private readonly arp: number[] = [];
  private readonly onset: number[] = [];
  private readonly sent: number[] = [];
  /** index in the arrays where the newest series of pings starts */
  private lastSeries = 0;
  private fitCache: ClockFit | undefined;

  /**
   * `slope`/`slopeSigma`: the calibration's slope and its uncertainty, used until the observations span
   * `minSpanUs` (default 30 s) of Arp time.
   */
  constructor(
    readonly sampleRate: number,
    private readonly prior: { slope: number; slopeSigma: number },
    private readonly minSpanUs = 30_000_000,
  ) {}

  /** The model a calibration starts a session with: its slope as the prior, its pings as the first observations. */
  static fromCalibration(result: Pick<CalibrationResult, 'sampleRate' | 'samplesPerArpUs' | 'slopeSigma' | 'pings'>): ArpClock {
    const clock = new ArpClock(result.sampleRate, { slope: result.samplesPerArpUs, slopeSigma: result.slopeSigma });
    clock.add(result.pings);
    return clock;
  }

  /** Adds one series of pings (a calibration, or the anchor pings before a take). */
  add(pings: readonly Ping[]): void {
    this.lastSeries = this.arp.length;
    for (const p of pings) {
      if (!Number.isFinite(p.onset)) continue;
      this.arp.push(p.arpUs);
      this.onset.push(p.onset);
      this.sent.push(p.sentUs);
    }
    this.fitCache = undefined;
  }

  get size(): number {
    return this.arp.length;
  }

  fit(): ClockFit | undefined {
    if (this.fitCache) return this.fitCache;
    const n = this.arp.length;
    if (n === 0) return undefined;
    const ref = this.arp[0] as number;
    const xs = this.arp.map((a) => a - ref);
    const span = Math.max(...xs) - Math.min(...xs);
    const floor = (CLOCK_OUTLIER_US * this.sampleRate) / 1e6;
    let slope = this.prior.slope;
    let slopeSigma = this.prior.slopeSigma;
    let anchorArp: number;
    let anchorSample: number;
    let rms: number;
    let used: number;
    if (n >= 8 && span >= this.minSpanUs) {
      const f = robustFitLine(xs, this.onset, 4, 3, floor);
      const keptX = f.kept.map((i) => xs[i] as number);
      const mx = keptX.reduce((a, b) => a + b, 0) / keptX.length;
      const sxx = keptX.reduce((a, x) => a + (x - mx) ** 2, 0);
      slope = f.slope;
      slopeSigma = sxx > 0 ? f.rms / Math.sqrt(sxx) : this.prior.slopeSigma;
      anchorArp = ref + mx;
      anchorSample = f.intercept + f.slope * mx;
      rms = f.rms;
      used = f.kept.length;
    } else {
      // Offset only, with the calibration's slope, from the newest series (older ones would pull it by the slope's
      // error times their age); the median keeps a stray onset from moving it.
      const first = Math.min(this.lastSeries, n - 1);
      const recent = xs.slice(first);
      const mx = recent.reduce((a, b) => a + b, 0) / recent.length;
      const offsets = recent.map((x, i) => (this.onset[first + i] as number) - slope * (x - mx));
      anchorArp = ref + mx;
      anchorSample = median(offsets);
      const res = offsets.map((o) => o - anchorSample);
      rms = Math.sqrt(res.reduce((a, r) => a + r * r, 0) / recent.length);
      used = recent.length;
    }
    this.fitCache = {
      anchorArpUs: anchorArp,
      anchorSample,
      samplesPerArpUs: slope,
      slopeSigma,
      offsetSigma: rms / Math.sqrt(Math.max(1, used)),
      lastArpUs: Math.max(...this.arp),
      used,
    };
    return this.fitCache;
  }

  /** Audio sample where a note the Arp plays at `arpUs` (unwrapped) starts sounding. */
  predict(arpUs: number): number {
    const f = this.fit();
    if (!f) throw new Error('ArpClock.predict: no observations yet');
    return f.anchorSample + f.samplesPerArpUs * (arpUs - f.anchorArpUs);
  }

  /** One standard error of predict(arpUs), samples. */
  uncertainty(arpUs: number): number {
    const f = this.fit();
    if (!f) return Number.POSITIVE_INFINITY;
    return Math.hypot(f.offsetSigma, f.slopeSigma * (arpUs - f.anchorArpUs));
  }

  /** Host µs → the Arp's unwrapped µs, from when the pings were sent (USB latency included; good to a few ms). */
  arpAtHost(hostUs: number): number | undefined {
    const n = this.sent.length;
    if (n === 0) return undefined;
    const i = n - 1;
    const rate = this.fit()?.samplesPerArpUs ?? this.prior.slope;
    const hostPerArp = this.sampleRate / 1e6 / rate;
    return (this.arp[i] as number) + (hostUs - (this.sent[i] as number)) / hostPerArp;
  }
}
