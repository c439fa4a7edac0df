// Host µs ↔ audio sample position, from the (host time, sample position) of each audio block. Block callbacks
// arrive with scheduling jitter; a robust line over the recent blocks removes it and follows the audio clock's
// drift against the host clock.
import { robustFitLine } from '../dsp/linear-fit.js';

export class ClockMap {
  private readonly hostUs: number[] = [];
  private readonly samples: number[] = [];
  private slope: number;
  private intercept = 0;
  private refUs = 0;
  private dirty = false;

  /** `sampleRate` gives the nominal slope until enough blocks have been seen. */
  constructor(
    private readonly sampleRate: number,
    private readonly window = 256,
  ) {
    this.slope = sampleRate / 1e6;
  }

  /** Records that audio sample `sample` was at host time `hostUs` (e.g. the start of an input block). */
  add(hostUs: number, sample: number): void {
    this.hostUs.push(hostUs);
    this.samples.push(sample);
    if (this.hostUs.length > this.window) {
      this.hostUs.shift();
      this.samples.shift();
    }
    this.dirty = true;
  }

  get ready(): boolean {
    return this.hostUs.length > 0;
  }

  private update(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const n = this.hostUs.length;
    this.refUs = this.hostUs[n - 1] as number;
    if (n < 8) {
      // Too few blocks for a slope: nominal rate through the latest block.
      this.slope = this.sampleRate / 1e6;
      this.intercept = this.samples[n - 1] as number;
      return;
    }
    const xs = this.hostUs.map((h) => h - this.refUs);
    const fit = robustFitLine(xs, this.samples);
    this.slope = fit.slope;
    this.intercept = fit.intercept;
  }

  /** Audio sample position at host time `hostUs`. */
  sampleAt(hostUs: number): number {
    this.update();
    return this.intercept + this.slope * (hostUs - this.refUs);
  }

  /** Host time of audio sample `sample`. */
  hostUsAt(sample: number): number {
    this.update();
    return this.refUs + (sample - this.intercept) / this.slope;
  }
}
