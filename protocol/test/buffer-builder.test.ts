import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ArpStreamDecoder,
  MAX_EVENTS,
  buildBuffer,
  chunkEvents,
  decode,
  decodeBufferMessage,
  eventsFromNotes,
  eventSum,
  unwrapU28,
  type BufferEvent,
  type PerformanceNote,
} from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';
import { randInt, rng } from './helpers/rng.js';

const n = (note: number, start: number, duration: number, velocity = 100): PerformanceNote => ({ note, start, duration, velocity });

test('orders events by time, note-offs first at equal times', () => {
  const events = eventsFromNotes([n(64, 500, 500), n(60, 0, 500), n(67, 500, 250)]);
  assert.equal(events, [
    { timeUs: 0, note: 60, velocity: 100, on: true },
    { timeUs: 500, note: 60, velocity: 0, on: false },
    { timeUs: 500, note: 64, velocity: 100, on: true },
    { timeUs: 500, note: 67, velocity: 100, on: true },
    { timeUs: 750, note: 67, velocity: 0, on: false },
    { timeUs: 1000, note: 64, velocity: 0, on: false },
  ]);
});

test('seconds are converted to µs (rounded) and a same-pitch overlap ends the earlier note', () => {
  const events = eventsFromNotes([n(60, 0, 1.0), n(60, 0.5, 1.0, 90)], { unit: 's' });
  assert.equal(events, [
    { timeUs: 0, note: 60, velocity: 100, on: true },
    { timeUs: 500_000, note: 60, velocity: 0, on: false },
    { timeUs: 500_000, note: 60, velocity: 90, on: true },
    { timeUs: 1_500_000, note: 60, velocity: 0, on: false },
  ]);
  assert.equal(eventsFromNotes([n(60, 0.0000004, 0.0000002)], { unit: 's' }).map((e) => e.timeUs), [0, 1]);
});

test('two notes of one pitch starting together merge', () => {
  assert.equal(eventsFromNotes([n(60, 0, 100, 50), n(60, 0, 300, 90)]), [
    { timeUs: 0, note: 60, velocity: 90, on: true },
    { timeUs: 300, note: 60, velocity: 0, on: false },
  ]);
});

test('one Load when it fits; Load + Appends when longer; sums match the bytes', () => {
  const notes = Array.from({ length: 1200 }, (_, i) => n(36 + (i % 48), i * 125_000, 100_000));
  const built = buildBuffer(notes);
  assert.is(built.events.length, 2400);
  assert.equal(built.chunks.map((c) => [c.kind, c.events.length, c.first]), [
    ['LoadBuffer', 1000, 0],
    ['AppendBuffer', 1000, 1000],
    ['AppendBuffer', 400, 2000],
  ]);
  let prev: BufferEvent | undefined;
  for (const c of built.chunks) {
    const decoded = decodeBufferMessage(c.bytes, c.kind, prev);
    assert.equal(decoded.events, c.events);
    assert.is(c.sum, eventSum(c.events));
    prev = c.events[c.events.length - 1];
  }
  assert.is(built.durationUs, 1199 * 125_000 + 100_000);
  const small = buildBuffer(notes.slice(0, 10), { chunkSize: 4 });
  assert.equal(small.chunks.map((c) => c.events.length), [4, 4, 4, 4, 4]);
});

test('takes longer than 2^28 µs wrap in Appends, and unwrap back to the original times', () => {
  // 10 minutes of one note every 2 s: times up to 600 s > 268 s.
  const notes = Array.from({ length: 300 }, (_, i) => n(60, i * 2, 1, 100));
  const built = buildBuffer(notes, { unit: 's' });
  const load = built.chunks[0];
  assert.is(load?.kind, 'LoadBuffer');
  assert.ok(load!.events.every((e) => e.timeUs <= 268_435_455), 'Load holds no wrapped times');
  let line = 0;
  const times: number[] = [];
  for (const c of built.chunks) for (const e of c.events) times.push((line = unwrapU28(line, e.timeUs)));
  assert.equal(times, built.events.map((e) => e.timeUs));
});

test('a stream of all chunks through the stream decoder gives back every event', () => {
  const r = rng(7);
  const notes = Array.from({ length: 3000 }, () => n(randInt(r, 0, 127), randInt(r, 0, 60_000_000), randInt(r, 1, 2_000_000), randInt(r, 1, 127)));
  const built = buildBuffer(notes);
  const d = new ArpStreamDecoder();
  const events: BufferEvent[] = [];
  for (const c of built.chunks) {
    for (let i = 0; i < c.bytes.length; i += 48) {
      for (const m of d.push(c.bytes.subarray(i, i + 48))) {
        if (m.type === 'LoadBuffer' || m.type === 'AppendBuffer') events.push(...m.events);
        else assert.unreachable(`unexpected ${m.type}`);
      }
    }
  }
  assert.equal(events, built.events);
});

test('validation names the note, the field and the value', () => {
  throwsCode(() => buildBuffer([]), 'BAD_COUNT', 'no notes');
  throwsCode(() => buildBuffer([n(128, 0, 1)]), 'INVALID_ARGUMENT', 'note 0', 'note must be an integer 0-127, got 128');
  throwsCode(() => buildBuffer([n(60, 0, 1), n(60, 0, 1, 0)]), 'INVALID_ARGUMENT', 'note 1', 'velocity must be an integer 1-127, got 0');
  throwsCode(() => buildBuffer([n(60, -1, 1)]), 'INVALID_ARGUMENT', 'start must be a finite number ≥ 0, got -1');
  throwsCode(() => buildBuffer([n(60, 0, 0)]), 'INVALID_ARGUMENT', 'duration must be a finite number > 0, got 0');
  throwsCode(() => buildBuffer([n(60, Number.NaN, 1)]), 'INVALID_ARGUMENT', 'got NaN');
  throwsCode(() => buildBuffer([{ note: 60, velocity: 1, start: 0, duration: 1, offVelocity: 200 }]), 'INVALID_ARGUMENT', 'offVelocity', '200');
  throwsCode(() => buildBuffer([n(60, 0, 1)], { unit: 'ms' as never }), 'INVALID_ARGUMENT', 'unit', '"ms"');
  throwsCode(() => buildBuffer([n(60, 0, 1)], { chunkSize: 0 }), 'INVALID_ARGUMENT', 'chunkSize', 'got 0');
  throwsCode(() => buildBuffer([n(60, 0, 1)], { chunkSize: MAX_EVENTS + 1 }), 'INVALID_ARGUMENT', 'got 1001');
  throwsCode(() => buildBuffer('notes' as never), 'INVALID_ARGUMENT', 'notes must be an array');
  throwsCode(() => buildBuffer([n(60, 0, 1), n(61, 200, 1)], { unit: 's' }), 'GAP_TOO_LARGE', 'events 1 and 2', '199000000 µs apart');
});

test('a full Load, then small Appends (streaming)', () => {
  const notes = Array.from({ length: 700 }, (_, i) => n(60 + (i % 12), i * 1000, 500));
  const built = buildBuffer(notes, { loadSize: 1000, chunkSize: 250 });
  assert.equal(built.chunks.map((c) => [c.kind, c.events.length]), [
    ['LoadBuffer', 1000],
    ['AppendBuffer', 250],
    ['AppendBuffer', 150],
  ]);
  throwsCode(() => buildBuffer(notes, { loadSize: 0 }), 'INVALID_ARGUMENT', 'loadSize', 'got 0');
});

test('chunkEvents alone', () => {
  const events = eventsFromNotes([n(60, 0, 10), n(62, 5, 10)]);
  const chunks = chunkEvents(events, 3);
  assert.equal(chunks.map((c) => c.kind), ['LoadBuffer', 'AppendBuffer']);
  assert.equal(decode(chunks[1]!.bytes), { type: 'AppendBuffer', events: events.slice(3) });
});

test.run();
