// USB MIDI in → Vintage Mode; mirrors firmware/arp/usb_link.py. The byte parser is the protocol library's
// MidiStreamDecoder, whose rules firmware/arp/midi_stream.py follows (PROTOCOL.md §7).
import { MidiStreamDecoder, REALTIME_STATUS, type MidiMessage } from '@vcpi/protocol';
import type { ArpHooks } from './hooks.js';
import { SYSEX_MAX_BYTES, USB_READ_BYTES, USB_READS_PER_POLL } from './firmware-constants.js';
import type { VintageMode } from './vintage-mode.js';

/** usb_midi.ports[0] as the simulator models it: fills `buf` with up to `max` received bytes, returns the count. */
export interface UsbPortIn {
  readinto(buf: Uint8Array, max: number): number;
}

/** The status byte and data bytes of a decoded channel or system common message (the firmware parser's form). */
export function messageBytes(m: MidiMessage): [number, number, number] | undefined {
  switch (m.type) {
    case 'NoteOff':
      return [0x80 | (m.channel - 1), m.note, m.velocity];
    case 'NoteOn':
      return [0x90 | (m.channel - 1), m.note, m.velocity];
    case 'PolyPressure':
      return [0xa0 | (m.channel - 1), m.note, m.pressure];
    case 'ControlChange':
      return [0xb0 | (m.channel - 1), m.controller, m.value];
    case 'ProgramChange':
      return [0xc0 | (m.channel - 1), m.program, 0];
    case 'ChannelPressure':
      return [0xd0 | (m.channel - 1), m.pressure, 0];
    case 'PitchBend':
      return [0xe0 | (m.channel - 1), m.value & 0x7f, m.value >> 7];
    case 'MtcQuarterFrame':
      return [0xf1, m.value, 0];
    case 'SongPosition':
      return [0xf2, m.beats & 0x7f, m.beats >> 7];
    case 'SongSelect':
      return [0xf3, m.song, 0];
    case 'TuneRequest':
      return [0xf6, 0, 0];
    default:
      return undefined;
  }
}

/** Reads VintageMode's clock right before every USB read, so Vintage Mode knows when a command arrived: after the
 * last read that returned nothing began, and by the time the read that returned it began (CalibrationTiming,
 * PROTOCOL.md §3.5, §5.5). */
export class UsbLink {
  private readonly buf = new Uint8Array(USB_READ_BYTES);
  private readonly decoder: MidiStreamDecoder;
  /** When the last read that returned nothing began; before the first, VintageMode's construction. */
  private emptyUs: number;

  /** @throws RangeError for readsPerPoll not an integer ≥ 1 */
  constructor(
    private readonly port: UsbPortIn,
    private readonly vintage: VintageMode,
    private readonly hooks: ArpHooks,
    private readonly readsPerPoll = USB_READS_PER_POLL,
    maxSysEx = SYSEX_MAX_BYTES,
  ) {
    if (!Number.isInteger(readsPerPoll) || readsPerPoll < 1) throw new RangeError(`UsbLink: readsPerPoll must be an integer >= 1, got ${readsPerPoll}`);
    this.decoder = new MidiStreamDecoder({ maxSysExBytes: maxSysEx });
    this.emptyUs = vintage.usbEmptyUs;
  }

  /** Reads and handles what USB has delivered; returns the number of bytes read. */
  poll(): number {
    let total = 0;
    for (let reads = 0; reads < this.readsPerPoll; ) {
      reads++;
      const now = this.vintage.nowUs();
      const n = this.port.readinto(this.buf, USB_READ_BYTES);
      if (!n) {
        this.emptyUs = now;
        break;
      }
      this.vintage.usbWindow(this.emptyUs, now);
      for (const m of this.decoder.push(this.buf.subarray(0, n))) this.dispatch(m);
      total += n;
    }
    return total;
  }

  private dispatch(m: MidiMessage): void {
    if (m.type === 'SysEx') {
      this.vintage.handleSysex(m.bytes, m.bytes.length);
      return;
    }
    if (m.type === 'Invalid') {
      // A cut or oversize SysEx addressed to the Arp is answered; other invalid bytes are dropped.
      if (m.bytes.length >= 2 && m.bytes[0] === 0xf0) this.vintage.handleBrokenSysex(m.bytes, m.bytes.length);
      return;
    }
    const msg = messageBytes(m);
    if (msg === undefined) {
      this.hooks.forwardRealtime(REALTIME_STATUS[m.type as keyof typeof REALTIME_STATUS]);
      return;
    }
    const [status, d0, d1] = msg;
    if ((status & 0xf0) === 0xb0 && this.vintage.handleCc(d0, d1)) return;
    this.hooks.forwardMidi(status, d0, d1);
  }
}
