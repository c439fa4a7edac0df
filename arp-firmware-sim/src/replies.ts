// What the Arp sends back over USB (PROTOCOL.md §3.3, §3.4, §4.3, §4.5); mirrors firmware/arp/replies.py.
import { MANUFACTURER_ID, MAX_EVENTS, SYSEX_COMMAND, encodeIdentityReply } from '@vcpi/protocol';
import type { ByteWriter } from './din-out.js';

export class Replies {
  private readonly out: ByteWriter;
  private readonly statusBytes = Uint8Array.of(0xf0, MANUFACTURER_ID, SYSEX_COMMAND.Status, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf7);
  private readonly ackBytes = Uint8Array.of(0xf0, MANUFACTURER_ID, SYSEX_COMMAND.CalibrationAck, 0, 0, 0, 0, 0xf7);
  private readonly startedBytes = Uint8Array.of(0xf0, MANUFACTURER_ID, SYSEX_COMMAND.PlaybackStarted, 0, 0, 0, 0, 0xf7);
  private readonly identityBytes = encodeIdentityReply();

  constructor(usbOut: ByteWriter) {
    this.out = usbOut;
  }

  /** F0 7D 03 code flags pattern division octaves cH cL fH fL sH sL F7 (PROTOCOL.md §4.3). */
  status(code: number, flags: number, pattern: number, division: number, octaves: number, count: number, sum: number): void {
    const s = this.statusBytes;
    const free = MAX_EVENTS - count;
    s[3] = code;
    s[4] = flags;
    s[5] = pattern;
    s[6] = division;
    s[7] = octaves;
    s[8] = count >> 7;
    s[9] = count & 0x7f;
    s[10] = free >> 7;
    s[11] = free & 0x7f;
    s[12] = sum >> 7;
    s[13] = sum & 0x7f;
    this.out.write(s);
  }

  /** F0 7D 02 t3 t2 t1 t0 F7: the u28 time the Calibrate was received (PROTOCOL.md §3.3). */
  ack(timeUs: number): void {
    this.timestamp(this.ackBytes, timeUs);
  }

  /** F0 7D 06 t3 t2 t1 t0 F7: the u28 time playback started, t = 0 of the take (PROTOCOL.md §3.4). */
  started(timeUs: number): void {
    this.timestamp(this.startedBytes, timeUs);
  }

  identity(): void {
    this.out.write(this.identityBytes);
  }

  private timestamp(m: Uint8Array, timeUs: number): void {
    m[3] = (timeUs >>> 21) & 0x7f;
    m[4] = (timeUs >>> 14) & 0x7f;
    m[5] = (timeUs >>> 7) & 0x7f;
    m[6] = timeUs & 0x7f;
    this.out.write(m);
  }
}
