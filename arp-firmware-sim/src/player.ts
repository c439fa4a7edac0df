// Playback of the ring on the firmware clock (PROTOCOL.md §5.3); mirrors firmware/arp/player.py. Times are u28 µs;
// `ref` is the due time of the last event sent, `wait` the step to the next one, so takes may run past the wrap.
import type { DinOut } from './din-out.js';
import type { EventRing } from './event-ring.js';
import { REBASE_US, U28_MASK } from './firmware-constants.js';

export class Player {
  private ref = 0;
  private waitUs = 0;

  constructor(
    private readonly ring: EventRing,
    private readonly din: DinOut,
  ) {}

  start(now: number): void {
    this.ref = now;
    this.waitUs = this.ring.times[this.ring.head] as number;
  }

  /** Sends every event due at `now`, in order. Returns true once the last event is sent. */
  service(now: number): boolean {
    const ring = this.ring;
    while (ring.count > 0) {
      const since = (now - this.ref) & U28_MASK;
      if (since < this.waitUs) {
        if (since >= REBASE_US) {
          this.ref = (this.ref + since) & U28_MASK;
          this.waitUs -= since;
        }
        return false;
      }
      const i = ring.head;
      if (ring.ons[i]) this.din.noteOn(ring.notes[i] as number, ring.velocities[i] as number);
      else this.din.noteOff(ring.notes[i] as number, ring.velocities[i] as number);
      this.ref = (this.ref + this.waitUs) & U28_MASK;
      const t = ring.times[i] as number;
      ring.pop();
      if (ring.count > 0) this.waitUs = ((ring.times[ring.head] as number) - t) & U28_MASK;
    }
    return true;
  }

  /** µs from `now` until the next event is due (≤ 0: due). */
  wait(now: number): number {
    return this.waitUs - ((now - this.ref) & U28_MASK);
  }
}
