// The firmware (Python, run by python3 through firmware/tests/trace_dump.py) and the simulator behave the same, to
// the byte and the nanosecond: every scenario vector with every seed gives identical traces, and the firmware's byte
// parser gives the protocol library's MidiStreamDecoder's messages, reasons included, on seeded random streams; the
// firmware's wire-format constants are the library's.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ALL_NOTES_OFF_CC,
  BUFFER_OVERHEAD,
  CALIBRATION_NOTE,
  CALIBRATION_NOTE_US,
  CALIBRATION_VELOCITY,
  COMMAND_CC,
  EVENT_BYTES,
  FLAG_BIT,
  MANUFACTURER_ID,
  MAX_EVENTS,
  MAX_EVENT_GAP_US,
  MidiStreamDecoder,
  REALTIME_STATUS,
  SETTING_MAX,
  STATUS_CODE_VALUE,
  SUM_MODULUS,
  SYSEX_COMMAND,
  U28_MAX,
  UNIVERSAL_NON_REALTIME,
  toHex,
  type ArpSysExKind,
  type CommandKind,
  type MidiMessage,
  type StatusCode,
} from '@vcpi/protocol';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Mulberry32 } from '../src/rng.js';
import type { Trace } from '../src/arp-simulator.js';
import { parseScenario, runScenario } from '../src/scenario-format.js';
import { messageBytes } from '../src/usb-link.js';
import { SCENARIO_DIR } from '../tools/generate-scenarios.js';

const FIRMWARE_DIR = fileURLToPath(new URL('../firmware/', import.meta.url));

function python<T>(request: unknown): T {
  const r = spawnSync('python3', ['-m', 'tests.trace_dump'], { cwd: FIRMWARE_DIR, input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 -m tests.trace_dump exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

interface PyTrace {
  usb_out: { hex: string; at_ns: number }[];
  din: { hex: string; start_ns: number; end_ns: number }[];
  hooks: string[];
  forwarded: string[];
}

const fromPy = (t: PyTrace): Trace => ({
  usbOut: t.usb_out.map((m) => ({ hex: m.hex, atNs: m.at_ns })),
  din: t.din.map((m) => ({ hex: m.hex, startNs: m.start_ns, endNs: m.end_ns })),
  hooks: t.hooks,
  forwarded: t.forwarded,
});

test('every scenario vector, every seed: firmware and simulator traces are identical', () => {
  const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json')).sort();
  const runs: [string, number][] = [];
  const vectors = new Map(files.map((f) => [f, parseScenario(readFileSync(join(SCENARIO_DIR, f), 'utf8'), f)]));
  for (const [f, v] of vectors) for (const seed of v.seeds) runs.push([f, seed]);
  const { traces } = python<{ traces: PyTrace[] }>({ traces: runs });
  assert.is(traces.length, runs.length);
  runs.forEach(([f, seed], i) => {
    const ts = runScenario(vectors.get(f)!, seed);
    const py = fromPy(traces[i] as PyTrace);
    for (const key of ['usbOut', 'din', 'hooks', 'forwarded'] as const) {
      const a = JSON.stringify(ts[key]);
      const b = JSON.stringify(py[key]);
      if (a !== b) {
        const at = [...a].findIndex((c, j) => c !== b[j]);
        assert.unreachable(`${f} seed ${seed}: ${key} differs at char ${at}:\n  simulator ${a.slice(Math.max(0, at - 120), at + 120)}\n  firmware  ${b.slice(Math.max(0, at - 120), at + 120)}`);
      }
    }
  });
});

// The firmware's names for the wire format's numbers; the Record types make the compiler ask for a name when the
// protocol gains a command, a CC or a status code.
const CMD_NAME: Record<ArpSysExKind, string> = {
  LoadBuffer: 'CMD_LOAD',
  CalibrationAck: 'CMD_ACK',
  Status: 'CMD_STATUS',
  AppendBuffer: 'CMD_APPEND',
  StatusRequest: 'CMD_STATUS_REQUEST',
  PlaybackStarted: 'CMD_STARTED',
  CalibrationTiming: 'CMD_TIMING',
};
const CC_NAME: Record<CommandKind, string> = {
  Pattern: 'CC_PATTERN',
  Division: 'CC_DIVISION',
  OctaveRange: 'CC_OCTAVES',
  Latch: 'CC_LATCH',
  StartPlayback: 'CC_START',
  StopPlayback: 'CC_STOP',
  EnterVintageMode: 'CC_ENTER',
  ExitVintageMode: 'CC_EXIT',
  Calibrate: 'CC_CALIBRATE',
};
const CODE_NAME: Record<StatusCode, string> = {
  Ok: 'OK',
  Malformed: 'MALFORMED',
  TooManyEvents: 'TOO_MANY_EVENTS',
  NotInVintageMode: 'NOT_IN_VINTAGE_MODE',
  OutOfOrder: 'OUT_OF_ORDER',
  BufferEmpty: 'BUFFER_EMPTY',
  Busy: 'BUSY',
};

test('the firmware\'s wire-format numbers (arp/constants.py) are the protocol library\'s', () => {
  const expected: Record<string, number> = {
    MANUFACTURER_ID,
    UNIVERSAL_NON_REALTIME,
    CC_ALL_NOTES_OFF: ALL_NOTES_OFF_CC,
    PATTERN_MAX: SETTING_MAX.Pattern,
    DIVISION_MAX: SETTING_MAX.Division,
    OCTAVES_MAX: SETTING_MAX.OctaveRange,
    FLAG_VINTAGE: FLAG_BIT.vintage,
    FLAG_PLAYING: FLAG_BIT.playing,
    FLAG_LATCH: FLAG_BIT.latch,
    FLAG_CALIBRATING: FLAG_BIT.calibrating,
    MAX_EVENTS,
    EVENT_BYTES,
    BUFFER_OVERHEAD,
    SUM_MODULUS,
    U28_MASK: U28_MAX,
    U28_HALF: MAX_EVENT_GAP_US,
    CALIBRATION_NOTE,
    CALIBRATION_VELOCITY,
    CALIBRATION_NOTE_US,
  };
  for (const [k, name] of Object.entries(CMD_NAME)) expected[name] = SYSEX_COMMAND[k as ArpSysExKind];
  for (const [k, name] of Object.entries(CC_NAME)) expected[name] = COMMAND_CC[k as CommandKind];
  for (const [k, name] of Object.entries(CODE_NAME)) expected[name] = STATUS_CODE_VALUE[k as StatusCode];
  const { constants } = python<{ constants: Record<string, number> }>({ constants: true });
  for (const [name, value] of Object.entries(expected)) assert.is(constants[name], value, `arp/constants.py ${name}`);
  const cmds = Object.keys(constants).filter((k) => k.startsWith('CMD_')).sort();
  assert.equal(cmds, Object.values(CMD_NAME).sort(), 'the firmware has no command byte the library lacks');
});

type Parsed = { kind: 'message'; bytes: number[] } | { kind: 'realtime'; byte: number } | { kind: 'sysex'; hex: string } | { kind: 'invalid'; reason: string; hex: string };

function fromDecoder(m: MidiMessage): Parsed {
  if (m.type === 'SysEx') return { kind: 'sysex', hex: toHex(m.bytes) };
  if (m.type === 'Invalid') return { kind: 'invalid', reason: m.reason, hex: toHex(m.bytes) };
  const bytes = messageBytes(m);
  if (bytes) return { kind: 'message', bytes };
  return { kind: 'realtime', byte: REALTIME_STATUS[m.type as keyof typeof REALTIME_STATUS] };
}

/** Random MIDI-ish bytes: mostly data, a fair share of status, SysEx start/end and real-time bytes, and now and then
 * a long SysEx body (sometimes over the 8192-byte limit). */
function midiishStream(seed: number, n: number): Uint8Array {
  const r = new Mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (r.nextU32() % 10_000 === 0) {
      const len = Math.min(n - i, 1 + (r.nextU32() % 9000));
      out[i] = 0xf0;
      for (let j = 1; j < len; j++) out[i + j] = r.nextU32() & 0x7f;
      i += len - 1;
      continue;
    }
    const k = r.nextU32() % 100;
    if (k < 60) out[i] = r.nextU32() & 0x7f;
    else if (k < 78) out[i] = 0x80 + (r.nextU32() % 0x70);
    else if (k < 84) out[i] = 0xf0;
    else if (k < 90) out[i] = 0xf7;
    else if (k < 96) out[i] = 0xf8 + (r.nextU32() % 8);
    else out[i] = 0xf1 + (r.nextU32() % 7);
  }
  return out;
}

for (const seed of [1, 2, 3]) {
  test(`byte parser: firmware and protocol library agree on 60 000 random bytes in random chunks (seed ${seed})`, () => {
    const bytes = midiishStream(seed, 60_000);
    const r = new Mulberry32(seed * 7919);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + (r.nextU32() % 64);
      chunks.push(bytes.subarray(i, i + n));
      i += n;
    }
    const decoder = new MidiStreamDecoder();
    const expected: Parsed[] = [];
    for (const c of chunks) for (const m of decoder.push(c)) expected.push(fromDecoder(m));
    for (const m of decoder.end()) expected.push(fromDecoder(m));
    const { messages } = python<{ messages: Parsed[] }>({ parse: chunks.map((c) => toHex(c)) });
    assert.ok(expected.length > 10_000, `the stream should hold many messages, got ${expected.length}`);
    assert.is(messages.length, expected.length, 'message count');
    for (let i = 0; i < expected.length; i++) {
      if (JSON.stringify(messages[i]) !== JSON.stringify(expected[i])) {
        assert.unreachable(`message ${i}: firmware ${JSON.stringify(messages[i])}, library ${JSON.stringify(expected[i])}`);
      }
    }
  });
}

test.run();
