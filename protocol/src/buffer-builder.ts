// A performance (notes with start, duration, velocity) → ordered Arp events → one LoadBuffer plus AppendBuffers
// (PROTOCOL.md §3.1, §3.2).
import { describe } from './bytes.js';
import { MAX_EVENTS, MAX_EVENT_GAP_US, U28_MAX } from './constants.js';
import { ProtocolError } from './errors.js';
import { encodeAppendBuffer, encodeLoadBuffer, eventSum } from './buffer-message.js';
import { wrapU28 } from './time.js';
import type { BufferEvent, U14, U7 } from './types.js';

export interface PerformanceNote {
  note: U7;
  /** 1-127 (a note-on with velocity 0 would be a note-off) */
  velocity: U7;
  /** from the start of the take, in `unit` */
  start: number;
  /** > 0, in `unit` */
  duration: number;
  /** note-off velocity, default 0 */
  offVelocity?: U7;
}

export interface BuildOptions {
  /** unit of `start` and `duration`: microseconds (default) or seconds */
  unit?: 'us' | 's';
  /** events per message, 1-1000 (default 1000) */
  chunkSize?: number;
  /** events in the first message (the Load), 1-1000 (default: chunkSize) */
  loadSize?: number;
}

export interface BufferChunk {
  kind: 'LoadBuffer' | 'AppendBuffer';
  /** index in `events` of this chunk's first event */
  first: number;
  /** the events as sent: times modulo 2^28 */
  events: BufferEvent[];
  bytes: Uint8Array;
  /** what the Arp's Status `s` must say after receiving it */
  sum: U14;
}

export interface BuiltBuffer {
  /** ordered events, times in µs from the take's start (not wrapped) */
  events: BufferEvent[];
  chunks: BufferChunk[];
  /** time of the last event, µs */
  durationUs: number;
}

const OP = 'buildBuffer';

function checkNote(n: PerformanceNote, i: number, scale: number): { note: number; velocity: number; off: number; start: number; end: number } {
  const fail = (what: string): never => {
    throw new ProtocolError('INVALID_ARGUMENT', `${OP}: note ${i}: ${what}`);
  };
  if (typeof n !== 'object' || n === null) fail(`expected an object, got ${describe(n)}`);
  if (!Number.isInteger(n.note) || n.note < 0 || n.note > 127) fail(`note must be an integer 0-127, got ${describe(n.note)}`);
  if (!Number.isInteger(n.velocity) || n.velocity < 1 || n.velocity > 127) fail(`velocity must be an integer 1-127, got ${describe(n.velocity)}`);
  const off = n.offVelocity ?? 0;
  if (!Number.isInteger(off) || off < 0 || off > 127) fail(`offVelocity must be an integer 0-127, got ${describe(n.offVelocity)}`);
  if (typeof n.start !== 'number' || !Number.isFinite(n.start) || n.start < 0) fail(`start must be a finite number ≥ 0, got ${describe(n.start)}`);
  if (typeof n.duration !== 'number' || !Number.isFinite(n.duration) || n.duration <= 0) fail(`duration must be a finite number > 0, got ${describe(n.duration)}`);
  const start = Math.round(n.start * scale);
  const end = Math.max(start + 1, Math.round((n.start + n.duration) * scale));
  if (!Number.isSafeInteger(end)) fail(`end time ${n.start + n.duration} is too large`);
  return { note: n.note, velocity: n.velocity, off, start, end };
}

/**
 * Orders a performance into events: by time; at equal times note-offs first (PROTOCOL.md §3.1). A note that starts
 * while the same pitch still sounds ends the earlier one at that moment (a synth voice cannot play one pitch twice);
 * two of the same pitch starting together merge (longer duration, louder velocity).
 * @throws ProtocolError INVALID_ARGUMENT naming the note index, field and value
 */
export function eventsFromNotes(notes: readonly PerformanceNote[], options: BuildOptions = {}): BufferEvent[] {
  if (!Array.isArray(notes)) throw new ProtocolError('INVALID_ARGUMENT', `${OP}: notes must be an array, got ${describe(notes)}`);
  const unit = options.unit ?? 'us';
  if (unit !== 'us' && unit !== 's') throw new ProtocolError('INVALID_ARGUMENT', `${OP}: unit must be "us" or "s", got ${describe(unit)}`);
  const scale = unit === 's' ? 1e6 : 1;
  const checked = notes.map((n, i) => checkNote(n, i, scale));
  checked.sort((a, b) => a.start - b.start || a.note - b.note);
  const kept: typeof checked = [];
  const lastByNote = new Map<number, (typeof checked)[number]>();
  for (const n of checked) {
    const last = lastByNote.get(n.note);
    if (last && last.start === n.start) {
      last.end = Math.max(last.end, n.end);
      last.velocity = Math.max(last.velocity, n.velocity);
      continue;
    }
    if (last && last.end > n.start) last.end = n.start;
    lastByNote.set(n.note, n);
    kept.push(n);
  }
  const events: BufferEvent[] = [];
  for (const n of kept) {
    events.push({ timeUs: n.start, note: n.note, velocity: n.velocity, on: true });
    events.push({ timeUs: n.end, note: n.note, velocity: n.off, on: false });
  }
  events.sort((a, b) => a.timeUs - b.timeUs || Number(a.on) - Number(b.on) || a.note - b.note);
  return events;
}

/**
 * Splits ordered events into one LoadBuffer of at most `loadSize` events plus AppendBuffers of at most `chunkSize`,
 * wrapping times modulo 2^28 (the Load holds only times ≤ 2^28 − 1). A streaming sender loads a full ring and
 * appends smaller chunks as slots free up.
 * @throws ProtocolError INVALID_ARGUMENT, GAP_TOO_LARGE, OUT_OF_ORDER
 */
export function chunkEvents(events: readonly BufferEvent[], chunkSize = MAX_EVENTS, loadSize = chunkSize): BufferChunk[] {
  for (const [name, v] of [['chunkSize', chunkSize], ['loadSize', loadSize]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_EVENTS) {
      throw new ProtocolError('INVALID_ARGUMENT', `${OP}: ${name} must be an integer 1-${MAX_EVENTS}, got ${describe(v)}`);
    }
  }
  for (let i = 1; i < events.length; i++) {
    const gap = (events[i] as BufferEvent).timeUs - (events[i - 1] as BufferEvent).timeUs;
    if (gap >= MAX_EVENT_GAP_US) {
      throw new ProtocolError('GAP_TOO_LARGE', `${OP}: events ${i - 1} and ${i} are ${gap} µs apart; at most ${MAX_EVENT_GAP_US - 1} µs can be sent`);
    }
  }
  const chunks: BufferChunk[] = [];
  let i = 0;
  while (i < events.length) {
    const kind = chunks.length === 0 ? 'LoadBuffer' : 'AppendBuffer';
    let end = Math.min(events.length, i + (kind === 'LoadBuffer' ? loadSize : chunkSize));
    if (kind === 'LoadBuffer') {
      let j = i;
      while (j < end && (events[j] as BufferEvent).timeUs <= U28_MAX) j++;
      end = Math.max(j, i + 1);
    }
    const wire = events.slice(i, end).map((e) => ({ ...e, timeUs: wrapU28(e.timeUs) }));
    const bytes = kind === 'LoadBuffer' ? encodeLoadBuffer(wire) : encodeAppendBuffer(wire);
    chunks.push({ kind, first: i, events: wire, bytes, sum: eventSum(wire) });
    i = end;
  }
  return chunks;
}

/**
 * A performance → ordered events → messages.
 * @throws ProtocolError INVALID_ARGUMENT (naming the note and field), GAP_TOO_LARGE, BAD_COUNT for no notes
 */
export function buildBuffer(notes: readonly PerformanceNote[], options: BuildOptions = {}): BuiltBuffer {
  const events = eventsFromNotes(notes, options);
  if (events.length === 0) throw new ProtocolError('BAD_COUNT', `${OP}: the performance has no notes`);
  const chunkSize = options.chunkSize ?? MAX_EVENTS;
  const chunks = chunkEvents(events, chunkSize, options.loadSize ?? chunkSize);
  return { events, chunks, durationUs: (events[events.length - 1] as BufferEvent).timeUs };
}
