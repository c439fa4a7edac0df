// The Arp's timestamp messages: CalibrationAck (02, PROTOCOL.md §3.3) and PlaybackStarted (06, §3.4). Both are
// `F0 7D cmd t3 t2 t1 t0 F7` with the Arp's µs since boot modulo 2^28.
import { checkInt, readU28, writeU28 } from './bytes.js';
import { MANUFACTURER_ID, SYSEX_COMMAND, SYSEX_END, SYSEX_START, U28_MAX } from './constants.js';
import { ProtocolError } from './errors.js';
import { checkSysExFrame } from './buffer-message.js';
import type { CalibrationAck, PlaybackStarted } from './messages.js';
import type { U28 } from './types.js';

type Kind = 'CalibrationAck' | 'PlaybackStarted';

function encodeTimestamp(kind: Kind, timeUs: U28): Uint8Array {
  checkInt(timeUs, 0, U28_MAX, `encode${kind}`, 'timeUs');
  const out = Uint8Array.of(SYSEX_START, MANUFACTURER_ID, SYSEX_COMMAND[kind], 0, 0, 0, 0, SYSEX_END);
  writeU28(out, 3, timeUs);
  return out;
}

function decodeTimestamp(kind: Kind, bytes: Uint8Array): U28 {
  const op = `decode${kind}`;
  checkSysExFrame(bytes, op, SYSEX_COMMAND[kind]);
  if (bytes.length !== 8) throw new ProtocolError('BAD_LENGTH', `${op}: expected 8 bytes, got ${bytes.length}`);
  return readU28(bytes, 3, op, 'timestamp');
}

/**
 * `F0 7D 02 t3 t2 t1 t0 F7`; `timeUs` already modulo 2^28 (use wrapU28).
 * @throws ProtocolError INVALID_ARGUMENT
 */
export const encodeCalibrationAck = (timeUs: U28): Uint8Array => encodeTimestamp('CalibrationAck', timeUs);

/** @throws ProtocolError naming the byte offset */
export const decodeCalibrationAck = (bytes: Uint8Array): CalibrationAck => ({ type: 'CalibrationAck', timeUs: decodeTimestamp('CalibrationAck', bytes) });

/**
 * `F0 7D 06 t3 t2 t1 t0 F7`: the Arp's µs (mod 2^28) from which the events' times count.
 * @throws ProtocolError INVALID_ARGUMENT
 */
export const encodePlaybackStarted = (timeUs: U28): Uint8Array => encodeTimestamp('PlaybackStarted', timeUs);

/** @throws ProtocolError naming the byte offset */
export const decodePlaybackStarted = (bytes: Uint8Array): PlaybackStarted => ({ type: 'PlaybackStarted', timeUs: decodeTimestamp('PlaybackStarted', bytes) });
