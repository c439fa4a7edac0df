// What the Arp sends back over USB (PROTOCOL.md §3.3-§3.5, §4.3, §4.5); mirrors firmware/arp/replies.py.
import { MANUFACTURER_ID, MAX_EVENTS, SYSEX_COMMAND, encodeIdentityReply } from '@vcpi/protocol';
import type { ByteWriter } from './din-out.js';

export class Replies {
  private readonly out: ByteWriter;
  private readonly statusBytes = Uint8Array.of(0xf0, MANUFACTURER_ID, SYSEX_COMMAND.Status, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf7);
  private readonly ackBytes = Uint8Array.of(0xf0, MANUFACTURER_ID, SYSEX_COMMAND.CalibrationAck, 0, 0, 0, 0, 0xf7);
  private readonly startedBytes = Uint8Array.of(0xf0, MANUFACTURER_ID, SYSEX_COMMAND.PlaybackStarted, 0, 0, 0, 0, 0xf7);
  private readonly timingBytes = new Uint8Array(20);
  private readonly identityBytes = encodeIdentityReply();

  constructor(usbOut: ByteWriter) {
    this.out = usbOut;
    this.timingBytes.set([0xf0, MANUFACTURER_ID, SYSEX_COMMAND.CalibrationTiming]);
    this.timingBytes[19] = 0xf7;
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

  /** F0 7D 07 t r e a F7, 20 bytes: the ACK's time, when the read that returned the Calibrate began, when the last
   * empty read before it began, when the ACK was written; u28 each (PROTOCOL.md §3.5). */
  timing(timeUs: number, readUs: number, emptyUs: number, ackUs: number): void {
    const m = this.timingBytes;
    putU28(m, 3, timeUs);
    putU28(m, 7, readUs);
    putU28(m, 11, emptyUs);
    putU28(m, 15, ackUs);
    this.out.write(m);
  }

  identity(): void {
    this.out.write(this.identityBytes);
  }

  private timestamp(m: Uint8Array, timeUs: number): void {
    putU28(m, 3, timeUs);
    this.out.write(m);
  }
}

/** Four 7-bit groups, big-endian (PROTOCOL.md §3.1). */
function putU28(m: Uint8Array, i: number, v: number): void {
  m[i] = (v >>> 21) & 0x7f;
  m[i + 1] = (v >>> 14) & 0x7f;
  m[i + 2] = (v >>> 7) & 0x7f;
  m[i + 3] = v & 0x7f;
}
