// The synth's return as the core sees it: input blocks stored by sample position, the host-time ↔ sample mapping,
// and waits for "audio up to sample N has arrived".
import type { AbortToken } from '../abort.js';
import type { Timers } from '../io.js';
import { Waiter } from '../wait.js';
import { CaptureBuffer } from './capture-buffer.js';
import { ClockMap } from './clock-map.js';

export class AudioInput {
  readonly buffer: CaptureBuffer;
  readonly clock: ClockMap;
  private readonly waiting: { until: number; waiter: Waiter<number> }[] = [];

  constructor(
    readonly sampleRate: number,
    private readonly timers: Timers,
    maxSeconds = 12 * 60,
  ) {
    this.buffer = new CaptureBuffer(Math.round(sampleRate * maxSeconds));
    this.clock = new ClockMap(sampleRate);
  }

  /** A mono input block starting at absolute sample `start`, which was at host time `hostUs`. */
  write(block: ArrayLike<number>, start: number, hostUs: number): void {
    this.buffer.write(block, start);
    this.clock.add(hostUs, start);
    const end = this.buffer.end;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i] as { until: number; waiter: Waiter<number> };
      if (end >= w.until) {
        this.waiting.splice(i, 1);
        w.waiter.resolve(end);
      } else if (!w.waiter.pending) this.waiting.splice(i, 1);
    }
  }

  /** Resolves true once audio up to (not including) `sample` has arrived, false at `deadlineUs`. */
  async waitUntil(sample: number, deadlineUs: number, abort?: AbortToken): Promise<boolean> {
    if (this.buffer.end >= sample) return true;
    const waiter = new Waiter<number>(this.timers, deadlineUs, abort, 'waiting for audio');
    this.waiting.push({ until: sample, waiter });
    return (await waiter.promise) !== undefined;
  }

  /** A copy of [from, from + length). */
  read(from: number, length: number): Float32Array {
    return this.buffer.read(from, new Float32Array(Math.max(0, Math.round(length))));
  }
}
