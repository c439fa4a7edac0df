// Cancellation without AbortController (QuickJS has none): the user's Abort reaches every wait of an operation.
import { CaptureError } from './errors.js';

export class AbortToken {
  private listeners: (() => void)[] = [];
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const ls = this.listeners;
    this.listeners = [];
    for (const l of ls) l();
  }

  /** Calls `fn` once on abort; returns a function that unregisters it. */
  onAbort(fn: () => void): () => void {
    if (this.aborted) {
      fn();
      return () => undefined;
    }
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /** @throws CaptureError ABORTED when aborted */
  check(what: string): void {
    if (this.aborted) throw new CaptureError('ABORTED', `${what} was aborted`);
  }
}
