// Host µs ↔ audio sample position, from the (host time, sample position) of each audio block. Block callbacks
// arrive with scheduling jitter; a robust line over the recent blocks removes it and follows the audio clock's
// drift against the host clock. A dropout (an xrun, a device restart) moves the whole line: a run of blocks that all
// sit off it by the same amount starts it again from them, and is counted.
import { robustFitLine } from '../dsp/linear-fit.js';

/** Blocks further than this from the line are off it, ms (far beyond a callback's jitter). */
export const CLOCK_JUMP_MS = 1;
/** This many blocks in a row off the line by the same amount (±CLOCK_JUMP_MS/2) are a dropout. */
export const CLOCK_JUMP_BLOCKS = 4;
const REFIT_BLOCKS = 32;

/** How a calibration or a take names its dropouts: "the audio input dropped out N time(s)". */
export function droppedOut(dropouts: number): string {
  return `the audio input dropped out ${dropouts} time${dropouts > 1 ? 's' : ''}`;
}

export class ClockMap {
  private readonly hostUs: number[] = [];
  private readonly samples: number[] = [];
  private slope: number;
  private intercept = 0;
  private refUs = 0;
  private dirty = false;
  private readonly offLine: { hostUs: number; sample: number; residual: number }[] = [];
  /** Times the line jumped (audio dropouts) since the map was made. */
  dropouts = 0;
  private sinceFit = REFIT_BLOCKS;

  /** `sampleRate` gives the nominal slope until enough blocks have been seen. */
  constructor(
    private readonly sampleRate: number,
    private readonly window = 256,
  ) {
    this.slope = sampleRate / 1e6;
  }

  /** Records that audio sample `sample` was at host time `hostUs` (e.g. the start of an input block). */
  add(hostUs: number, sample: number): void {
    if (this.hostUs.length >= 8) {
      // Against the line fitted at most REFIT_BLOCKS ago (a robust fit on every block would cost too much).
      if (this.dirty && ++this.sinceFit >= REFIT_BLOCKS) this.update();
      const residual = sample - (this.intercept + this.slope * (hostUs - this.refUs));
      const jump = (CLOCK_JUMP_MS * this.sampleRate) / 1000;
      if (Math.abs(residual) > jump) {
        const first = this.offLine[0];
        if (first && Math.abs(residual - first.residual) > jump / 2) this.offLine.length = 0;
        this.offLine.push({ hostUs, sample, residual });
        if (this.offLine.length < CLOCK_JUMP_BLOCKS) return;
        // The line moved: start again from the blocks after the jump.
        this.dropouts++;
        this.hostUs.length = 0;
        this.samples.length = 0;
        for (const b of this.offLine) this.push(b.hostUs, b.sample);
        this.offLine.length = 0;
        this.dirty = true;
        this.sinceFit = REFIT_BLOCKS; // the next check fits the new line first
        return;
      }
      // A late block or two that the line still holds: jitter, kept.
      for (const b of this.offLine) this.push(b.hostUs, b.sample);
      this.offLine.length = 0;
    }
    this.push(hostUs, sample);
    this.dirty = true;
  }

  private push(hostUs: number, sample: number): void {
    this.hostUs.push(hostUs);
    this.samples.push(sample);
    if (this.hostUs.length > this.window) {
      this.hostUs.shift();
      this.samples.shift();
    }
  }

  get ready(): boolean {
    return this.hostUs.length > 0;
  }

  private update(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.sinceFit = 0;
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
