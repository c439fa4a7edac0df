// Small readers and writers for 7-bit fields (PROTOCOL.md §3). Readers check the high bit and name the field.
import { ProtocolError, hex } from './errors.js';
import type { U14, U28, U7 } from './types.js';

/** Reads one 7-bit byte; throws HIGH_BIT or BAD_LENGTH naming `op` and `field`. */
export function readU7(bytes: Uint8Array, offset: number, op: string, field: string): U7 {
  const b = bytes[offset];
  if (b === undefined) throw new ProtocolError('BAD_LENGTH', `${op}: message ends before ${field}`, offset);
  if (b > 0x7f) throw new ProtocolError('HIGH_BIT', `${op}: ${field} byte ${hex(b)} has the high bit set`, offset);
  return b;
}

/** Reads a 14-bit number sent MSB first (hi, lo). */
export function readU14(bytes: Uint8Array, offset: number, op: string, field: string): U14 {
  return readU7(bytes, offset, op, field) * 128 + readU7(bytes, offset + 1, op, field);
}

/** Reads a 14-bit number sent LSB first (lo, hi), as Universal SysEx does. */
export function readU14Le(bytes: Uint8Array, offset: number, op: string, field: string): U14 {
  return readU7(bytes, offset, op, field) + readU7(bytes, offset + 1, op, field) * 128;
}

/** Reads a 28-bit number in four 7-bit groups, big-endian. */
export function readU28(bytes: Uint8Array, offset: number, op: string, field: string): U28 {
  let v = 0;
  for (let i = 0; i < 4; i++) v = v * 128 + readU7(bytes, offset + i, op, field);
  return v;
}

export function writeU14(out: Uint8Array, offset: number, v: U14): void {
  out[offset] = (v >> 7) & 0x7f;
  out[offset + 1] = v & 0x7f;
}

export function writeU14Le(out: Uint8Array, offset: number, v: U14): void {
  out[offset] = v & 0x7f;
  out[offset + 1] = (v >> 7) & 0x7f;
}

export function writeU28(out: Uint8Array, offset: number, v: U28): void {
  out[offset] = (v >>> 21) & 0x7f;
  out[offset + 1] = (v >>> 14) & 0x7f;
  out[offset + 2] = (v >>> 7) & 0x7f;
  out[offset + 3] = v & 0x7f;
}

/** Checks that `v` is an integer in [min, max]; throws INVALID_ARGUMENT naming `op` and `field`. */
export function checkInt(v: unknown, min: number, max: number, op: string, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ProtocolError('INVALID_ARGUMENT', `${op}: ${field} must be an integer ${min}-${max}, got ${describe(v)}`);
  }
  return v;
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}

/** "F0 7D 01" for bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i ? ' ' : '') + (bytes[i] as number).toString(16).toUpperCase().padStart(2, '0');
  return s;
}

/**
 * Parses hex bytes: "F0 7D 01", "f07d01", "0xF0,0x7D" all work.
 * @throws ProtocolError INVALID_ARGUMENT naming the bad token and its position.
 */
export function fromHex(text: string): Uint8Array {
  const tokens = text.split(/[\s,;:]+/).filter((t) => t.length > 0);
  const out: number[] = [];
  for (const [i, raw] of tokens.entries()) {
    const t = raw.replace(/^0x/i, '');
    if (!/^[0-9a-fA-F]+$/.test(t) || t.length % 2 !== 0) {
      throw new ProtocolError('INVALID_ARGUMENT', `fromHex: token ${i + 1} ${JSON.stringify(raw)} is not whole hex bytes`);
    }
    for (let j = 0; j < t.length; j += 2) out.push(parseInt(t.slice(j, j + 2), 16));
  }
  return Uint8Array.from(out);
}
