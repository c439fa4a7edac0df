// LoadBuffer (01) and AppendBuffer (04): PROTOCOL.md §3.1, §3.2.
import { checkInt, readU14, readU28, readU7, writeU14, writeU28 } from './bytes.js';
import {
  BUFFER_OVERHEAD,
  EVENT_BYTES,
  MANUFACTURER_ID,
  MAX_EVENTS,
  MAX_EVENT_GAP_US,
  SUM_MODULUS,
  SYSEX_COMMAND,
  SYSEX_END,
  SYSEX_START,
  U28_MAX,
} from './constants.js';
import { ProtocolError, hex } from './errors.js';
import type { AppendBuffer, LoadBuffer } from './messages.js';
import { diffU28 } from './time.js';
import type { BufferEvent, U14 } from './types.js';

export type BufferKind = 'LoadBuffer' | 'AppendBuffer';

/** Bytes of a Load/Append with `n` events. */
export const bufferMessageLength = (n: number): number => BUFFER_OVERHEAD + EVENT_BYTES * n;

/** 14-bit sum of the encoded event bytes (PROTOCOL.md §4.3): what the Arp reports in Status `s`. */
export function eventSum(events: readonly BufferEvent[]): U14 {
  let sum = 0;
  for (const e of events) {
    const t = e.timeUs;
    sum += ((t >>> 21) & 0x7f) + ((t >>> 14) & 0x7f) + ((t >>> 7) & 0x7f) + (t & 0x7f) + e.note + e.velocity + (e.on ? 1 : 0);
  }
  return sum % SUM_MODULUS;
}

/** 14-bit sum of raw bytes, for a message the Arp cannot parse (PROTOCOL.md §4.3). */
export function byteSum(bytes: Uint8Array, from: number, to: number): U14 {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] as number;
  return sum % SUM_MODULUS;
}

/**
 * Checks PROTOCOL.md §3.1/§3.2 order. `modular` (Append): each step is a forward step mod 2^28 below 2^27;
 * otherwise times are plain non-decreasing numbers. `previous` is the event held before these (Append).
 * Returns the index of the first event out of order, or -1.
 */
export function findOrderViolation(events: readonly BufferEvent[], modular: boolean, previous?: BufferEvent): number {
  // Notes switched on at the current time; a note-off of one of them at the same time is out of order.
  const onAtTime = new Uint8Array(128);
  const touched: number[] = [];
  let prev = previous;
  if (prev && prev.on) {
    onAtTime[prev.note] = 1;
    touched.push(prev.note);
  }
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as BufferEvent;
    if (prev) {
      const step = modular ? diffU28(e.timeUs, prev.timeUs) : e.timeUs - prev.timeUs;
      if (step < 0 || step >= MAX_EVENT_GAP_US) return i;
      if (step > 0) {
        for (const n of touched) onAtTime[n] = 0;
        touched.length = 0;
      }
    }
    if (e.on) {
      if (!onAtTime[e.note]) {
        onAtTime[e.note] = 1;
        touched.push(e.note);
      }
    } else if (onAtTime[e.note]) {
      return i;
    }
    prev = e;
  }
  return -1;
}

function checkEvents(events: readonly BufferEvent[], op: string, modular: boolean): void {
  if (!Array.isArray(events)) throw new ProtocolError('INVALID_ARGUMENT', `${op}: events must be an array`);
  if (events.length === 0) throw new ProtocolError('BAD_COUNT', `${op}: needs at least 1 event, got 0`);
  if (events.length > MAX_EVENTS) {
    throw new ProtocolError('TOO_MANY_EVENTS', `${op}: event count ${events.length} exceeds ${MAX_EVENTS}`);
  }
  events.forEach((e, i) => {
    if (typeof e !== 'object' || e === null) throw new ProtocolError('INVALID_ARGUMENT', `${op}: event ${i} is not an object`);
    checkInt(e.timeUs, 0, U28_MAX, op, `event ${i} timeUs`);
    checkInt(e.note, 0, 127, op, `event ${i} note`);
    checkInt(e.velocity, 0, 127, op, `event ${i} velocity`);
    if (typeof e.on !== 'boolean') throw new ProtocolError('INVALID_ARGUMENT', `${op}: event ${i} on must be true or false`);
  });
  const bad = findOrderViolation(events, modular);
  if (bad >= 0) throw orderError(op, events, bad);
}

/** `i` indexes `events`; `label` is the event's index in the message (differs when `events` starts with the previous one). */
function orderError(op: string, events: readonly BufferEvent[], i: number, label = i, offset?: number): ProtocolError {
  const e = events[i] as BufferEvent;
  const p = events[i - 1] as BufferEvent;
  const why =
    e.timeUs === p.timeUs
      ? `note-off of note ${e.note} follows its note-on at the same time ${e.timeUs} µs`
      : `time ${e.timeUs} µs is not a forward step from ${p.timeUs} µs`;
  return new ProtocolError('OUT_OF_ORDER', `${op}: event ${label} out of order: ${why}`, offset);
}

function encodeBuffer(kind: BufferKind, events: readonly BufferEvent[]): Uint8Array {
  const op = `encode${kind}`;
  checkEvents(events, op, kind === 'AppendBuffer');
  const out = new Uint8Array(bufferMessageLength(events.length));
  out[0] = SYSEX_START;
  out[1] = MANUFACTURER_ID;
  out[2] = SYSEX_COMMAND[kind];
  writeU14(out, 3, events.length);
  let o = 5;
  for (const e of events) {
    writeU28(out, o, e.timeUs);
    out[o + 4] = e.note;
    out[o + 5] = e.velocity;
    out[o + 6] = e.on ? 1 : 0;
    o += EVENT_BYTES;
  }
  out[o] = SYSEX_END;
  return out;
}

/**
 * `F0 7D 01 nH nL {t3 t2 t1 t0 note vel on}×n F7` (PROTOCOL.md §3.1).
 * @throws ProtocolError INVALID_ARGUMENT, BAD_COUNT, TOO_MANY_EVENTS, OUT_OF_ORDER
 */
export const encodeLoadBuffer = (events: readonly BufferEvent[]): Uint8Array => encodeBuffer('LoadBuffer', events);
/**
 * `F0 7D 04 …` (PROTOCOL.md §3.2); times already modulo 2^28.
 * @throws ProtocolError INVALID_ARGUMENT, BAD_COUNT, TOO_MANY_EVENTS, OUT_OF_ORDER
 */
export const encodeAppendBuffer = (events: readonly BufferEvent[]): Uint8Array => encodeBuffer('AppendBuffer', events);

/**
 * Strictly decodes a whole Load/Append. `previous` (Append) is the last event the receiver holds, to check the first
 * step. @throws ProtocolError naming the field and byte offset
 */
export function decodeBufferMessage(bytes: Uint8Array, kind: BufferKind, previous?: BufferEvent): LoadBuffer | AppendBuffer {
  const op = `decode${kind}`;
  checkSysExFrame(bytes, op, SYSEX_COMMAND[kind]);
  if (bytes.length < BUFFER_OVERHEAD) {
    throw new ProtocolError('BAD_LENGTH', `${op}: ${bytes.length} bytes is shorter than the ${BUFFER_OVERHEAD}-byte minimum`);
  }
  const n = readU14(bytes, 3, op, 'event count');
  if (n === 0) throw new ProtocolError('BAD_COUNT', `${op}: event count 0, expected 1-${MAX_EVENTS}`, 3);
  if (n > MAX_EVENTS) throw new ProtocolError('TOO_MANY_EVENTS', `${op}: event count ${n} exceeds ${MAX_EVENTS}`, 3);
  const expected = bufferMessageLength(n);
  if (bytes.length !== expected) {
    throw new ProtocolError('BAD_LENGTH', `${op}: ${n} events need ${expected} bytes, got ${bytes.length}`);
  }
  const events: BufferEvent[] = new Array(n);
  let o = 5;
  for (let i = 0; i < n; i++) {
    const timeUs = readU28(bytes, o, op, `event ${i} time`);
    const note = readU7(bytes, o + 4, op, `event ${i} note`);
    const velocity = readU7(bytes, o + 5, op, `event ${i} velocity`);
    const on = readU7(bytes, o + 6, op, `event ${i} on`);
    if (on > 1) throw new ProtocolError('OUT_OF_RANGE', `${op}: event ${i} on must be 0 or 1, got ${on}`, o + 6);
    events[i] = { timeUs, note, velocity, on: on === 1 };
    o += EVENT_BYTES;
  }
  const all = previous ? [previous, ...events] : events;
  const bad = findOrderViolation(all, kind === 'AppendBuffer');
  if (bad >= 0) {
    const i = previous ? bad - 1 : bad;
    throw orderError(op, all, bad, i, 5 + EVENT_BYTES * i);
  }
  return { type: kind, events };
}

/** Checks F0 7D <command> … F7; shared by every Arp SysEx decoder. */
export function checkSysExFrame(bytes: Uint8Array, op: string, command: number): void {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', `${op}: expected a Uint8Array`);
  if (bytes.length === 0) throw new ProtocolError('EMPTY', `${op}: no bytes`);
  if (bytes[0] !== SYSEX_START) throw new ProtocolError('NOT_SYSEX', `${op}: expected F0, got ${hex(bytes[0] as number)}`, 0);
  if (bytes.length < 4) throw new ProtocolError('BAD_LENGTH', `${op}: ${bytes.length} bytes is too short for an Arp SysEx`);
  if (bytes[1] !== MANUFACTURER_ID) {
    throw new ProtocolError('WRONG_MANUFACTURER', `${op}: manufacturer ${hex(bytes[1] as number)}, expected ${hex(MANUFACTURER_ID)}`, 1);
  }
  if (bytes[2] !== command) {
    throw new ProtocolError('UNKNOWN_COMMAND', `${op}: command ${hex(bytes[2] as number)}, expected ${hex(command)}`, 2);
  }
  const last = bytes.length - 1;
  if (bytes[last] !== SYSEX_END) {
    throw new ProtocolError('BAD_TERMINATOR', `${op}: expected F7 at the end, got ${hex(bytes[last] as number)}`, last);
  }
}
