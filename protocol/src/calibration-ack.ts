// CalibrationAck (02): PROTOCOL.md §3.3.
import { checkInt, readU28, writeU28 } from './bytes.js';
import { MANUFACTURER_ID, SYSEX_COMMAND, SYSEX_END, SYSEX_START, U28_MAX } from './constants.js';
import { ProtocolError } from './errors.js';
import { checkSysExFrame } from './buffer-message.js';
import type { CalibrationAck } from './messages.js';
import type { U28 } from './types.js';

/**
 * `F0 7D 02 t3 t2 t1 t0 F7`; `timeUs` already modulo 2^28 (use wrapU28).
 * @throws ProtocolError INVALID_ARGUMENT
 */
export function encodeCalibrationAck(timeUs: U28): Uint8Array {
  checkInt(timeUs, 0, U28_MAX, 'encodeCalibrationAck', 'timeUs');
  const out = Uint8Array.of(SYSEX_START, MANUFACTURER_ID, SYSEX_COMMAND.CalibrationAck, 0, 0, 0, 0, SYSEX_END);
  writeU28(out, 3, timeUs);
  return out;
}

/** @throws ProtocolError naming the byte offset */
export function decodeCalibrationAck(bytes: Uint8Array): CalibrationAck {
  const op = 'decodeCalibrationAck';
  checkSysExFrame(bytes, op, SYSEX_COMMAND.CalibrationAck);
  if (bytes.length !== 8) throw new ProtocolError('BAD_LENGTH', `${op}: expected 8 bytes, got ${bytes.length}`);
  return { type: 'CalibrationAck', timeUs: readU28(bytes, 3, op, 'timestamp') };
}
