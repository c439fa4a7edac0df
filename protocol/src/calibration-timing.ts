// CalibrationTiming (07, PROTOCOL.md §3.5): the Arp's own timing of a calibration ping, sent right after its
// CalibrationAck — when the Calibrate can have arrived (after `emptyUs`, by `readUs`) and when the ACK left (`ackUs`),
// so a host can tell the Arp's loop delays from the USB latency. Four u28 times, `F0 7D 07 t r e a F7`.
import { checkInt, readU28, writeU28 } from './bytes.js';
import { MANUFACTURER_ID, SYSEX_COMMAND, SYSEX_END, SYSEX_START, U28_MAX } from './constants.js';
import { ProtocolError } from './errors.js';
import { checkSysExFrame } from './buffer-message.js';
import type { CalibrationTiming } from './messages.js';

const FIELDS = ['timeUs', 'readUs', 'emptyUs', 'ackUs'] as const;
/** `F0 7D 07`, four times of four bytes, `F7`. */
export const CALIBRATION_TIMING_BYTES = 3 + 4 * FIELDS.length + 1;

/**
 * The message's 20 bytes; every time already modulo 2^28 (use wrapU28).
 * @throws ProtocolError INVALID_ARGUMENT naming the field
 */
export function encodeCalibrationTiming(m: Omit<CalibrationTiming, 'type'>): Uint8Array {
  const out = new Uint8Array(CALIBRATION_TIMING_BYTES);
  out[0] = SYSEX_START;
  out[1] = MANUFACTURER_ID;
  out[2] = SYSEX_COMMAND.CalibrationTiming;
  FIELDS.forEach((field, i) => writeU28(out, 3 + 4 * i, checkInt(m[field], 0, U28_MAX, 'encodeCalibrationTiming', field)));
  out[CALIBRATION_TIMING_BYTES - 1] = SYSEX_END;
  return out;
}

/** @throws ProtocolError naming the field and the byte offset */
export function decodeCalibrationTiming(bytes: Uint8Array): CalibrationTiming {
  const op = 'decodeCalibrationTiming';
  checkSysExFrame(bytes, op, SYSEX_COMMAND.CalibrationTiming);
  if (bytes.length !== CALIBRATION_TIMING_BYTES) {
    throw new ProtocolError('BAD_LENGTH', `${op}: expected ${CALIBRATION_TIMING_BYTES} bytes, got ${bytes.length}`);
  }
  const [timeUs, readUs, emptyUs, ackUs] = FIELDS.map((field, i) => readU28(bytes, 3 + 4 * i, op, field)) as [number, number, number, number];
  return { type: 'CalibrationTiming', timeUs, readUs, emptyUs, ackUs };
}
