// Streaming MIDI 1.0 decoder for bytes arriving in arbitrary chunks (PROTOCOL.md §7). The firmware's parser
// (arp-firmware-sim/firmware/arp/midi_stream.py) implements the same rules; the scenario vectors check both.
import { ProtocolError, hex } from './errors.js';
import { REALTIME_STATUS, dataLength, type MidiMessage, type RealTimeType } from './midi-message.js';

export interface StreamDecoderOptions {
  /** Largest SysEx kept, F0 and F7 included (PROTOCOL.md §7.4). Default 8192. */
  maxSysExBytes?: number;
}

const REALTIME_BY_STATUS = new Map<number, RealTimeType>(
  (Object.keys(REALTIME_STATUS) as RealTimeType[]).map((k) => [REALTIME_STATUS[k], k]),
);
const CHANNEL_NAMES = ['NoteOff', 'NoteOn', 'PolyPressure', 'ControlChange', 'ProgramChange', 'ChannelPressure', 'PitchBend'];
/** Stray bytes kept in an Invalid report; the reason gives the full count. */
const MAX_STRAY_KEPT = 64;

function statusName(status: number): string {
  if (status < 0xf0) return CHANNEL_NAMES[(status >> 4) - 8] as string;
  return status === 0xf1 ? 'MtcQuarterFrame' : status === 0xf2 ? 'SongPosition' : 'SongSelect';
}

/**
 * Decodes a MIDI byte stream. `push(chunk)` returns the messages completed by that chunk, in stream order.
 * Never throws on any bytes, keeps at most one SysEx (bounded) in memory, linear in its input.
 */
export class MidiStreamDecoder {
  private readonly maxSysEx: number;
  private readonly sysex: Uint8Array;
  private sysexLen = 0;
  private inSysEx = false;
  private sysexOverflow = false;
  /** Running status (channel) or the pending system common status; 0 when none. */
  private status = 0;
  /** Whether `status` came in this message (not running status): decides what an interrupted message reports. */
  private statusExplicit = false;
  private need = 0;
  private have = 0;
  private d0 = 0;
  private d1 = 0;
  private strayCount = 0;
  private stray: number[] = [];

  /** @throws ProtocolError INVALID_ARGUMENT for a maxSysExBytes that is not an integer 2-16777216 */
  constructor(options: StreamDecoderOptions = {}) {
    const max = options.maxSysExBytes ?? 8192;
    if (!Number.isInteger(max) || max < 2 || max > 1 << 24) {
      throw new ProtocolError('INVALID_ARGUMENT', `MidiStreamDecoder: maxSysExBytes must be an integer 2-16777216, got ${String(max)}`);
    }
    this.maxSysEx = max;
    this.sysex = new Uint8Array(this.maxSysEx);
  }

  /** Feeds bytes; returns the messages they complete. */
  push(chunk: Uint8Array | readonly number[]): MidiMessage[] {
    const out: MidiMessage[] = [];
    for (let i = 0; i < chunk.length; i++) this.byte((chunk[i] as number) & 0xff, out);
    return out;
  }

  /** Ends the stream: reports whatever is incomplete and resets. */
  end(): MidiMessage[] {
    const out: MidiMessage[] = [];
    this.flushStray(out);
    if (this.inSysEx && !this.sysexOverflow) {
      out.push({ type: 'Invalid', bytes: this.sysex.slice(0, this.sysexLen), reason: 'unterminated SysEx at end of input' });
    }
    this.inSysEx = false;
    this.interruptMessage(out, 'end of input');
    this.status = 0;
    return out;
  }

  /** Forgets all state (as after a reconnect). */
  reset(): void {
    this.inSysEx = false;
    this.sysexOverflow = false;
    this.sysexLen = 0;
    this.status = 0;
    this.statusExplicit = false;
    this.have = 0;
    this.strayCount = 0;
    this.stray = [];
  }

  private byte(b: number, out: MidiMessage[]): void {
    if (b >= 0xf8) {
      this.flushStray(out);
      const rt = REALTIME_BY_STATUS.get(b);
      out.push(rt ? { type: rt } : { type: 'Invalid', bytes: Uint8Array.of(b), reason: `undefined real-time status ${hex(b)}` });
      return;
    }
    if (b >= 0x80) {
      this.statusByte(b, out);
      return;
    }
    if (this.inSysEx) {
      this.sysexData(b, out);
    } else if (this.status === 0) {
      this.strayCount++;
      if (this.stray.length < MAX_STRAY_KEPT) this.stray.push(b);
    } else {
      if (this.have === 0) this.d0 = b;
      else this.d1 = b;
      this.have++;
      if (this.have === this.need) this.complete(out);
    }
  }

  private statusByte(b: number, out: MidiMessage[]): void {
    this.flushStray(out);
    if (this.inSysEx) {
      if (b === 0xf7) {
        if (!this.sysexOverflow) {
          this.sysex[this.sysexLen++] = 0xf7;
          out.push({ type: 'SysEx', bytes: this.sysex.slice(0, this.sysexLen) });
        }
        this.inSysEx = false;
        return;
      }
      if (!this.sysexOverflow) {
        out.push({ type: 'Invalid', bytes: this.sysex.slice(0, this.sysexLen), reason: `unterminated SysEx cut by status ${hex(b)}` });
      }
      this.inSysEx = false;
    } else {
      this.interruptMessage(out, `status ${hex(b)}`);
    }
    if (b < 0xf0) {
      this.status = b;
      this.statusExplicit = true;
      this.need = dataLength(b);
      this.have = 0;
      return;
    }
    // System common cancels running status (PROTOCOL.md §7.1).
    this.status = 0;
    this.have = 0;
    switch (b) {
      case 0xf0:
        this.inSysEx = true;
        this.sysexOverflow = false;
        this.sysex[0] = 0xf0;
        this.sysexLen = 1;
        return;
      case 0xf7:
        out.push({ type: 'Invalid', bytes: Uint8Array.of(b), reason: 'F7 (end of SysEx) without a SysEx' });
        return;
      case 0xf6:
        out.push({ type: 'TuneRequest' });
        return;
      case 0xf1:
      case 0xf2:
      case 0xf3:
        this.status = b;
        this.statusExplicit = true;
        this.need = dataLength(b);
        return;
      default:
        out.push({ type: 'Invalid', bytes: Uint8Array.of(b), reason: `undefined system common status ${hex(b)}` });
    }
  }

  private sysexData(b: number, out: MidiMessage[]): void {
    if (this.sysexOverflow) return;
    // Room must remain for the closing F7 within the limit.
    if (this.sysexLen + 2 > this.maxSysEx) {
      this.sysexOverflow = true;
      out.push({
        type: 'Invalid',
        bytes: this.sysex.slice(0, this.sysexLen),
        reason: `SysEx exceeds ${this.maxSysEx} bytes; the rest up to F7 is discarded`,
      });
      return;
    }
    this.sysex[this.sysexLen++] = b;
  }

  /** A status byte (or the end) arrived while a channel/common message was incomplete. */
  private interruptMessage(out: MidiMessage[], by: string): void {
    if (this.status === 0 || (this.have === 0 && !this.statusExplicit)) return;
    const bytes: number[] = this.statusExplicit ? [this.status] : [];
    if (this.have > 0) bytes.push(this.d0);
    out.push({
      type: 'Invalid',
      bytes: Uint8Array.from(bytes),
      reason: `incomplete ${statusName(this.status)}: expected ${this.need} data bytes, got ${this.have} before ${by}`,
    });
    this.have = 0;
    this.statusExplicit = false;
  }

  private flushStray(out: MidiMessage[]): void {
    if (this.strayCount === 0) return;
    const n = this.strayCount;
    out.push({
      type: 'Invalid',
      bytes: Uint8Array.from(this.stray),
      reason: n === 1 ? 'stray data byte (no running status)' : `${n} stray data bytes (no running status)`,
    });
    this.strayCount = 0;
    this.stray = [];
  }

  private complete(out: MidiMessage[]): void {
    const s = this.status;
    const d0 = this.d0;
    const d1 = this.d1;
    this.have = 0;
    this.statusExplicit = false;
    if (s >= 0xf0) {
      this.status = 0;
      if (s === 0xf1) out.push({ type: 'MtcQuarterFrame', value: d0 });
      else if (s === 0xf2) out.push({ type: 'SongPosition', beats: d0 | (d1 << 7) });
      else out.push({ type: 'SongSelect', song: d0 });
      return;
    }
    const channel = (s & 0x0f) + 1;
    switch (s & 0xf0) {
      case 0x80:
        out.push({ type: 'NoteOff', channel, note: d0, velocity: d1 });
        return;
      case 0x90:
        out.push({ type: 'NoteOn', channel, note: d0, velocity: d1 });
        return;
      case 0xa0:
        out.push({ type: 'PolyPressure', channel, note: d0, pressure: d1 });
        return;
      case 0xb0:
        out.push({ type: 'ControlChange', channel, controller: d0, value: d1 });
        return;
      case 0xc0:
        out.push({ type: 'ProgramChange', channel, program: d0 });
        return;
      case 0xd0:
        out.push({ type: 'ChannelPressure', channel, pressure: d0 });
        return;
      default:
        out.push({ type: 'PitchBend', channel, value: d0 | (d1 << 7) });
    }
  }
}
