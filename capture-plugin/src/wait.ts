// Waiting on the injected clock: sleeps and deadlines that a test's virtual time (or the plugin's timer thread)
// drives, each abortable.
import type { AbortToken } from './abort.js';
import { CaptureError } from './errors.js';
import type { Timers } from './io.js';

/** Resolves at host time `atUs`; rejects with ABORTED when `abort` fires first. */
export function sleepUntil(timers: Timers, atUs: number, abort?: AbortToken, what = 'waiting'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abort?.aborted) {
      reject(new CaptureError('ABORTED', `${what} was aborted`));
      return;
    }
    const off = abort?.onAbort(() => {
      timers.clear(id);
      reject(new CaptureError('ABORTED', `${what} was aborted`));
    });
    const id = timers.setAt(atUs, () => {
      off?.();
      resolve();
    });
  });
}

/**
 * A value that something else will deliver (an ACK, audio up to a sample), with a deadline: resolves with the value,
 * or with undefined at `deadlineUs`; rejects with ABORTED on abort.
 */
export class Waiter<T> {
  private settle: ((v: T | undefined) => void) | undefined;
  readonly promise: Promise<T | undefined>;
  private timer = -1;
  private offAbort: (() => void) | undefined;

  constructor(timers: Timers, deadlineUs: number, abort?: AbortToken, what = 'waiting') {
    this.promise = new Promise<T | undefined>((resolve, reject) => {
      this.settle = (v) => {
        this.settle = undefined;
        timers.clear(this.timer);
        this.offAbort?.();
        resolve(v);
      };
      this.offAbort = abort?.onAbort(() => {
        this.settle = undefined;
        timers.clear(this.timer);
        reject(new CaptureError('ABORTED', `${what} was aborted`));
      });
      this.timer = timers.setAt(deadlineUs, () => this.settle?.(undefined));
    });
  }

  get pending(): boolean {
    return this.settle !== undefined;
  }

  resolve(v: T): void {
    this.settle?.(v);
  }
}
