// LoadBuffer (01) and AppendBuffer (04) into the ring (PROTOCOL.md §3.1, §3.2); mirrors
// firmware/arp/buffer_loader.py. A whole message is decoded by the protocol library (the reference implementation
// of the same checks, in the same order); a cut or oversize SysEx is classified here as the firmware does.
import {
  BUFFER_OVERHEAD,
  MAX_EVENTS,
  ProtocolError,
  byteSum,
  decodeBufferMessage,
  statusCodeForError,
  STATUS_CODE_VALUE,
  type BufferEvent,
} from '@vcpi/protocol';
import type { EventRing } from './event-ring.js';
import { MALFORMED, OK, TOO_MANY_EVENTS } from './firmware-constants.js';

/**
 * Status `s` (PROTOCOL.md §4.3): the sum of the bytes between nL and F7 mod 16 384; for a cut or oversize SysEx
 * (`complete` false, no F7 kept) the bytes received after nL.
 */
export function eventSum(bytes: Uint8Array, n: number, complete: boolean): number {
  return byteSum(bytes, BUFFER_OVERHEAD - 1, complete ? n - 1 : n);
}

/** nH·128 + nL, or −1 when the message stops before the count. */
export function eventCount(bytes: Uint8Array, n: number): number {
  if (n < BUFFER_OVERHEAD - 1) return -1;
  return (bytes[3] as number) * 128 + (bytes[4] as number);
}

export interface BufferCheck {
  code: number;
  /** the decoded events when code is OK */
  events: BufferEvent[];
}

/** The status code for a Load/Append of bytes[0:n] (PROTOCOL.md §4.1), and its events when accepted. */
export function checkBuffer(bytes: Uint8Array, n: number, complete: boolean, append: boolean, ring: EventRing): BufferCheck {
  if (!complete) {
    const count = eventCount(bytes, n);
    return { code: count > MAX_EVENTS ? TOO_MANY_EVENTS : MALFORMED, events: [] };
  }
  const previous: BufferEvent | undefined =
    append && ring.count > 0 && ring.hasLast
      ? { timeUs: ring.lastTime, note: ring.lastNote, velocity: 0, on: ring.lastOn === 1 }
      : undefined;
  let events: BufferEvent[];
  try {
    events = decodeBufferMessage(bytes.subarray(0, n), append ? 'AppendBuffer' : 'LoadBuffer', previous).events;
  } catch (err) {
    if (err instanceof ProtocolError) return { code: STATUS_CODE_VALUE[statusCodeForError(err.code)], events: [] };
    throw err;
  }
  if (append && events.length > ring.free()) return { code: TOO_MANY_EVENTS, events: [] };
  return { code: OK, events };
}

/** Writes accepted events. A Load replaces the buffer; an Append to an empty buffer starts a new take. */
export function commitBuffer(events: readonly BufferEvent[], append: boolean, ring: EventRing): void {
  if (!append || ring.count === 0) ring.clear();
  for (const e of events) ring.push(e.timeUs, e.note, e.velocity, e.on ? 1 : 0);
}
