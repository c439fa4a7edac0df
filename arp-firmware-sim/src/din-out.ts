// The DIN MIDI output (PROTOCOL.md §5.4, §5.6); mirrors firmware/arp/din_out.py. Whole 3-byte messages, no running
// status; sounding notes tracked so a Stop sends only the note-offs it needs, then CC 123.
import { ALL_NOTES_OFF_CC } from '@vcpi/protocol';

export interface ByteWriter {
  write(bytes: Uint8Array): void;
}

/** @throws RangeError naming the value unless it is an integer 1-16 */
export function checkChannel(channel: number): number {
  if (!Number.isInteger(channel) || channel < 1 || channel > 16) {
    throw new RangeError(`din_channel must be an integer 1-16, got ${String(channel)}`);
  }
  return channel;
}

export class DinOut {
  private readonly uart: ByteWriter;
  private readonly msg = new Uint8Array(3);
  private readonly soundingNotes = new Uint8Array(128);
  private nSounding = 0;
  private nibble: number;

  /** @throws RangeError for a channel outside 1-16 */
  constructor(uart: ByteWriter, channel = 1) {
    this.uart = uart;
    this.nibble = checkChannel(channel) - 1;
  }

  get channel(): number {
    return this.nibble + 1;
  }

  /** Changing the channel while notes sound releases them on the old channel first. @throws RangeError */
  set channel(channel: number) {
    const nibble = checkChannel(channel) - 1;
    if (nibble !== this.nibble && this.nSounding > 0) this.releaseAll();
    this.nibble = nibble;
  }

  get sounding(): number {
    return this.nSounding;
  }

  noteOn(note: number, velocity: number): void {
    this.send(0x90, note, velocity);
    this.mark(note, velocity > 0 ? 1 : 0);
  }

  noteOff(note: number, velocity: number): void {
    this.send(0x80, note, velocity);
    this.mark(note, 0);
  }

  /** Note-off (velocity 0) for every sounding note, lowest first, then CC 123 All Notes Off. */
  releaseAll(): void {
    for (let note = 0; this.nSounding > 0 && note < 128; note++) {
      if (this.soundingNotes[note]) this.noteOff(note, 0);
    }
    this.send(0xb0, ALL_NOTES_OFF_CC, 0);
  }

  private mark(note: number, on: number): void {
    if (this.soundingNotes[note] !== on) {
      this.soundingNotes[note] = on;
      this.nSounding += on ? 1 : -1;
    }
  }

  private send(kind: number, d0: number, d1: number): void {
    this.msg[0] = kind | this.nibble;
    this.msg[1] = d0;
    this.msg[2] = d1;
    this.uart.write(this.msg);
  }
}
