import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MidiStreamDecoder, fromHex, toHex, type MidiMessage } from '@vcpi/protocol';
import { randInt, rng } from './helpers/rng.js';

/** Messages as comparable plain values: Uint8Array → hex. */
const plain = (ms: MidiMessage[]): unknown[] =>
  ms.map((m) => ('bytes' in m ? { ...m, bytes: toHex(m.bytes) } : m));

function decodeAll(bytes: Uint8Array, chunk = bytes.length || 1, options = {}): unknown[] {
  const d = new MidiStreamDecoder(options);
  const out: MidiMessage[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...d.push(bytes.subarray(i, i + chunk)));
  out.push(...d.end());
  return plain(out);
}

// Labelled cases (PROTOCOL.md §7). Provenance: MIDI 1.0 Detailed Specification (status bytes, running status,
// real-time placement) and the failure modes named in issue #3 for adafruit_midi.
const cases: [string, string, unknown[]][] = [
  ['note on', '90 3C 64', [{ type: 'NoteOn', channel: 1, note: 60, velocity: 100 }]],
  ['note off channel 16', '8F 3C 40', [{ type: 'NoteOff', channel: 16, note: 60, velocity: 64 }]],
  ['running status', '90 3C 64 3E 64 40 00', [
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
    { type: 'NoteOn', channel: 1, note: 62, velocity: 100 },
    { type: 'NoteOn', channel: 1, note: 64, velocity: 0 },
  ]],
  ['running status, 1-byte messages', 'C2 01 02', [
    { type: 'ProgramChange', channel: 3, program: 1 },
    { type: 'ProgramChange', channel: 3, program: 2 },
  ]],
  ['CC, poly and channel pressure, pitch bend', 'B0 14 02 A1 3C 10 D2 40 E3 00 40', [
    { type: 'ControlChange', channel: 1, controller: 20, value: 2 },
    { type: 'PolyPressure', channel: 2, note: 60, pressure: 16 },
    { type: 'ChannelPressure', channel: 3, pressure: 64 },
    { type: 'PitchBend', channel: 4, value: 8192 },
  ]],
  ['real-time between status and data', '90 F8 3C FA 64', [
    { type: 'Clock' },
    { type: 'Start' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
  ]],
  ['all real-time kinds', 'F8 FA FB FC FE FF', [
    { type: 'Clock' }, { type: 'Start' }, { type: 'Continue' }, { type: 'Stop' }, { type: 'ActiveSensing' }, { type: 'Reset' },
  ]],
  ['clock inside SysEx is delivered at once, SysEx continues', 'F0 7D F8 05 F8 F7', [
    { type: 'Clock' },
    { type: 'Clock' },
    { type: 'SysEx', bytes: 'F0 7D 05 F7' },
  ]],
  ['undefined real-time F9/FD: Invalid, no state change', '90 3C F9 64 FD', [
    { type: 'Invalid', bytes: 'F9', reason: 'undefined real-time status 0xF9' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
    { type: 'Invalid', bytes: 'FD', reason: 'undefined real-time status 0xFD' },
  ]],
  ['unterminated SysEx cut by a status byte', 'F0 7D 01 00 90 3C 64', [
    { type: 'Invalid', bytes: 'F0 7D 01 00', reason: 'unterminated SysEx cut by status 0x90' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
  ]],
  ['SysEx cut by another SysEx', 'F0 7D F0 7D 05 F7', [
    { type: 'Invalid', bytes: 'F0 7D', reason: 'unterminated SysEx cut by status 0xF0' },
    { type: 'SysEx', bytes: 'F0 7D 05 F7' },
  ]],
  ['stray data bytes are one Invalid at the next status', '3C 64 01 90 3C 64', [
    { type: 'Invalid', bytes: '3C 64 01', reason: '3 stray data bytes (no running status)' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
  ]],
  ['stray F7', 'F7 90 3C 64', [
    { type: 'Invalid', bytes: 'F7', reason: 'F7 (end of SysEx) without a SysEx' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
  ]],
  ['SysEx cancels running status', '90 3C 64 F0 7D 05 F7 3C 64', [
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
    { type: 'SysEx', bytes: 'F0 7D 05 F7' },
    { type: 'Invalid', bytes: '3C 64', reason: '2 stray data bytes (no running status)' },
  ]],
  ['system common messages, and they cancel running status', '90 3C 64 F1 12 F2 01 02 F3 05 F6 3C', [
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
    { type: 'MtcQuarterFrame', value: 0x12 },
    { type: 'SongPosition', beats: 1 + 2 * 128 },
    { type: 'SongSelect', song: 5 },
    { type: 'TuneRequest' },
    { type: 'Invalid', bytes: '3C', reason: 'stray data byte (no running status)' },
  ]],
  ['undefined system common F4/F5', 'F4 F5', [
    { type: 'Invalid', bytes: 'F4', reason: 'undefined system common status 0xF4' },
    { type: 'Invalid', bytes: 'F5', reason: 'undefined system common status 0xF5' },
  ]],
  ['incomplete message cut by a status byte', '90 3C 80 3C 00', [
    { type: 'Invalid', bytes: '90 3C', reason: 'incomplete NoteOn: expected 2 data bytes, got 1 before status 0x80' },
    { type: 'NoteOff', channel: 1, note: 60, velocity: 0 },
  ]],
  ['a lone status byte cut by another', '90 B0 07 64', [
    { type: 'Invalid', bytes: '90', reason: 'incomplete NoteOn: expected 2 data bytes, got 0 before status 0xB0' },
    { type: 'ControlChange', channel: 1, controller: 7, value: 100 },
  ]],
  ['running-status message cut: only its data byte is reported', '90 3C 64 3E 80 3C 00', [
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
    { type: 'Invalid', bytes: '3E', reason: 'incomplete NoteOn: expected 2 data bytes, got 1 before status 0x80' },
    { type: 'NoteOff', channel: 1, note: 60, velocity: 0 },
  ]],
  ['end of input reports what is pending', 'F0 7D 01', [
    { type: 'Invalid', bytes: 'F0 7D 01', reason: 'unterminated SysEx at end of input' },
  ]],
  ['end of input: incomplete message', '90 3C', [
    { type: 'Invalid', bytes: '90 3C', reason: 'incomplete NoteOn: expected 2 data bytes, got 1 before end of input' },
  ]],
  ['end of input: stray bytes', '01 02', [{ type: 'Invalid', bytes: '01 02', reason: '2 stray data bytes (no running status)' }]],
];

for (const [label, hex, expected] of cases) {
  test(`table: ${label}`, () => {
    const bytes = fromHex(hex);
    assert.equal(decodeAll(bytes), expected);
    assert.equal(decodeAll(bytes, 1), expected, '1-byte chunks');
  });
}

test('SysEx size limit: exactly the limit passes, one more byte is one Invalid, then the stream recovers', () => {
  const ok = new Uint8Array(16).fill(0x11);
  ok[0] = 0xf0;
  ok[15] = 0xf7;
  assert.equal(decodeAll(ok, 3, { maxSysExBytes: 16 }), [{ type: 'SysEx', bytes: toHex(ok) }]);
  const long = new Uint8Array(1000).fill(0x22);
  long[0] = 0xf0;
  long[999] = 0xf7;
  const after = fromHex('90 3C 64');
  const out = decodeAll(Uint8Array.from([...long, ...after]), 7, { maxSysExBytes: 16 }) as { type: string; bytes?: string; reason?: string }[];
  assert.is(out.length, 2);
  assert.is(out[0]?.type, 'Invalid');
  assert.is(out[0]?.reason, 'SysEx exceeds 16 bytes; the rest up to F7 is discarded');
  assert.is(fromHex(out[0]?.bytes ?? '').length, 15);
  assert.equal(out[1], { type: 'NoteOn', channel: 1, note: 60, velocity: 100 });
});

test('a SysEx split over many USB-sized chunks', () => {
  const body = Array.from({ length: 7006 }, (_, i) => i % 128);
  const msg = Uint8Array.from([0xf0, ...body, 0xf7]);
  for (const chunk of [1, 3, 48, 64, 1000]) {
    assert.equal(decodeAll(msg, chunk), [{ type: 'SysEx', bytes: toHex(msg) }], `chunk ${chunk}`);
  }
});

test('chunking never changes the result (seeded mixed streams)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const parts: number[] = [];
    while (parts.length < 2000) {
      const k = randInt(r, 0, 5);
      if (k === 0) parts.push(0x90 | randInt(r, 0, 15), randInt(r, 0, 127), randInt(r, 0, 127));
      else if (k === 1) parts.push(0xf0, ...Array.from({ length: randInt(r, 0, 60) }, () => randInt(r, 0, 127)), 0xf7);
      else if (k === 2) parts.push(0xf8);
      else if (k === 3) parts.push(randInt(r, 0, 255));
      else if (k === 4) parts.push(randInt(r, 0, 127), randInt(r, 0, 127));
      else parts.push(0xc0 | randInt(r, 0, 15), randInt(r, 0, 127));
    }
    const bytes = Uint8Array.from(parts);
    const whole = decodeAll(bytes);
    assert.equal(decodeAll(bytes, 1), whole, `seed ${seed}: 1-byte chunks`);
    const d = new MidiStreamDecoder();
    const out: MidiMessage[] = [];
    for (let i = 0; i < bytes.length; ) {
      const n = randInt(r, 1, 70);
      out.push(...d.push(bytes.subarray(i, i + n)));
      i += n;
    }
    out.push(...d.end());
    assert.equal(plain(out), whole, `seed ${seed}: random chunks`);
  }
});

test('1 M seeded random bytes: no throw, bounded output, and a valid message afterwards still decodes', () => {
  const SEED = 0xa4b;
  const r = rng(SEED);
  const d = new MidiStreamDecoder();
  const chunk = new Uint8Array(4096);
  let total = 0;
  let messages = 0;
  let largest = 0;
  for (let sent = 0; sent < 1_048_576; sent += chunk.length) {
    for (let i = 0; i < chunk.length; i++) chunk[i] = (r() * 256) | 0;
    // Random chunk boundaries too.
    let i = 0;
    while (i < chunk.length) {
      const n = 1 + ((r() * 97) | 0);
      for (const m of d.push(chunk.subarray(i, i + n))) {
        messages++;
        if ('bytes' in m) largest = Math.max(largest, m.bytes.length);
        if (m.type === 'Invalid') assert.ok(m.reason.length > 0);
      }
      i += n;
    }
    total += chunk.length;
  }
  assert.ok(total >= 1_000_000, `seed ${SEED}: fed ${total} bytes`);
  assert.ok(messages > 0 && messages <= total, `seed ${SEED}: ${messages} messages from ${total} bytes`);
  assert.ok(largest <= 8192, `seed ${SEED}: largest message ${largest} bytes`);
  d.push(fromHex('F7 F7')); // close whatever SysEx the noise left open
  assert.equal(plain(d.push(fromHex('F0 7D 05 F7 90 3C 64'))), [
    { type: 'SysEx', bytes: 'F0 7D 05 F7' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
  ]);
});

test('bounded memory: megabytes of SysEx and stray bytes keep nothing beyond the limit', () => {
  const d = new MidiStreamDecoder({ maxSysExBytes: 64 });
  const junk = new Uint8Array(1 << 20).fill(0x33);
  const out1 = [...d.push([0xf0]), ...d.push(junk), ...d.push([0xf7])];
  assert.is(out1.length, 1);
  assert.ok(out1[0]?.type === 'Invalid' && out1[0].bytes.length <= 64);
  const out2 = [...d.push(junk), ...d.push([0x90])];
  assert.is(out2.length, 1);
  assert.ok(out2[0]?.type === 'Invalid' && out2[0].bytes.length <= 64 && out2[0].reason.startsWith('1048576 stray'));
});

test('a bad size limit is an error, not a silent default', () => {
  for (const bad of [0, 1, 1.5, Number.NaN, 2 ** 25]) {
    try {
      new MidiStreamDecoder({ maxSysExBytes: bad });
      assert.unreachable(`accepted ${bad}`);
    } catch (err) {
      assert.is((err as { code?: string }).code, 'INVALID_ARGUMENT');
      assert.match((err as Error).message, /maxSysExBytes must be an integer 2-16777216/);
    }
  }
});

test('reset() forgets a half-received message', () => {
  const d = new MidiStreamDecoder();
  d.push(fromHex('F0 7D 01 00'));
  d.reset();
  assert.equal(plain(d.push(fromHex('3C 90 3C 64'))), [
    { type: 'Invalid', bytes: '3C', reason: 'stray data byte (no running status)' },
    { type: 'NoteOn', channel: 1, note: 60, velocity: 100 },
  ]);
});

test.run();
