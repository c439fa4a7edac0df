// Encode + decode time of a full 1000-event buffer (issue #2), with the streaming decoder at USB-sized and 1-byte
// chunks, and JSON of the same events as a familiar reference, all measured side by side in one run.
import { ArpStreamDecoder, buildBuffer, decode, encodeLoadBuffer, type PerformanceNote } from '@vcpi/protocol';
import { measure, printTable } from './lib/measure.js';

// 500 notes → 1000 events: 16ths at 120 BPM with 3-note chords on every beat, like a dense take.
const notes: PerformanceNote[] = [];
for (let i = 0; notes.length < 700; i++) {
  const start = i * 125_000;
  notes.push({ note: 48 + (i % 24), velocity: 64 + (i % 63), start, duration: 100_000 });
  if (i % 4 === 0) {
    notes.push({ note: 60, velocity: 90, start, duration: 400_000 });
    notes.push({ note: 64, velocity: 90, start, duration: 400_000 });
  }
}
const events = buildBuffer(notes).events.slice(0, 1000);
if (events.length !== 1000) throw new Error(`bench set-up: expected 1000 events, got ${events.length}`);
const bytes = encodeLoadBuffer(events);
const json = JSON.stringify(events);

let sink = 0;
const rows = [
  measure('encodeLoadBuffer (1000 events)', () => { sink += encodeLoadBuffer(events).length; }),
  measure('decode (strict, whole message)', () => { sink += (decode(bytes) as { events: unknown[] }).events.length; }),
  measure('encode + decode', () => { sink += (decode(encodeLoadBuffer(events)) as { events: unknown[] }).events.length; }),
  measure('ArpStreamDecoder, 48-byte USB chunks', () => {
    const d = new ArpStreamDecoder();
    for (let i = 0; i < bytes.length; i += 48) sink += d.push(bytes.subarray(i, i + 48)).length;
  }),
  measure('ArpStreamDecoder, 1-byte chunks', () => {
    const d = new ArpStreamDecoder();
    for (let i = 0; i < bytes.length; i++) sink += d.push(bytes.subarray(i, i + 1)).length;
  }),
  measure('reference: JSON.stringify + JSON.parse', () => { sink += (JSON.parse(JSON.stringify(events)) as unknown[]).length; }),
];
console.log(`protocol codec: one LoadBuffer of 1000 events = ${bytes.length} bytes (JSON: ${json.length} bytes)`);
printTable(rows, 'encode + decode');
if (sink === 0) console.log('(unreachable)');
