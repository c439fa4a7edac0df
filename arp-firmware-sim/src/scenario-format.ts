// The scenario vector format (tests/scenarios/arp/README.md) and the check of a run's trace against it. The
// firmware's Python runner (firmware/tests/scenario_runner.py) implements the same check.
import { fromHex } from '@vcpi/protocol';
import { ArpSimulator, type Trace } from './arp-simulator.js';
import { deviceModelFromSnake } from './device-model.js';

/** [min, max], inclusive, µs. */
export type Window = [number, number];

export interface ScenarioStep {
  /** when the host sends, µs from the start of the run */
  at_us: number;
  /** the bytes, hex */
  usb_in: string;
  /** bytes per USB read on the board (default 48) */
  read_chunk?: number;
  note?: string;
}

export interface ExpectMessage {
  /** hex bytes; `??` matches any byte */
  hex: string;
  label?: string;
  /** USB replies: when written, µs */
  at_us?: Window;
  /** DIN: when the last bit is on the wire, µs */
  end_us?: Window;
  /** time relative to a labelled message: its at_us (USB) or end_us (DIN); with `from: 'clock'`, the board-clock
   * time it carries (CalibrationAck, PlaybackStarted) as true time, (field − boot_us) mod 2^28 */
  after?: { label: string; delta_us: Window; from?: 'clock' };
  /** CalibrationAck, PlaybackStarted: the 28-bit time field (bytes 3-6), µs of the board's clock */
  clock_us?: Window;
  /** CalibrationTiming (PROTOCOL.md §3.5): its times against the labelled CalibrationAck and when the host sent the
   * Calibrate (see checkTiming) */
  timing?: { ack: string; sent_us: number };
  note?: string;
}

const EXPECT_KEYS = new Set(['hex', 'label', 'at_us', 'end_us', 'after', 'clock_us', 'timing', 'note']);
const AFTER_KEYS = new Set(['label', 'delta_us', 'from']);
const TIMING_KEYS = new Set(['ack', 'sent_us']);
const U28 = 2 ** 28;

export interface ScenarioVector {
  name: string;
  description: string;
  source: string;
  generated_by?: string;
  seeds: number[];
  /** device model overrides, snake_case */
  device?: Record<string, number>;
  firmware?: { din_channel?: number; spin_max_us?: number };
  steps: ScenarioStep[];
  run_until_us: number;
  expect: {
    usb_out: ExpectMessage[];
    din: ExpectMessage[];
    hooks?: string[];
    forwarded?: string[];
  };
}

/**
 * Parses and checks a vector's shape. @throws Error naming the file and the field
 */
export function parseScenario(text: string, where: string): ScenarioVector {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  let v: ScenarioVector;
  try {
    v = JSON.parse(text) as ScenarioVector;
  } catch (err) {
    return fail(`not JSON: ${(err as Error).message}`);
  }
  if (typeof v.name !== 'string' || v.name === '') fail('name must be a non-empty string');
  if (!Array.isArray(v.seeds) || v.seeds.length === 0 || !v.seeds.every((s) => Number.isInteger(s))) fail('seeds must be a non-empty array of integers');
  if (!Array.isArray(v.steps)) fail('steps must be an array');
  v.steps.forEach((s, i) => {
    if (typeof s.at_us !== 'number' || s.at_us < 0) fail(`steps[${i}].at_us must be a number >= 0`);
    try {
      fromHex(s.usb_in);
    } catch (err) {
      fail(`steps[${i}].usb_in: ${(err as Error).message}`);
    }
  });
  if (typeof v.run_until_us !== 'number') fail('run_until_us must be a number');
  if (!v.expect || !Array.isArray(v.expect.usb_out) || !Array.isArray(v.expect.din)) fail('expect.usb_out and expect.din must be arrays');
  // An unknown key would be a check that silently never runs.
  for (const list of ['usb_out', 'din'] as const) {
    v.expect[list].forEach((e, i) => {
      const unknown = Object.keys(e).filter((k) => !EXPECT_KEYS.has(k));
      if (unknown.length > 0) fail(`expect.${list}[${i}]: unknown key ${unknown.join(', ')} (known: ${[...EXPECT_KEYS].join(', ')})`);
      if (typeof e.hex !== 'string') fail(`expect.${list}[${i}].hex must be a string`);
      if (e.after !== undefined) {
        const bad = Object.keys(e.after).filter((k) => !AFTER_KEYS.has(k));
        if (bad.length > 0) fail(`expect.${list}[${i}].after: unknown key ${bad.join(', ')} (known: ${[...AFTER_KEYS].join(', ')})`);
        if (e.after.from !== undefined && e.after.from !== 'clock') fail(`expect.${list}[${i}].after.from must be "clock", got ${JSON.stringify(e.after.from)}`);
      }
      if (e.timing !== undefined) {
        const keys = Object.keys(e.timing);
        const bad = keys.filter((k) => !TIMING_KEYS.has(k));
        if (bad.length > 0 || keys.length !== TIMING_KEYS.size) fail(`expect.${list}[${i}].timing must have exactly the keys ${[...TIMING_KEYS].join(', ')}, got ${keys.join(', ')}`);
      }
    });
  }
  deviceModelFromSnake(v.device ?? {});
  return v;
}

/** Runs a vector on the simulator with one seed. */
export function runScenario(v: ScenarioVector, seed: number): Trace {
  const sim = new ArpSimulator({
    model: deviceModelFromSnake(v.device ?? {}),
    seed,
    ...(v.firmware?.din_channel !== undefined ? { dinChannel: v.firmware.din_channel } : {}),
    ...(v.firmware?.spin_max_us !== undefined ? { spinMaxUs: v.firmware.spin_max_us } : {}),
  });
  for (const s of v.steps) sim.hostSend(fromHex(s.usb_in), { atUs: s.at_us, ...(s.read_chunk !== undefined ? { chunk: s.read_chunk } : {}) });
  sim.runUntil(v.run_until_us);
  return sim.trace();
}

function matches(pattern: string, actual: string): boolean {
  const p = pattern.trim().split(/\s+/);
  const a = actual.trim().split(/\s+/);
  return p.length === a.length && p.every((b, i) => b === '??' || b.toUpperCase() === a[i]);
}

const inWindow = (x: number, w: Window): boolean => x >= w[0] && x <= w[1];
const fmt = (us: number): string => `${(us / 1000).toFixed(3)} ms`;

/** The 28-bit time field (bytes 3-6) of an 8-byte CalibrationAck or PlaybackStarted, or NaN. */
function clockField(hexBytes: string): number {
  const b = fromHex(hexBytes);
  return b.length === 8 ? (((b[3] as number) * 128 + (b[4] as number)) * 128 + (b[5] as number)) * 128 + (b[6] as number) : NaN;
}

/** The four 28-bit times (t, r, e, a) of a 20-byte CalibrationTiming, or undefined. */
function timingFields(hexBytes: string): [number, number, number, number] | undefined {
  const b = fromHex(hexBytes);
  if (b.length !== 20) return undefined;
  const u28 = (i: number): number => (((b[i] as number) * 128 + (b[i + 1] as number)) * 128 + (b[i + 2] as number)) * 128 + (b[i + 3] as number);
  return [u28(3), u28(7), u28(11), u28(15)];
}

/**
 * The CalibrationTiming check (tests/scenarios/arp/README.md, `timing`): t is the labelled ACK's time; e ≤ r ≤ t ≤ a
 * in the clock's modular order; read as true time ((field − boot_us) mod 2^28, exact on a board without drift), e is
 * no later than the host sent the Calibrate, r at most `slackUs` before it (the clock is read before the USB read
 * begins, in clock steps, floored to µs), and a no later than the ACK was written.
 */
function checkTiming(
  where: string,
  spec: { ack: string; sent_us: number },
  actual: { hex: string; us: number },
  labelled: Map<string, { hex: string; us: number }>,
  bootUs: number,
  slackUs: number,
): string[] {
  const f = timingFields(actual.hex);
  if (f === undefined) return [`${where}: ${actual.hex} is not a CalibrationTiming`];
  const ack = labelled.get(spec.ack);
  if (ack === undefined) return [`${where}: no message labelled ${spec.ack}`];
  const ackTime = clockField(ack.hex);
  const [t, r, e, a] = f;
  const errors: string[] = [];
  if (t !== ackTime) errors.push(`${where}: t ${t} µs, ${spec.ack} carries ${ackTime} µs`);
  const notBefore = (x: number, y: number): boolean => (((y - x) % U28) + U28) % U28 < U28 / 2;
  if (!(notBefore(e, r) && notBefore(r, t) && notBefore(t, a))) errors.push(`${where}: expected e <= r <= t <= a, got e ${e} r ${r} t ${t} a ${a} µs`);
  const real = (x: number): number => (((x - bootUs) % U28) + U28) % U28;
  const sent = spec.sent_us;
  if (real(e) > sent) errors.push(`${where}: e at ${fmt(real(e))}, after the Calibrate was sent at ${fmt(sent)}`);
  if (real(r) + slackUs < sent) errors.push(`${where}: r at ${fmt(real(r))}, more than ${fmt(slackUs)} before the Calibrate was sent at ${fmt(sent)}`);
  if (real(a) > ack.us) errors.push(`${where}: a at ${fmt(real(a))}, after ${spec.ack} was written at ${fmt(ack.us)}`);
  return errors;
}

/** Checks a trace against a vector's expectations; returns one line per mismatch (empty: it passed). */
export function checkTrace(v: ScenarioVector, t: Trace): string[] {
  const errors: string[] = [];
  const model = deviceModelFromSnake(v.device ?? {});
  const bootUs = model.bootUs;
  const slackUs = 1e6 / model.clockHz + model.clockReadUs + 1;
  const labelled = new Map<string, { hex: string; us: number }>();
  const lists: [string, ExpectMessage[], { hex: string; us: number }[]][] = [
    ['usb_out', v.expect.usb_out, t.usbOut.map((m) => ({ hex: m.hex, us: m.atNs / 1000 }))],
    ['din', v.expect.din, t.din.map((m) => ({ hex: m.hex, us: m.endNs / 1000 }))],
  ];
  // Labels first, so a message may refer to one in the other list (an ACK after a DIN note-off).
  for (const [, expected, actual] of lists) {
    expected.forEach((e, i) => {
      const a = actual[i];
      if (e.label && a) labelled.set(e.label, a);
    });
  }
  for (const [name, expected, actual] of lists) {
    if (expected.length !== actual.length) {
      errors.push(`${name}: expected ${expected.length} messages, got ${actual.length}: ${actual.map((m) => m.hex).join(' | ')}`);
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const e = expected[i] as ExpectMessage;
      const a = actual[i] as { hex: string; us: number };
      const where = `${name}[${i}]${e.label ? ` (${e.label})` : ''}${e.note ? ` "${e.note}"` : ''}`;
      if (!matches(e.hex, a.hex)) errors.push(`${where}: expected ${e.hex}, got ${a.hex}`);
      const w = name === 'din' ? e.end_us : e.at_us;
      if (w && !inWindow(a.us, w)) errors.push(`${where}: at ${fmt(a.us)}, expected ${fmt(w[0])} .. ${fmt(w[1])}`);
      if (e.after) {
        const target = labelled.get(e.after.label);
        const clock = e.after.from === 'clock';
        const ref = target === undefined ? undefined : clock ? (((clockField(target.hex) - bootUs) % 2 ** 28) + 2 ** 28) % 2 ** 28 : target.us;
        const of = `${e.after.label}${clock ? "'s clock" : ''}`;
        if (ref === undefined) errors.push(`${where}: no message labelled ${e.after.label}`);
        else if (Number.isNaN(ref)) errors.push(`${where}: ${e.after.label} (${target?.hex ?? ''}) carries no clock time`);
        else if (!inWindow(a.us - ref, e.after.delta_us)) {
          errors.push(`${where}: ${fmt(a.us - ref)} after ${of}, expected ${fmt(e.after.delta_us[0])} .. ${fmt(e.after.delta_us[1])}`);
        }
      }
      if (e.clock_us) {
        const clock = clockField(a.hex);
        if (!inWindow(clock, e.clock_us)) errors.push(`${where}: clock time ${clock} µs, expected ${e.clock_us[0]} .. ${e.clock_us[1]}`);
      }
      if (e.timing) errors.push(...checkTiming(where, e.timing, a, labelled, bootUs, slackUs));
    }
  }
  const list = (xs: string[]): string => JSON.stringify(xs);
  if (v.expect.hooks && list(v.expect.hooks) !== list(t.hooks)) errors.push(`hooks: expected ${list(v.expect.hooks)}, got ${list(t.hooks)}`);
  if (v.expect.forwarded && list(v.expect.forwarded) !== list(t.forwarded)) {
    errors.push(`forwarded: expected ${list(v.expect.forwarded)}, got ${list(t.forwarded)}`);
  }
  return errors;
}
