// The note buffer: a ring of 1000 events in preallocated typed arrays (PROTOCOL.md §3, §5.3).
// Mirrors firmware/arp/event_ring.py.
import { MAX_EVENTS } from '@vcpi/protocol';

/**
 * Events in play order. While playing, played events free their slots. If every event written since the take began
 * still fits, the take is whole and rewind() makes it playable again; otherwise rewind() empties the buffer.
 */
export class EventRing {
  readonly capacity: number;
  readonly times: Uint32Array;
  readonly notes: Uint8Array;
  readonly velocities: Uint8Array;
  readonly ons: Uint8Array;
  head = 0;
  count = 0;
  private takeStart = 0;
  private takeWritten = 0;
  hasLast = false;
  lastTime = 0;
  lastNote = 0;
  lastOn = 0;

  /** @throws RangeError for a capacity that is not an integer ≥ 1 */
  constructor(capacity: number = MAX_EVENTS) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`EventRing: capacity must be an integer >= 1, got ${capacity}`);
    this.capacity = capacity;
    this.times = new Uint32Array(capacity);
    this.notes = new Uint8Array(capacity);
    this.velocities = new Uint8Array(capacity);
    this.ons = new Uint8Array(capacity);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.takeStart = 0;
    this.takeWritten = 0;
    this.hasLast = false;
  }

  free(): number {
    return this.capacity - this.count;
  }

  /** Appends one event; the caller has checked free() first. */
  push(timeUs: number, note: number, velocity: number, on: number): void {
    let i = this.head + this.count;
    if (i >= this.capacity) i -= this.capacity;
    this.times[i] = timeUs;
    this.notes[i] = note;
    this.velocities[i] = velocity;
    this.ons[i] = on;
    this.count++;
    this.takeWritten++;
    this.hasLast = true;
    this.lastTime = timeUs;
    this.lastNote = note;
    this.lastOn = on;
  }

  /** Drops the first event (played) and frees its slot. */
  pop(): void {
    this.head++;
    if (this.head === this.capacity) this.head = 0;
    this.count--;
  }

  /** After playback: the whole take again if intact, otherwise nothing. Returns true when whole. */
  rewind(): boolean {
    if (this.takeWritten <= this.capacity) {
      this.head = this.takeStart;
      this.count = this.takeWritten;
      return true;
    }
    this.clear();
    return false;
  }
}
