// Status (03) and StatusRequest (05): PROTOCOL.md §4.3, §4.4.
import { checkInt, describe, readU14, readU7, writeU14 } from './bytes.js';
import {
  DIVISION_BY_VALUE,
  DIVISION_VALUE,
  FLAG_BIT,
  MANUFACTURER_ID,
  PATTERN_BY_VALUE,
  PATTERN_VALUE,
  STATUS_CODE_BY_VALUE,
  STATUS_CODE_VALUE,
  STATUS_LENGTH,
  SYSEX_COMMAND,
  SYSEX_END,
  SYSEX_START,
} from './constants.js';
import { ProtocolError } from './errors.js';
import { checkSysExFrame } from './buffer-message.js';
import type { Status, StatusRequest } from './messages.js';
import type { OctaveRange, StatusFlags } from './types.js';

const FLAG_NAMES = Object.keys(FLAG_BIT) as (keyof StatusFlags)[];

export function flagsToByte(flags: StatusFlags): number {
  let b = 0;
  for (const name of FLAG_NAMES) if (flags[name]) b |= FLAG_BIT[name];
  return b;
}

export function flagsFromByte(b: number): StatusFlags {
  return { vintage: (b & 1) !== 0, playing: (b & 2) !== 0, latch: (b & 4) !== 0, calibrating: (b & 8) !== 0 };
}

function tableValue<K extends string>(table: Record<K, number>, key: K, op: string, field: string): number {
  if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  throw new ProtocolError('INVALID_ARGUMENT', `${op}: ${field} must be one of ${Object.keys(table).join(', ')}, got ${describe(key)}`);
}

/**
 * `F0 7D 03 code flags pattern division octaves cH cL fH fL sH sL F7` (PROTOCOL.md §4.3).
 * @throws ProtocolError INVALID_ARGUMENT
 */
export function encodeStatus(s: Omit<Status, 'type'>): Uint8Array {
  const op = 'encodeStatus';
  const out = new Uint8Array(STATUS_LENGTH);
  out[0] = SYSEX_START;
  out[1] = MANUFACTURER_ID;
  out[2] = SYSEX_COMMAND.Status;
  out[3] = tableValue(STATUS_CODE_VALUE, s.code, op, 'code');
  if (typeof s.flags !== 'object' || s.flags === null) throw new ProtocolError('INVALID_ARGUMENT', `${op}: flags must be an object`);
  out[4] = flagsToByte(s.flags);
  out[5] = tableValue(PATTERN_VALUE, s.pattern, op, 'pattern');
  out[6] = tableValue(DIVISION_VALUE, s.division, op, 'division');
  out[7] = checkInt(s.octaves, 1, 4, op, 'octaves') - 1;
  writeU14(out, 8, checkInt(s.buffered, 0, 16383, op, 'buffered'));
  writeU14(out, 10, checkInt(s.free, 0, 16383, op, 'free'));
  writeU14(out, 12, checkInt(s.sum, 0, 16383, op, 'sum'));
  out[14] = SYSEX_END;
  return out;
}

/** @throws ProtocolError naming the field and byte offset */
export function decodeStatus(bytes: Uint8Array): Status {
  const op = 'decodeStatus';
  checkSysExFrame(bytes, op, SYSEX_COMMAND.Status);
  if (bytes.length !== STATUS_LENGTH) {
    throw new ProtocolError('BAD_LENGTH', `${op}: expected ${STATUS_LENGTH} bytes, got ${bytes.length}`);
  }
  const codeValue = readU7(bytes, 3, op, 'code');
  const code = STATUS_CODE_BY_VALUE.get(codeValue);
  if (code === undefined) throw new ProtocolError('OUT_OF_RANGE', `${op}: code ${codeValue} is not 0-6`, 3);
  const flagByte = readU7(bytes, 4, op, 'flags');
  if (flagByte > 0x0f) throw new ProtocolError('OUT_OF_RANGE', `${op}: flags ${flagByte} has undefined bits set`, 4);
  const p = readU7(bytes, 5, op, 'pattern');
  const pattern = PATTERN_BY_VALUE.get(p);
  if (pattern === undefined) throw new ProtocolError('OUT_OF_RANGE', `${op}: pattern ${p} is not 0-3`, 5);
  const d = readU7(bytes, 6, op, 'division');
  const division = DIVISION_BY_VALUE.get(d);
  if (division === undefined) throw new ProtocolError('OUT_OF_RANGE', `${op}: division ${d} is not 0-2`, 6);
  const o = readU7(bytes, 7, op, 'octaves');
  if (o > 3) throw new ProtocolError('OUT_OF_RANGE', `${op}: octaves ${o} is not 0-3`, 7);
  return {
    type: 'Status',
    code,
    flags: flagsFromByte(flagByte),
    pattern,
    division,
    octaves: (o + 1) as OctaveRange,
    buffered: readU14(bytes, 8, op, 'buffered'),
    free: readU14(bytes, 10, op, 'free'),
    sum: readU14(bytes, 12, op, 'sum'),
  };
}

/** `F0 7D 05 F7` (PROTOCOL.md §4.4). */
export function encodeStatusRequest(): Uint8Array {
  return Uint8Array.of(SYSEX_START, MANUFACTURER_ID, SYSEX_COMMAND.StatusRequest, SYSEX_END);
}

/** @throws ProtocolError */
export function decodeStatusRequest(bytes: Uint8Array): StatusRequest {
  checkSysExFrame(bytes, 'decodeStatusRequest', SYSEX_COMMAND.StatusRequest);
  if (bytes.length !== 4) throw new ProtocolError('BAD_LENGTH', `decodeStatusRequest: expected 4 bytes, got ${bytes.length}`);
  return { type: 'StatusRequest' };
}
