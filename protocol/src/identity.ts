// Universal Device Inquiry (PROTOCOL.md §4.5).
import { checkInt, readU14Le, readU7, writeU14Le } from './bytes.js';
import {
  ALL_CALL_DEVICE_ID,
  ARP_FAMILY,
  ARP_MODEL,
  ARP_VERSION,
  GENERAL_INFORMATION,
  IDENTITY_REPLY,
  IDENTITY_REQUEST,
  MANUFACTURER_ID,
  SYSEX_END,
  SYSEX_START,
  UNIVERSAL_NON_REALTIME,
} from './constants.js';
import { ProtocolError, hex } from './errors.js';
import type { IdentityReply, IdentityRequest } from './messages.js';
import type { U7 } from './types.js';

/** `F0 7E dd 06 01 F7`. @throws ProtocolError INVALID_ARGUMENT */
export function encodeIdentityRequest(deviceId: U7 = ALL_CALL_DEVICE_ID): Uint8Array {
  checkInt(deviceId, 0, 127, 'encodeIdentityRequest', 'deviceId');
  return Uint8Array.of(SYSEX_START, UNIVERSAL_NON_REALTIME, deviceId, GENERAL_INFORMATION, IDENTITY_REQUEST, SYSEX_END);
}

/** The Arp's own reply (PROTOCOL.md §4.5 constants). */
export const ARP_IDENTITY: Omit<IdentityReply, 'type'> = {
  deviceId: ALL_CALL_DEVICE_ID,
  manufacturer: MANUFACTURER_ID,
  family: ARP_FAMILY,
  model: ARP_MODEL,
  version: [...ARP_VERSION],
};

/** `F0 7E dd 06 02 id… f1 f2 m1 m2 v1 v2 v3 v4 F7`. @throws ProtocolError INVALID_ARGUMENT */
export function encodeIdentityReply(r: Omit<IdentityReply, 'type'> = ARP_IDENTITY): Uint8Array {
  const op = 'encodeIdentityReply';
  checkInt(r.deviceId, 0, 127, op, 'deviceId');
  checkInt(r.manufacturer, 0, 0x7f7f, op, 'manufacturer');
  if (r.manufacturer === 0 || (r.manufacturer > 0x7f && (r.manufacturer & 0x80) !== 0)) {
    throw new ProtocolError('INVALID_ARGUMENT', `${op}: manufacturer ${hex(r.manufacturer)} is not a 1-byte or 3-byte (0x00xxyy) ID`);
  }
  checkInt(r.family, 0, 16383, op, 'family');
  checkInt(r.model, 0, 16383, op, 'model');
  if (!Array.isArray(r.version) || r.version.length !== 4) throw new ProtocolError('INVALID_ARGUMENT', `${op}: version must be 4 numbers`);
  r.version.forEach((v, i) => checkInt(v, 0, 127, op, `version[${i}]`));
  const id = r.manufacturer > 0x7f ? [0x00, (r.manufacturer >> 8) & 0x7f, r.manufacturer & 0x7f] : [r.manufacturer];
  const out = new Uint8Array(5 + id.length + 9);
  out.set([SYSEX_START, UNIVERSAL_NON_REALTIME, r.deviceId, GENERAL_INFORMATION, IDENTITY_REPLY, ...id]);
  let o = 5 + id.length;
  writeU14Le(out, o, r.family);
  writeU14Le(out, o + 2, r.model);
  out.set(r.version, o + 4);
  out[o + 8] = SYSEX_END;
  return out;
}

function checkUniversal(bytes: Uint8Array, op: string, subId: number): void {
  if (bytes.length === 0) throw new ProtocolError('EMPTY', `${op}: no bytes`);
  if (bytes[0] !== SYSEX_START) throw new ProtocolError('NOT_SYSEX', `${op}: expected F0, got ${hex(bytes[0] as number)}`, 0);
  if (bytes.length < 6) throw new ProtocolError('BAD_LENGTH', `${op}: ${bytes.length} bytes is too short`);
  if (bytes[1] !== UNIVERSAL_NON_REALTIME) throw new ProtocolError('WRONG_MANUFACTURER', `${op}: expected 7E, got ${hex(bytes[1] as number)}`, 1);
  readU7(bytes, 2, op, 'device ID');
  if (bytes[3] !== GENERAL_INFORMATION || bytes[4] !== subId) {
    throw new ProtocolError('UNKNOWN_COMMAND', `${op}: sub-IDs ${hex(bytes[3] as number)} ${hex(bytes[4] as number)}, expected 06 ${hex(subId)}`, 3);
  }
  const last = bytes.length - 1;
  if (bytes[last] !== SYSEX_END) throw new ProtocolError('BAD_TERMINATOR', `${op}: expected F7 at the end, got ${hex(bytes[last] as number)}`, last);
}

/** @throws ProtocolError */
export function decodeIdentityRequest(bytes: Uint8Array): IdentityRequest {
  checkUniversal(bytes, 'decodeIdentityRequest', IDENTITY_REQUEST);
  if (bytes.length !== 6) throw new ProtocolError('BAD_LENGTH', `decodeIdentityRequest: expected 6 bytes, got ${bytes.length}`);
  return { type: 'IdentityRequest', deviceId: bytes[2] as number };
}

/** @throws ProtocolError */
export function decodeIdentityReply(bytes: Uint8Array): IdentityReply {
  const op = 'decodeIdentityReply';
  checkUniversal(bytes, op, IDENTITY_REPLY);
  let o = 5;
  let manufacturer = readU7(bytes, o, op, 'manufacturer');
  if (manufacturer === 0) {
    manufacturer = (readU7(bytes, o + 1, op, 'manufacturer') << 8) | readU7(bytes, o + 2, op, 'manufacturer');
    o += 3;
  } else {
    o += 1;
  }
  const expected = o + 9;
  if (bytes.length !== expected) throw new ProtocolError('BAD_LENGTH', `${op}: expected ${expected} bytes, got ${bytes.length}`);
  const version: [U7, U7, U7, U7] = [
    readU7(bytes, o + 4, op, 'version'),
    readU7(bytes, o + 5, op, 'version'),
    readU7(bytes, o + 6, op, 'version'),
    readU7(bytes, o + 7, op, 'version'),
  ];
  return {
    type: 'IdentityReply',
    deviceId: bytes[2] as number,
    manufacturer,
    family: readU14Le(bytes, o, op, 'family'),
    model: readU14Le(bytes, o + 2, op, 'model'),
    version,
  };
}

/** True when a reply comes from an Arp speaking Vintage Mode (PROTOCOL.md §4.5). */
export function isArpIdentity(r: IdentityReply): boolean {
  return r.manufacturer === MANUFACTURER_ID && r.family === ARP_FAMILY;
}
