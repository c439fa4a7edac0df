// Scenario vectors for buffers, playback and calibration (see generate-scenarios.ts).
import { encodeAppendBuffer, encodeLoadBuffer, type BufferEvent } from '@vcpi/protocol';
import type { ExpectMessage, ScenarioVector } from '../src/scenario-format.js';
import {
  ENTER_HOOKS,
  INITIAL,
  MSG_US,
  STATUS_REQUEST,
  TIGHT_US,
  VectorBuilder,
  cc,
  ev,
  exitHooks,
  hex,
  noteRun,
  rawBuffer,
  rawSum,
  sumOf,
  type ArpState,
} from './scenario-kit.js';

const C3E3G3 = [ev(0, 60, 100, true), ev(250_000, 64, 100, true), ev(500_000, 67, 100, true), ev(2_000_000, 60, 0, false), ev(2_000_000, 64, 0, false), ev(2_000_000, 67, 0, false)];
const VINTAGE: ArpState = { ...INITIAL, vintage: true };

export function specTest3(): ScenarioVector {
  const b = new VectorBuilder('spec-test-3-buffer-playback', 'A 3-note sequence C3 E3 G3 plays at its timestamps; Stop sends note-offs for the sounding notes and All Notes Off (CC 123).', 'spec "Test 3: Buffer Playback"; PROTOCOL.md §5.3, §5.4 (the documented Stop deviation)');
  b.send(0, cc(102, 127), 'Enter');
  const s: ArpState = { ...VINTAGE, buffered: 6, sum: sumOf(C3E3G3) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(C3E3G3)), 'Load C3 E3 G3'));
  const start = b.start(100_000);
  const stop = b.send(1_100_000, cc(101, 127), 'Stop while all three sound');
  b.playback(C3E3G3, start, { stopAt: stop });
  b.status('Ok', s, b.send(1_200_000, STATUS_REQUEST, 'stopped; the whole take is still buffered'));
  b.hooks(ENTER_HOOKS);
  return b.finish(1_300_000);
}

export function loadAppendStatus(): ScenarioVector {
  const b = new VectorBuilder('load-append-status', 'Load, Appends and StatusRequest: c counts the events, s is the sum of the last Load/Append; a Load replaces; an Append to an empty buffer starts a take that plays.', 'PROTOCOL.md §3.1, §3.2, §4.3, §4.4');
  b.send(0, cc(102, 127), 'Enter');
  const a = [ev(0, 60, 100, true), ev(100_000, 60, 0, false), ev(200_000, 62, 100, true)];
  const bb = [ev(300_000, 62, 0, false), ev(400_000, 64, 100, true)];
  const c = [ev(500_000, 64, 0, false)];
  let s: ArpState = { ...VINTAGE, buffered: 3, sum: sumOf(a) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(a)), 'Load 3'));
  s = { ...s, buffered: 5, sum: sumOf(bb) };
  b.status('Ok', s, b.send(20_000, hex(encodeAppendBuffer(bb)), 'Append 2'));
  s = { ...s, buffered: 6, sum: sumOf(c) };
  b.status('Ok', s, b.send(30_000, hex(encodeAppendBuffer(c)), 'Append 1'));
  b.status('Ok', s, b.send(40_000, STATUS_REQUEST));
  const d = [ev(0, 70, 50, true), ev(10_000, 70, 0, false)];
  s = { ...s, buffered: 2, sum: sumOf(d) };
  b.status('Ok', s, b.send(50_000, hex(encodeLoadBuffer(d)), 'a Load replaces the buffer'));
  b.send(60_000, cc(102, 127), 'Enter again: clears');
  const e = [ev(1000, 72, 90, true), ev(51_000, 72, 0, false)];
  s = { ...s, buffered: 2, sum: sumOf(e) };
  b.status('Ok', s, b.send(70_000, hex(encodeAppendBuffer(e)), 'an Append to the empty buffer starts a take'));
  const start = b.start(100_000);
  b.playback(e, start);
  b.status('Ok', s, b.send(300_000, STATUS_REQUEST, 'after the take: still buffered (it fitted whole)'));
  b.hooks(ENTER_HOOKS);
  return b.finish(350_000);
}

export function oneByteReads(): ScenarioVector {
  const b = new VectorBuilder('sysex-in-1-byte-reads', 'A Load, a StatusRequest and a Start arriving one byte per USB read work as if whole (the SysEx spans 34 reads).', 'PROTOCOL.md §1, §7 ("chunking never changes the result"); issue #3 (adafruit_midi drops such SysEx)');
  b.send(0, cc(102, 127), 'Enter', 1);
  const take = noteRun(2, 40_000, 20_000);
  const s: ArpState = { ...VINTAGE, buffered: 4, sum: sumOf(take) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(take)), 'Load, 1-byte reads', 1));
  b.status('Ok', s, b.send(60_000, STATUS_REQUEST, 'StatusRequest, 1-byte reads', 1));
  const start = b.start(100_000, { note: 'Start, 1-byte reads', chunk: 1 });
  b.playback(take, start);
  b.hooks(ENTER_HOOKS);
  return b.finish(250_000);
}

export function clockInSysex(): ScenarioVector {
  const b = new VectorBuilder('clock-bytes-inside-sysex', 'Clock (F8) and active-sensing (FE) bytes inside a Load, in 7-byte reads, go to the Arp firmware at once and do not disturb the SysEx.', 'PROTOCOL.md §7.2; issue #3 (a clock byte inside SysEx kills the message in adafruit_midi)');
  b.send(0, cc(102, 127), 'Enter');
  const take = noteRun(3, 30_000, 15_000);
  const plain = hex(encodeLoadBuffer(take)).split(' ');
  const mixed: string[] = [];
  const forwarded: string[] = [];
  plain.forEach((x, i) => {
    mixed.push(x);
    if (i % 3 === 1) {
      const rt = i % 9 === 1 ? 'FE' : 'F8';
      mixed.push(rt);
      forwarded.push(rt);
    }
  });
  const s: ArpState = { ...VINTAGE, buffered: 6, sum: sumOf(take) };
  b.status('Ok', s, b.send(10_000, mixed.join(' '), 'Load with real-time bytes inside', 7));
  const start = b.start(100_000);
  b.playback(take, start);
  b.hooks(ENTER_HOOKS);
  b.forwarded(forwarded);
  return b.finish(300_000);
}

export function startStop(): ScenarioVector {
  const b = new VectorBuilder('start-stop', 'Start while playing and Load while playing are Busy (Append is not); Stop releases what sounds; Stop when stopped does nothing; Start again plays the take from its beginning.', 'PROTOCOL.md §4.1 (code 6), §5.3, §5.4');
  b.send(0, cc(102, 127), 'Enter');
  const take = [ev(0, 60, 100, true), ev(400_000, 64, 100, true), ev(1_000_000, 60, 0, false), ev(1_500_000, 64, 0, false)];
  let s: ArpState = { ...VINTAGE, buffered: 4, sum: sumOf(take) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(take)), 'Load'));
  const start = b.start(100_000);
  s = { ...s, playing: true, buffered: 3 };
  b.status('Busy', s, b.send(200_000, cc(100, 127), 'Start while playing (1 of 4 played)'));
  const other = [ev(0, 50, 10, true)];
  s = { ...s, sum: sumOf(other) };
  b.status('Busy', s, b.send(300_000, hex(encodeLoadBuffer(other)), 'Load while playing'));
  const stop = b.send(700_000, cc(101, 127), 'Stop with 60 and 64 sounding');
  b.playback(take, start, { stopAt: stop });
  b.send(800_000, cc(101, 127), 'Stop when stopped: nothing');
  s = { ...s, playing: false, buffered: 4 };
  b.status('Ok', s, b.send(900_000, STATUS_REQUEST, 'the whole take is buffered again'));
  const start2 = b.start(1_000_000, { note: 'Start again: from the beginning' });
  b.playback(take, start2, { label: 'p1' });
  b.hooks(ENTER_HOOKS);
  return b.finish(2_700_000);
}

export function emptyStart(): ScenarioVector {
  const b = new VectorBuilder('empty-start-and-restart', 'Start with nothing buffered answers Status BufferEmpty; a take that ended by itself plays again on the next Start.', 'PROTOCOL.md §4.1 (code 5), §5.3');
  b.send(0, cc(102, 127), 'Enter');
  b.status('BufferEmpty', VINTAGE, b.send(10_000, cc(100, 127), 'Start with an empty buffer'));
  b.send(20_000, cc(101, 127), 'Stop when not playing: nothing');
  const take = noteRun(2, 30_000, 20_000);
  const s: ArpState = { ...VINTAGE, buffered: 4, sum: sumOf(take) };
  b.status('Ok', s, b.send(30_000, hex(encodeLoadBuffer(take)), 'Load'));
  b.playback(take, b.start(100_000));
  b.status('Ok', s, b.send(250_000, STATUS_REQUEST, 'ended by itself; the take is still buffered'));
  b.playback(take, b.start(300_000, { note: 'Start again' }), { label: 'p1' });
  b.hooks(ENTER_HOOKS);
  return b.finish(450_000);
}

export function over1000Refused(): ScenarioVector {
  const b = new VectorBuilder('over-1000-events-refused', 'A Load of 1001 events, a 1200-event Load larger than the 8192-byte SysEx limit, and an Append to a full buffer are refused with TooManyEvents; 1000 events fit exactly.', 'PROTOCOL.md §3.1 (1 ≤ n ≤ 1000), §4.1 (code 2), §7.4 (size limit)');
  b.send(0, cc(102, 127), 'Enter');
  const e1001 = noteRun(501, 4000, 2000).slice(0, 1001);
  const m1001 = rawBuffer(1, e1001);
  let s: ArpState = { ...VINTAGE, sum: rawSum(m1001, 5, m1001.length - 1) };
  b.status('TooManyEvents', s, b.send(10_000, hex(m1001), 'Load 1001 events'));
  const e1200 = noteRun(600, 4000, 2000);
  const m1200 = rawBuffer(1, e1200);
  // The parser keeps the first 8191 bytes (F0 + 8190), discards the rest up to F7 (PROTOCOL.md §7.4).
  s = { ...s, sum: rawSum(m1200, 5, 8191) };
  b.status('TooManyEvents', s, b.send(200_000, hex(m1200), 'Load of 1200 events: 8406 bytes, over the SysEx limit'));
  const e1000 = noteRun(500, 4000, 2000);
  s = { ...s, buffered: 1000, sum: sumOf(e1000) };
  b.status('Ok', s, b.send(400_000, hex(encodeLoadBuffer(e1000)), 'Load 1000 events'));
  const one = [ev(3_000_000, 60, 0, false)];
  s = { ...s, sum: sumOf(one) };
  b.status('TooManyEvents', s, b.send(600_000, hex(encodeAppendBuffer(one)), 'Append to a full buffer'));
  b.status('Ok', s, b.send(610_000, STATUS_REQUEST));
  b.hooks(ENTER_HOOKS);
  return b.finish(650_000);
}

export function streaming1200(): ScenarioVector {
  const b = new VectorBuilder('streaming-1200-events', 'More than 1000 events in one take: a full Load, playback frees slots, an Append of 200 while playing fits and plays on time; a take that overwrote its beginning leaves the buffer empty.', 'PROTOCOL.md §3.2 (Append while playing), §5.3 (1000-event ring)', { seeds: [1, 2] });
  b.send(0, cc(102, 127), 'Enter');
  const first = noteRun(200, 4000, 2000);
  const second = noteRun(300, 4000, 2000, 1_200_000, 60);
  const load = [...first, ...second];
  let s: ArpState = { ...VINTAGE, buffered: 1000, sum: sumOf(load) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(load)), 'Load 1000 events with a gap from 800 to 1200 ms'));
  const start = b.start(200_000);
  const append = noteRun(100, 4000, 2000, 2_500_000, 36);
  s = { ...s, playing: true, buffered: 800, sum: sumOf(append) };
  b.status('Ok', s, b.send(200_000 + 900_000, hex(encodeAppendBuffer(append)), 'Append 200 during the gap: 400 played, 600 + 200 buffered'));
  b.playback([...load, ...append], start);
  s = { ...s, playing: false, buffered: 0 };
  b.status('Ok', s, b.send(3_300_000, STATUS_REQUEST, 'the take overwrote its beginning: nothing left'));
  b.status('BufferEmpty', s, b.send(3_310_000, cc(100, 127), 'Start'));
  b.hooks(ENTER_HOOKS);
  return b.finish(3_350_000);
}

export function startTimestamp(): ScenarioVector {
  const b = new VectorBuilder('start-timestamp', 'PlaybackStarted carries the clock from which the take\'s times count: the first event ends on DIN t_0 + 960 µs after it (never before, at most a clock step and a spin pass after), whatever the USB and loop jitter; it is written before the first event starts.', 'PROTOCOL.md §3.4, §5.3', { seeds: [1, 2, 3, 4, 5] });
  b.send(0, cc(102, 127), 'Enter');
  const later = [ev(40_000, 60, 100, true), ev(90_000, 60, 0, false), ev(90_000, 64, 90, true), ev(140_000, 64, 0, false)];
  let s: ArpState = { ...VINTAGE, buffered: 4, sum: sumOf(later) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(later)), 'Load: the first event 40 ms after the start'));
  // Written before the first event's first bit, so at least 960 µs before that event has ended.
  const beforeFirst = (first: string, t0: number): Partial<ExpectMessage> => ({ after: { label: first, delta_us: [-(t0 + MSG_US + TIGHT_US), -MSG_US] } });
  b.playback(later, b.start(100_000, { expect: { label: 'started', ...beforeFirst('p0', 40_000) } }), { origin: 'started' });
  const atOnce = [ev(0, 67, 80, true), ev(30_000, 67, 0, false)];
  s = { ...s, buffered: 2, sum: sumOf(atOnce) };
  b.status('Ok', s, b.send(400_000, hex(encodeLoadBuffer(atOnce)), 'Load: the first event at once'));
  const start1 = b.start(500_000, { note: 'Start, 1-byte reads', chunk: 1, expect: { label: 'started1', ...beforeFirst('p1', 0) } });
  b.playback(atOnce, start1, { label: 'p1', origin: 'started1' });
  b.hooks(ENTER_HOOKS);
  return b.finish(700_000);
}

export function calibrateTiming(): ScenarioVector {
  const b = new VectorBuilder('calibrate-timing', 'Calibrate: note-on 60/127 at once, its note-off 100 ms later, then the ACK with the time received and the CalibrationTiming (when the Calibrate came in, when the ACK left); USB is answered meanwhile; Calibrate and Start are Busy while calibrating, Load is not.', 'spec "Latency Calibration Response"; PROTOCOL.md §3.3, §3.5, §5.5');
  b.send(0, cc(102, 127), 'Enter');
  const take = [ev(0, 62, 90, true), ev(20_000, 62, 0, false)];
  let s: ArpState = { ...VINTAGE, buffered: 2, sum: sumOf(take) };
  b.status('Ok', s, b.send(5_000, hex(encodeLoadBuffer(take)), 'Load'));
  const cal = b.send(20_000, cc(104, 127), 'Calibrate');
  b.din('90 3C 7F', { label: 'cal_on', end_us: [cal[0] + MSG_US - 100, cal[1] + MSG_US + 100] });
  b.din('80 3C 00', { label: 'cal_off', after: { label: 'cal_on', delta_us: [100_000 - TIGHT_US, 100_000 + TIGHT_US] } });
  s = { ...s, calibrating: true };
  b.status('Ok', s, b.send(50_000, STATUS_REQUEST, 'USB is answered while calibrating'));
  b.status('Busy', s, b.send(60_000, cc(104, 127), 'Calibrate while calibrating'));
  b.status('Busy', s, b.send(70_000, cc(100, 127), 'Start while calibrating'));
  b.status('Ok', s, b.send(80_000, hex(encodeLoadBuffer(take)), 'Load while calibrating is fine'));
  b.calibrationReplies(cal, { note: 'ACK after the note-off', after: { label: 'cal_off', delta_us: [-MSG_US, 0] }, clock_us: b.clockWindow(cal) });
  b.playback(take, b.start(200_000, { note: 'Start after the ACK' }));
  b.hooks(ENTER_HOOKS);
  return b.finish(300_000);
}

export function calibrateBusy(): ScenarioVector {
  const b = new VectorBuilder('calibrate-while-playing', 'Calibrate while playing is Busy and sends nothing to DIN; after Stop it works.', 'PROTOCOL.md §4.1 (code 6), §5.5');
  b.send(0, cc(102, 127), 'Enter');
  const take = [ev(0, 60, 100, true), ev(500_000, 60, 0, false)];
  let s: ArpState = { ...VINTAGE, buffered: 2, sum: sumOf(take) };
  b.status('Ok', s, b.send(5_000, hex(encodeLoadBuffer(take)), 'Load'));
  const start = b.start(20_000);
  s = { ...s, playing: true, buffered: 1 };
  b.status('Busy', s, b.send(100_000, cc(104, 127), 'Calibrate while playing'));
  b.playback(take, start, { stopAt: b.send(200_000, cc(101, 127), 'Stop') });
  const cal = b.send(300_000, cc(104, 127), 'Calibrate');
  b.din('90 3C 7F', { label: 'cal_on', end_us: [cal[0] + MSG_US - 100, cal[1] + MSG_US + 100] });
  b.din('80 3C 00', { label: 'cal_off', after: { label: 'cal_on', delta_us: [100_000 - TIGHT_US, 100_000 + TIGHT_US] } });
  b.calibrationReplies(cal, { after: { label: 'cal_off', delta_us: [-MSG_US, 0] } });
  b.hooks(ENTER_HOOKS);
  return b.finish(500_000);
}

export function exitDuringCalibration(): ScenarioVector {
  const b = new VectorBuilder('exit-during-calibration', 'Exit while calibrating ends the calibration at once (note-off, then the ACK and the CalibrationTiming) before the UI is handed back.', 'PROTOCOL.md §5.2, §5.5 (firmware README: Exit finishes a calibration early)');
  b.send(0, cc(102, 127), 'Enter');
  const cal = b.send(10_000, cc(104, 127), 'Calibrate');
  b.din('90 3C 7F', { end_us: [cal[0] + MSG_US - 100, cal[1] + MSG_US + 100] });
  const exit = b.send(50_000, cc(103, 127), 'Exit 40 ms into the calibration');
  b.din('80 3C 00', { label: 'off', end_us: [exit[0] + MSG_US, exit[1] + MSG_US + 100] });
  b.calibrationReplies(cal, { after: { label: 'off', delta_us: [-MSG_US, 0] } });
  b.status('Ok', INITIAL, b.send(100_000, STATUS_REQUEST));
  b.hooks([...ENTER_HOOKS, ...exitHooks(INITIAL)]);
  return b.finish(250_000);
}

export function dinChannel(): ScenarioVector {
  const b = new VectorBuilder('din-channel-10', 'With the firmware\'s DIN channel set to 10, playback, the Stop release and calibration all go out on channel 10.', 'PROTOCOL.md §5.6', { firmware: { din_channel: 10 } });
  b.send(0, cc(102, 127), 'Enter');
  const take = [ev(0, 36, 110, true), ev(100_000, 38, 90, true), ev(1_000_000, 36, 0, false), ev(1_000_000, 38, 0, false)];
  const s: ArpState = { ...VINTAGE, buffered: 4, sum: sumOf(take) };
  b.status('Ok', s, b.send(5_000, hex(encodeLoadBuffer(take)), 'Load'));
  b.playback(take, b.start(20_000), { channel: 10, stopAt: b.send(300_000, cc(101, 127), 'Stop') });
  const cal = b.send(400_000, cc(104, 127), 'Calibrate');
  b.din('99 3C 7F', { label: 'cal_on', end_us: [cal[0] + MSG_US - 100, cal[1] + MSG_US + 100] });
  b.din('89 3C 00', { after: { label: 'cal_on', delta_us: [100_000 - TIGHT_US, 100_000 + TIGHT_US] } });
  b.calibrationReplies(cal);
  b.hooks(ENTER_HOOKS);
  return b.finish(600_000);
}

/** 16ths at `bpm` with chords of 1-4 notes (a deterministic pattern), gate 75 %. */
export function chordRun(steps: number, bpm: number, fromUs = 0): BufferEvent[] {
  const step = Math.round(60_000_000 / bpm / 4);
  const events: BufferEvent[] = [];
  for (let i = 0; i < steps; i++) {
    const t = fromUs + i * step;
    const size = 1 + ((i * 7) % 4);
    for (let k = 0; k < size; k++) {
      const note = 48 + ((i * 5 + k * 4) % 24);
      events.push(ev(t, note, 70 + ((i + k) % 50), true));
      events.push(ev(t + Math.round(step * 0.75), note, 0, false));
    }
  }
  const seen = new Set<string>();
  return events
    .filter((e) => {
      const key = `${e.timeUs}:${e.note}:${e.on}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.timeUs - b.timeUs || Number(a.on) - Number(b.on) || a.note - b.note);
}

export function densePlayback(): ScenarioVector {
  const b = new VectorBuilder('dense-chords-timing', '16ths at 180 BPM with chords of up to 4 notes: every message within ±150 µs of its timestamp (plus queueing behind the chord notes before it).', 'issue #3 (playback on the Arp\'s own clock); PROTOCOL.md §5.3');
  b.send(0, cc(102, 127), 'Enter');
  const take = chordRun(32, 180);
  const s: ArpState = { ...VINTAGE, buffered: take.length, sum: sumOf(take) };
  b.status('Ok', s, b.send(5_000, hex(encodeLoadBuffer(take)), `Load ${take.length} events`));
  b.playback(take, b.start(100_000));
  b.hooks(ENTER_HOOKS);
  return b.finish(100_000 + 32 * 83_334 + 100_000);
}

export function drift(): ScenarioVector {
  const ppm = 500;
  const b = new VectorBuilder('crystal-drift', 'A board clock 500 ppm fast plays a 2-second take 1 ms short: the firmware follows its own clock, and the simulator models the crystal.', 'issue #3 (device model: crystal drift in ppm)', { device: { drift_ppm: ppm } });
  b.send(0, cc(102, 127), 'Enter');
  const take = [ev(0, 60, 100, true), ev(1_000_000, 60, 0, false), ev(1_000_000, 62, 100, true), ev(2_000_000, 62, 0, false)];
  const s: ArpState = { ...VINTAGE, buffered: 4, sum: sumOf(take) };
  b.status('Ok', s, b.send(5_000, hex(encodeLoadBuffer(take)), 'Load'));
  const start = b.start(100_000);
  const scale = 1 / (1 + ppm / 1e6);
  b.din('90 3C 64', { label: 'p0', end_us: [start[0] + MSG_US - 100, start[1] + MSG_US + 100] });
  b.din('80 3C 00', { after: { label: 'p0', delta_us: [1_000_000 * scale - TIGHT_US, 1_000_000 * scale + TIGHT_US] } });
  b.din('90 3E 64', { after: { label: 'p0', delta_us: [1_000_000 * scale + MSG_US - TIGHT_US, 1_000_000 * scale + MSG_US + TIGHT_US] } });
  b.din('80 3E 00', { after: { label: 'p0', delta_us: [2_000_000 * scale - TIGHT_US, 2_000_000 * scale + TIGHT_US] } });
  b.din('B0 7B 00', { after: { label: 'p0', delta_us: [2_000_000 * scale + MSG_US - TIGHT_US, 2_000_000 * scale + MSG_US + TIGHT_US] } });
  b.hooks(ENTER_HOOKS);
  return b.finish(2_300_000);
}

export function clockWrap(): ScenarioVector {
  const boot = 0x10000000 - 30_000;
  const b = new VectorBuilder('clock-wrap', 'The board\'s µs clock wraps (2^28) 30 ms into the run: playback across the wrap keeps its timing and the calibration ACK and CalibrationTiming carry wrapped times.', 'PROTOCOL.md §3.3 (modulo 2^28)', { device: { boot_us: boot } });
  b.send(0, cc(102, 127), 'Enter');
  const take = noteRun(20, 10_000, 5_000);
  const s: ArpState = { ...VINTAGE, buffered: take.length, sum: sumOf(take) };
  b.status('Ok', s, b.send(2_000, hex(encodeLoadBuffer(take)), 'Load'));
  b.playback(take, b.start(10_000, { note: 'Start 20 ms before the wrap' }));
  const cal = b.send(500_000, cc(104, 127), 'Calibrate after the wrap');
  b.din('90 3C 7F', { label: 'cal_on', end_us: [cal[0] + MSG_US - 100, cal[1] + MSG_US + 100] });
  b.din('80 3C 00', { after: { label: 'cal_on', delta_us: [100_000 - TIGHT_US, 100_000 + TIGHT_US] } });
  b.calibrationReplies(cal, { clock_us: b.clockWindow(cal) });
  b.hooks(ENTER_HOOKS);
  return b.finish(700_000);
}

export const playbackVectors = [
  specTest3,
  loadAppendStatus,
  oneByteReads,
  clockInSysex,
  startStop,
  emptyStart,
  over1000Refused,
  streaming1200,
  startTimestamp,
  calibrateTiming,
  calibrateBusy,
  exitDuringCalibration,
  dinChannel,
  densePlayback,
  drift,
  clockWrap,
];
