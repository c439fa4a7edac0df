import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ARP_IDENTITY,
  ArpStreamDecoder,
  decode,
  encode,
  fromHex,
  interpret,
  statusCodeForError,
  toHex,
  type ArpMessage,
  type ArpMessageType,
} from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

// One message of every kind; Record<ArpMessageType, …> makes the compiler catch a kind without a round trip.
const samples: Record<ArpMessageType, ArpMessage> = {
  Pattern: { type: 'Pattern', channel: 1, pattern: 'UpDown' },
  Division: { type: 'Division', channel: 2, division: '1/16' },
  OctaveRange: { type: 'OctaveRange', channel: 3, octaves: 3 },
  Latch: { type: 'Latch', channel: 4, latch: true },
  StartPlayback: { type: 'StartPlayback', channel: 5 },
  StopPlayback: { type: 'StopPlayback', channel: 6 },
  EnterVintageMode: { type: 'EnterVintageMode', channel: 7 },
  ExitVintageMode: { type: 'ExitVintageMode', channel: 8 },
  Calibrate: { type: 'Calibrate', channel: 16 },
  LoadBuffer: { type: 'LoadBuffer', events: [{ timeUs: 0, note: 60, velocity: 100, on: true }, { timeUs: 500_000, note: 60, velocity: 0, on: false }] },
  AppendBuffer: { type: 'AppendBuffer', events: [{ timeUs: 268_435_400, note: 64, velocity: 90, on: true }, { timeUs: 50, note: 64, velocity: 10, on: false }] },
  CalibrationAck: { type: 'CalibrationAck', timeUs: 123_456_789 },
  PlaybackStarted: { type: 'PlaybackStarted', timeUs: 268_435_455 },
  CalibrationTiming: { type: 'CalibrationTiming', timeUs: 268_435_455, readUs: 268_435_400, emptyUs: 268_434_400, ackUs: 100_000 },
  Status: {
    type: 'Status',
    code: 'Busy',
    flags: { vintage: true, playing: true, latch: false, calibrating: false },
    pattern: 'Down',
    division: '1/4',
    octaves: 1,
    buffered: 999,
    free: 1,
    sum: 4321,
  },
  StatusRequest: { type: 'StatusRequest' },
  IdentityRequest: { type: 'IdentityRequest', deviceId: 0x7f },
  IdentityReply: { type: 'IdentityReply', ...ARP_IDENTITY },
};

const strip = (m: object): object => {
  const { raw: _raw, clamped: _clamped, ...rest } = m as Record<string, unknown>;
  return rest;
};

for (const [kind, msg] of Object.entries(samples)) {
  test(`round trip ${kind}: encode → decode`, () => {
    assert.equal(strip(decode(encode(msg))), msg);
  });
  test(`round trip ${kind}: encode → stream decoder in 1-byte chunks`, () => {
    const bytes = encode(msg);
    const d = new ArpStreamDecoder();
    const out = [];
    for (const b of bytes) out.push(...d.push([b]));
    assert.is(out.length, 1);
    assert.equal(strip(out[0] as object), msg);
  });
}

test('decode rejects what is not a Vintage Mode message', () => {
  throwsCode(() => decode(new Uint8Array(0)), 'EMPTY');
  throwsCode(() => decode(fromHex('90 3C 64')), 'NOT_ARP_MESSAGE', 'status 0x90');
  throwsCode(() => decode(fromHex('F0 41 10 42 12 F7')), 'NOT_ARP_MESSAGE', 'ID 0x41');
  throwsCode(() => decode(fromHex('F0 7D 09 F7')), 'UNKNOWN_COMMAND', 'command 0x09', 'at byte 2');
  throwsCode(() => decode('F0' as never), 'INVALID_ARGUMENT', 'Uint8Array');
});

test('encode rejects non-objects and unknown kinds', () => {
  throwsCode(() => encode(null as never), 'INVALID_ARGUMENT', 'null');
  throwsCode(() => encode({ type: 'Reboot' } as never), 'INVALID_ARGUMENT', '"Reboot"');
});

test('interpret: other MIDI is undefined, an Arp SysEx that does not decode is Invalid with its code', () => {
  assert.is(interpret({ type: 'NoteOn', channel: 1, note: 60, velocity: 1 }), undefined);
  assert.is(interpret({ type: 'ControlChange', channel: 1, controller: 7, value: 1 }), undefined);
  assert.is(interpret({ type: 'SysEx', bytes: fromHex('F0 41 10 F7') }), undefined);
  const bad = interpret({ type: 'SysEx', bytes: fromHex('F0 7D 01 09 30 F7') });
  assert.equal(bad && { ...bad, bytes: toHex((bad as { bytes: Uint8Array }).bytes) }, {
    type: 'Invalid',
    bytes: 'F0 7D 01 09 30 F7',
    reason: 'decodeLoadBuffer: event count 1200 exceeds 1000 (at byte 3)',
    code: 'TOO_MANY_EVENTS',
  });
});

test('Status code for a refused buffer', () => {
  assert.is(statusCodeForError('TOO_MANY_EVENTS'), 'TooManyEvents');
  assert.is(statusCodeForError('OUT_OF_ORDER'), 'OutOfOrder');
  assert.is(statusCodeForError('BAD_LENGTH'), 'Malformed');
  assert.is(statusCodeForError('HIGH_BIT'), 'Malformed');
});

test.run();
