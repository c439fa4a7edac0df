// Building blocks for the scenario vectors (tests/scenarios/arp/*.json). Inputs and expected replies are encoded
// with the protocol library (@vcpi/protocol), not with either implementation under test; time windows come from the
// device model's bounds (loop period + jitter, USB parse cost, DIN serialisation), computed here once.
import {
  encodeStatus,
  eventSum,
  toHex,
  type BufferEvent,
  type Division,
  type OctaveRange,
  type Pattern,
  type StatusCode,
} from '@vcpi/protocol';
import { M4_DEFAULTS } from '../src/device-model.js';
import type { ExpectMessage, ScenarioVector, Window } from '../src/scenario-format.js';

export const GENERATED_BY = 'arp-firmware-sim/tools/generate-scenarios.ts (npm run scenarios -w @vcpi/arp-firmware-sim)';

/** DIN message time on the wire, 3 bytes × 320 µs. */
export const MSG_US = 960;
/** How far a spun-for event may be off its due time: clock resolution (61 µs) + a spin pass + margin. */
export const TIGHT_US = 150;

const PATTERNS: Pattern[] = ['Up', 'Down', 'UpDown', 'Random'];
const DIVISIONS: Division[] = ['1/4', '1/8', '1/16'];

export interface ArpState {
  vintage: boolean;
  playing: boolean;
  latch: boolean;
  calibrating: boolean;
  pattern: number;
  division: number;
  octaves: number;
  buffered: number;
  sum: number;
}

export const INITIAL: ArpState = {
  vintage: false,
  playing: false,
  latch: false,
  calibrating: false,
  pattern: 0,
  division: 1,
  octaves: 1,
  buffered: 0,
  sum: 0,
};

/** The Status bytes (PROTOCOL.md §4.3) for `code` in state `s`, via the library's encoder. */
export function statusHex(code: StatusCode, s: ArpState): string {
  return toHex(
    encodeStatus({
      code,
      flags: { vintage: s.vintage, playing: s.playing, latch: s.latch, calibrating: s.calibrating },
      pattern: PATTERNS[s.pattern] as Pattern,
      division: DIVISIONS[s.division] as Division,
      octaves: (s.octaves + 1) as OctaveRange,
      buffered: s.buffered,
      free: 1000 - s.buffered,
      sum: s.sum,
    }),
  );
}

export const sumOf = (events: readonly BufferEvent[]): number => eventSum(events);

export const ev = (timeUs: number, note: number, velocity: number, on: boolean): BufferEvent => ({ timeUs, note, velocity, on });

export const cc = (controller: number, value: number, channel = 1): string => toHex(Uint8Array.of(0xb0 | (channel - 1), controller, value));

export const hex = (bytes: Uint8Array): string => toHex(bytes);

/** The vector being written, with its device model so windows can be computed. */
export class VectorBuilder {
  readonly v: ScenarioVector;
  private readonly loopMaxUs: number;
  private readonly usbByteUs: number;
  private readonly usbReadUs: number;
  private readonly bootUs: number;
  private readonly driftPpm: number;
  private readonly clockStepUs: number;

  constructor(name: string, description: string, source: string, options: { device?: Record<string, number>; firmware?: ScenarioVector['firmware']; seeds?: number[] } = {}) {
    this.v = {
      name,
      description,
      source,
      generated_by: GENERATED_BY,
      seeds: options.seeds ?? [1, 2, 3],
      ...(options.device ? { device: options.device } : {}),
      ...(options.firmware ? { firmware: options.firmware } : {}),
      steps: [],
      run_until_us: 0,
      expect: { usb_out: [], din: [] },
    };
    const d = options.device ?? {};
    this.loopMaxUs = (d.loop_period_us ?? M4_DEFAULTS.loopPeriodUs) + (d.loop_jitter_us ?? M4_DEFAULTS.loopJitterUs);
    this.usbByteUs = d.usb_byte_us ?? M4_DEFAULTS.usbByteUs;
    this.usbReadUs = d.usb_read_us ?? M4_DEFAULTS.usbReadUs;
    this.bootUs = d.boot_us ?? M4_DEFAULTS.bootUs;
    this.driftPpm = d.drift_ppm ?? M4_DEFAULTS.driftPpm;
    this.clockStepUs = 1e6 / (d.clock_hz ?? M4_DEFAULTS.clockHz);
  }

  /** The board's u28 µs clock (what CalibrationAck and PlaybackStarted carry) when read at some true time within
   * `at`: boot_us ahead, drifting, read in steps of 1/clock_hz (so up to one step behind). @throws Error when the
   * window straddles the 2^28 wrap (a [min, max] window cannot say that) */
  clockWindow(at: Window): Window {
    const board = (us: number): number => this.bootUs + us * (1 + this.driftPpm / 1e6);
    const lo = Math.floor(board(at[0]) - this.clockStepUs);
    const hi = Math.ceil(board(at[1]));
    const wrap = Math.floor(lo / 2 ** 28);
    if (wrap !== Math.floor(hi / 2 ** 28)) throw new Error(`${this.v.name}: the clock window ${lo} .. ${hi} straddles the 2^28 wrap; move the step`);
    return [lo - wrap * 2 ** 28, hi - wrap * 2 ** 28];
  }

  /**
   * The host sends Start (CC 100) at `atUs` and the Arp accepts it: expects PlaybackStarted (PROTOCOL.md §3.4),
   * written while the Start is handled and carrying the board's clock then. Call it where the Start falls among the
   * other sends: USB replies are expected in the order they are pushed. Returns the Start's window (for `playback`).
   */
  start(atUs: number, options: { note?: string; chunk?: number; expect?: Partial<ExpectMessage> } = {}): Window {
    const at = this.send(atUs, cc(100, 127), options.note ?? 'Start', options.chunk);
    this.usb('F0 7D 06 ?? ?? ?? ?? F7', at, { note: 'PlaybackStarted: the clock at Start', clock_us: this.clockWindow(at), ...options.expect });
    return at;
  }

  /**
   * The replies that end a calibration whose Calibrate the host sent in `cal` (as `send` returned it): the
   * CalibrationAck (PROTOCOL.md §3.3; `ack` adds its checks), labelled `label`, and right after it the
   * CalibrationTiming (§3.5), its times checked against the ACK and the send (`timing`). Call it where the ACK falls
   * among the other USB replies. @throws Error on a drifting board (the times are read back as true time)
   */
  calibrationReplies(cal: Window, ack: Partial<ExpectMessage> = {}, label = 'cal_ack'): void {
    if (this.driftPpm !== 0) throw new Error(`${this.v.name}: calibrationReplies needs a board without drift (its clock read as true time)`);
    this.usb('F0 7D 02 ?? ?? ?? ?? F7', undefined, { label, ...ack });
    this.usb(CALIBRATION_TIMING, undefined, {
      note: 'CalibrationTiming right after the ACK: e <= sent <= r (+ a clock step and read), t = the ACK\'s, a before the ACK',
      after: { label, delta_us: [0, 100] },
      timing: { ack: label, sent_us: cal[0] },
    });
  }

  /** The host sends `hexBytes` at `atUs`; returns the window in which the board has handled all of it. */
  send(atUs: number, hexBytes: string, note?: string, chunk?: number): Window {
    this.v.steps.push({ at_us: atUs, usb_in: hexBytes, ...(chunk !== undefined ? { read_chunk: chunk } : {}), ...(note ? { note } : {}) });
    return [atUs, atUs + this.handledWithinUs(hexBytes.split(' ').length, chunk ?? 48)];
  }

  /** Worst case from send to handled: reads of `chunk` bytes, 4 per loop pass, each pass at most a loop period plus
   * its reads and a 2 ms spin, plus one pass of waiting. */
  handledWithinUs(nBytes: number, chunk: number): number {
    const reads = Math.ceil(nBytes / chunk);
    const pass = this.loopMaxUs + 4 * (this.usbReadUs + chunk * this.usbByteUs) + 2000 + 100;
    return Math.ceil(reads / 4) * pass + pass;
  }

  usb(hexBytes: string, at: Window | undefined, extra: Partial<ExpectMessage> = {}): void {
    this.v.expect.usb_out.push({ hex: hexBytes, ...(at ? { at_us: at } : {}), ...extra });
  }

  status(code: StatusCode, s: ArpState, at: Window, note?: string): void {
    this.usb(statusHex(code, s), at, note ? { note } : {});
  }

  din(hexBytes: string, extra: Partial<ExpectMessage> = {}): void {
    this.v.expect.din.push({ hex: hexBytes, ...extra });
  }

  hooks(calls: string[]): void {
    this.v.expect.hooks = calls;
  }

  forwarded(messages: string[]): void {
    this.v.expect.forwarded = messages;
  }

  /**
   * Expected DIN for playing `events` after a Start handled within `start`, on `channel`: the first event in an
   * absolute window, each later one relative to it (its timestamp plus queueing behind earlier messages, ±TIGHT_US
   * or `tolUs`), then the release (note-offs for the sounding notes, CC 123) after the last event. `stopAt`: the
   * window of a command that stops playback: events due before it are expected, then the release within it.
   * `origin`: the label of the take's PlaybackStarted; the first event is then also checked against the clock it
   * carries (due at t + t_0, PROTOCOL.md §3.4).
   */
  playback(events: readonly BufferEvent[], start: Window, options: { channel?: number; label?: string; tolUs?: number; stopAt?: Window; origin?: string } = {}): void {
    if (options.origin !== undefined && this.driftPpm !== 0) throw new Error(`${this.v.name}: playback origin needs a board without drift (its clock read as true time)`);
    const ch = (options.channel ?? 1) - 1;
    const label = options.label ?? 'p0';
    const tol = options.tolUs ?? TIGHT_US;
    const t0 = (events[0] as BufferEvent).timeUs;
    const sounding = new Set<number>();
    let end = 0;
    events.forEach((e, i) => {
      const due = e.timeUs - t0;
      if (options.stopAt && start[0] + e.timeUs > options.stopAt[0] - 5000) return;
      const startOnWire = Math.max(due, i === 0 ? 0 : end);
      end = startOnWire + MSG_US;
      const bytes = hex(Uint8Array.of((e.on ? 0x90 : 0x80) | ch, e.note, e.velocity));
      if (e.on && e.velocity > 0) sounding.add(e.note);
      else sounding.delete(e.note);
      if (i === 0) {
        const first: Partial<ExpectMessage> = { label, end_us: [start[0] + e.timeUs + MSG_US - 100, start[1] + e.timeUs + MSG_US + 100] };
        // Due at the clock the PlaybackStarted carries + t_0: never before, at most a clock step and a spin pass after.
        if (options.origin !== undefined) first.after = { label: options.origin, from: 'clock', delta_us: [e.timeUs + MSG_US, e.timeUs + MSG_US + tol] };
        this.din(bytes, first);
      } else this.din(bytes, { after: { label, delta_us: [end - MSG_US - tol, end - MSG_US + tol] } });
    });
    const release = [...sounding].sort((a, b) => a - b).map((n) => hex(Uint8Array.of(0x80 | ch, n, 0)));
    release.push(hex(Uint8Array.of(0xb0 | ch, 123, 0)));
    if (options.stopAt) {
      const stopAt = options.stopAt;
      release.forEach((bytes, i) => this.din(bytes, { end_us: [stopAt[0] + MSG_US * (i + 1), stopAt[1] + MSG_US * (i + 1) + 100] }));
      return;
    }
    release.forEach((bytes) => {
      end += MSG_US;
      this.din(bytes, { after: { label, delta_us: [end - MSG_US - tol, end - MSG_US + tol] } });
    });
  }

  finish(runUntilUs: number): ScenarioVector {
    this.v.run_until_us = runUntilUs;
    return this.v;
  }
}

/** A Load (cmd 01) or Append (04) encoded by hand, for messages the library's encoders refuse to build (too many
 * events, a wrong count, a bad `on` byte). `count` overrides nH nL. */
export function rawBuffer(cmd: 1 | 4, events: readonly BufferEvent[], options: { count?: number; onByte?: (i: number) => number } = {}): Uint8Array {
  const out = new Uint8Array(6 + 7 * events.length);
  const n = options.count ?? events.length;
  out.set([0xf0, 0x7d, cmd, (n >> 7) & 0x7f, n & 0x7f]);
  events.forEach((e, i) => {
    const o = 5 + 7 * i;
    const t = e.timeUs;
    out.set([(t >>> 21) & 0x7f, (t >>> 14) & 0x7f, (t >>> 7) & 0x7f, t & 0x7f, e.note, e.velocity, options.onByte ? options.onByte(i) : e.on ? 1 : 0], o);
  });
  out[out.length - 1] = 0xf7;
  return out;
}

/** Sum of bytes[from:to] mod 16 384, as the Arp reports for a message it could not parse. */
export function rawSum(bytes: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += bytes[i] as number;
  return s % 16384;
}

/** `n` notes, one every `stepUs`, each `lengthUs` long, cycling through 12 pitches from `base`: 2n ordered events. */
export function noteRun(n: number, stepUs: number, lengthUs: number, fromUs = 0, base = 48): BufferEvent[] {
  const events: BufferEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = fromUs + i * stepUs;
    events.push(ev(t, base + (i % 12), 64 + (i % 60), true));
    events.push(ev(t + lengthUs, base + (i % 12), 0, false));
  }
  return events.sort((a, b) => a.timeUs - b.timeUs || Number(a.on) - Number(b.on) || a.note - b.note);
}

export const STATUS_REQUEST = 'F0 7D 05 F7';
/** CalibrationTiming (PROTOCOL.md §3.5): F0 7D 07, four u28 times, F7. */
export const CALIBRATION_TIMING = `F0 7D 07 ${Array(16).fill('??').join(' ')} F7`;
export const IDENTITY_REQUEST = 'F0 7E 7F 06 01 F7';
export const IDENTITY_REPLY = 'F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 00 F7';
export const ENTER_HOOKS = ['suspend_display:VINTAGE MODE - USB CTRL', 'suspend_buttons', 'suspend_arpeggiator'];
export const exitHooks = (s: ArpState): string[] => ['resume_display', 'resume_buttons', `resume_arpeggiator:${s.pattern},${s.division},${s.octaves},${s.latch ? 1 : 0}`];
