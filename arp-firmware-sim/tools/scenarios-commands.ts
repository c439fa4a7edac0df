// Scenario vectors for commands, settings, status and malformed input (see generate-scenarios.ts).
import { encodeAppendBuffer, encodeCalibrationTiming, encodeLoadBuffer } from '@vcpi/protocol';
import type { ScenarioVector } from '../src/scenario-format.js';
import {
  ENTER_HOOKS,
  IDENTITY_REPLY,
  IDENTITY_REQUEST,
  INITIAL,
  STATUS_REQUEST,
  VectorBuilder,
  cc,
  ev,
  exitHooks,
  hex,
  rawBuffer,
  rawSum,
  sumOf,
  type ArpState,
} from './scenario-kit.js';

export function specTest1(): ScenarioVector {
  const b = new VectorBuilder('spec-test-1-enter-exit', 'Enter Vintage Mode, the UI is suspended (OLED text, buttons, arpeggiator); exit, the UI is restored.', 'spec "Test 1: Enter/Exit Vintage Mode"; PROTOCOL.md §5.1, §5.2');
  b.send(0, cc(102, 127), 'Enter');
  const vintage: ArpState = { ...INITIAL, vintage: true };
  b.status('Ok', vintage, b.send(20_000, STATUS_REQUEST, 'status in Vintage Mode'));
  b.send(40_000, cc(103, 127), 'Exit');
  b.status('Ok', INITIAL, b.send(60_000, STATUS_REQUEST, 'status after exit'));
  b.hooks([...ENTER_HOOKS, ...exitHooks(INITIAL)]);
  return b.finish(100_000);
}

export function specTest2(): ScenarioVector {
  const b = new VectorBuilder('spec-test-2-cc-control', 'Pattern and Division CCs update the stored settings (read back with Status).', 'spec "Test 2: CC Control"; PROTOCOL.md §2');
  b.send(0, cc(102, 127), 'Enter');
  let s: ArpState = { ...INITIAL, vintage: true };
  b.send(10_000, cc(20, 2), 'Pattern = 2 (UpDown)');
  s = { ...s, pattern: 2 };
  b.status('Ok', s, b.send(20_000, STATUS_REQUEST));
  b.send(30_000, cc(21, 2), 'Division = 2');
  s = { ...s, division: 2 };
  b.status('Ok', s, b.send(40_000, STATUS_REQUEST));
  b.send(50_000, cc(21, 1), 'Division = 1 (the spec value)');
  s = { ...s, division: 1 };
  b.status('Ok', s, b.send(60_000, STATUS_REQUEST));
  b.hooks(ENTER_HOOKS);
  return b.finish(100_000);
}

export function ccClamps(): ScenarioVector {
  const b = new VectorBuilder('cc-settings-and-clamps', 'Every setting CC stores min(value, max) (Latch: value > 0), on any channel and with running status; each read back with Status.', 'PROTOCOL.md §2 (the spec\'s handle_cc clamping)');
  b.send(0, cc(102, 127), 'Enter');
  let s: ArpState = { ...INITIAL, vintage: true };
  const cases: [string, string, Partial<ArpState>][] = [
    ['Pattern 0', cc(20, 0), { pattern: 0 }],
    ['Pattern 3', cc(20, 3), { pattern: 3 }],
    ['Pattern 4 → 3', cc(20, 4), { pattern: 3 }],
    ['Pattern 1', cc(20, 1), { pattern: 1 }],
    ['Pattern 127 → 3', cc(20, 127), { pattern: 3 }],
    ['Division 0', cc(21, 0), { division: 0 }],
    ['Division 2', cc(21, 2), { division: 2 }],
    ['Division 3 → 2', cc(21, 3), { division: 2 }],
    ['Division 0 again', cc(21, 0), { division: 0 }],
    ['Division 127 → 2', cc(21, 127), { division: 2 }],
    ['Octaves 0', cc(22, 0), { octaves: 0 }],
    ['Octaves 3', cc(22, 3), { octaves: 3 }],
    ['Octaves 4 → 3', cc(22, 4), { octaves: 3 }],
    ['Octaves 2', cc(22, 2), { octaves: 2 }],
    ['Octaves 127 → 3', cc(22, 127), { octaves: 3 }],
    ['Latch 1', cc(23, 1), { latch: true }],
    ['Latch 0', cc(23, 0), { latch: false }],
    ['Latch 64 → on', cc(23, 64), { latch: true }],
    ['Latch 0 again', cc(23, 0), { latch: false }],
    ['Latch 127 → on', cc(23, 127), { latch: true }],
    ['Pattern 2 on channel 16', cc(20, 2, 16), { pattern: 2 }],
    ['Division 1 on channel 10', cc(21, 1, 10), { division: 1 }],
    ['running status: Octaves 1, Pattern 0', 'B0 16 01 14 00', { octaves: 1, pattern: 0 }],
    ['CC 24 (not a command) changes nothing', cc(24, 3), {}],
    ['CC 19 (not a command) changes nothing', cc(19, 3), {}],
  ];
  cases.forEach(([note, bytes, change], i) => {
    s = { ...s, ...change };
    b.status('Ok', s, b.send(10_000 * (i + 1), `${bytes} ${STATUS_REQUEST}`, note));
  });
  b.hooks(ENTER_HOOKS);
  b.forwarded([cc(24, 3), cc(19, 3)]);
  return b.finish(10_000 * (cases.length + 2));
}

export function outsideVintage(): ScenarioVector {
  const b = new VectorBuilder('commands-outside-vintage-mode', 'Outside Vintage Mode every Vintage command is refused with Status NotInVintageMode and changes nothing; StatusRequest and Identity are answered; CC 102 enters.', 'PROTOCOL.md §4.1 (code 3), §4.4, §4.5');
  const load = encodeLoadBuffer([ev(0, 60, 100, true)]);
  const append = encodeAppendBuffer([ev(1000, 60, 0, false), ev(2000, 62, 90, true)]);
  let s: ArpState = { ...INITIAL };
  const refused: [string, string, number][] = [
    ['Pattern', cc(20, 2), s.sum],
    ['Division', cc(21, 2), s.sum],
    ['Octaves', cc(22, 3), s.sum],
    ['Latch', cc(23, 1), s.sum],
    ['Start', cc(100, 127), s.sum],
    ['Stop', cc(101, 127), s.sum],
    ['Exit', cc(103, 127), s.sum],
    ['Calibrate', cc(104, 127), s.sum],
    ['Load (its sum is kept: s counts every Load/Append received)', hex(load), sumOf([ev(0, 60, 100, true)])],
    ['Append', hex(append), sumOf([ev(1000, 60, 0, false), ev(2000, 62, 90, true)])],
  ];
  refused.forEach(([note, bytes, sum], i) => {
    s = { ...s, sum };
    b.status('NotInVintageMode', s, b.send(10_000 * (i + 1), bytes, note));
  });
  b.status('Ok', s, b.send(200_000, STATUS_REQUEST, 'StatusRequest is answered outside Vintage Mode'));
  b.usb(IDENTITY_REPLY, b.send(210_000, IDENTITY_REQUEST, 'Identity is answered outside Vintage Mode'));
  b.send(220_000, cc(102, 127, 5), 'Enter (on channel 5)');
  s = { ...s, vintage: true };
  b.status('Ok', s, b.send(230_000, STATUS_REQUEST));
  b.hooks(ENTER_HOOKS);
  return b.finish(260_000);
}

export function enterExit(): ScenarioVector {
  const b = new VectorBuilder('enter-exit-behaviour', 'Enter again while playing stops and clears (no UI hooks the second time); Exit while playing stops first, clears the buffer and hands the stored settings to the arpeggiator.', 'PROTOCOL.md §5.1, §5.2');
  const take = [ev(0, 60, 100, true), ev(50_000, 64, 100, true), ev(2_000_000, 60, 0, false), ev(2_000_000, 64, 0, false)];
  b.send(0, cc(102, 127), 'Enter');
  let s: ArpState = { ...INITIAL, vintage: true, sum: sumOf(take), buffered: 4 };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(take)), 'Load'));
  b.send(30_000, `${cc(20, 2)} ${cc(23, 1)}`, 'Pattern 2, Latch on');
  s = { ...s, pattern: 2, latch: true };
  const start1 = b.start(100_000);
  const enter2 = b.send(400_000, cc(102, 127), 'Enter again while playing');
  b.playback(take, start1, { stopAt: enter2 });
  s = { ...s, buffered: 0 };
  b.status('Ok', s, b.send(450_000, STATUS_REQUEST, 'the buffer is empty'));
  b.status('BufferEmpty', s, b.send(460_000, cc(100, 127), 'Start'));
  s = { ...s, buffered: 4 };
  b.status('Ok', s, b.send(500_000, hex(encodeLoadBuffer(take)), 'Load again'));
  const start2 = b.start(600_000);
  const exit = b.send(900_000, cc(103, 127), 'Exit while playing');
  b.playback(take, start2, { stopAt: exit, label: 'p1' });
  s = { ...s, vintage: false, buffered: 0 };
  b.status('Ok', s, b.send(950_000, STATUS_REQUEST, 'after Exit: buffer cleared, settings kept'));
  b.status('NotInVintageMode', s, b.send(960_000, cc(100, 127), 'Start outside Vintage Mode'));
  b.hooks([...ENTER_HOOKS, ...exitHooks({ ...s })]);
  return b.finish(1_000_000);
}

export function identity(): ScenarioVector {
  const b = new VectorBuilder('identity', 'Universal Device Inquiry is answered for any device ID, in and out of Vintage Mode; a malformed inquiry and other manufacturers\' SysEx are ignored.', 'PROTOCOL.md §4.5');
  b.usb(IDENTITY_REPLY, b.send(0, IDENTITY_REQUEST, 'all-call 7F'));
  b.usb(IDENTITY_REPLY, b.send(10_000, 'F0 7E 00 06 01 F7', 'device ID 00'));
  b.send(20_000, 'F0 7E 7F 06 01 00 F7', 'one byte too many: ignored');
  b.send(30_000, 'F0 43 10 4C 00 00 7E 00 F7', 'a Yamaha SysEx: ignored');
  b.send(40_000, 'F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 00 F7', 'an identity reply: ignored');
  b.send(50_000, cc(102, 127), 'Enter');
  b.usb(IDENTITY_REPLY, b.send(60_000, 'F0 7E 10 06 01 F7', 'device ID 10, in Vintage Mode'));
  b.hooks(ENTER_HOOKS);
  return b.finish(100_000);
}

export function passthrough(): ScenarioVector {
  const b = new VectorBuilder('passthrough-and-running-status', 'Messages that are not Vintage commands go to the rest of the Arp firmware (forward_midi / forward_realtime), in and out of Vintage Mode; running status and real-time bytes between a status and its data work.', 'PROTOCOL.md §2 ("the Arp ignores them"), §7.1, §7.2');
  b.send(0, '90 3C 40 3E 41', 'note-ons with running status, outside Vintage Mode');
  b.send(10_000, 'F8 B0 07 64', 'clock, CC 7');
  b.send(20_000, 'C0 05 E0 00 40 F6', 'program change, pitch bend, tune request');
  b.send(30_000, 'B0 66 7F 14 02 15 02', 'Enter, then Pattern 2 and Division 2 with running status');
  const s: ArpState = { ...INITIAL, vintage: true, pattern: 2, division: 2, octaves: 3 };
  b.status('Ok', s, b.send(40_000, `B0 F8 16 FE 03 ${STATUS_REQUEST}`, 'Octaves 3 with clock and active sensing inside the CC'));
  b.send(50_000, '80 3C 00 3E 00 FA FC', 'note-offs, start, stop in Vintage Mode');
  b.hooks(ENTER_HOOKS);
  b.forwarded(['90 3C 40', '90 3E 41', 'F8', 'B0 07 64', 'C0 05', 'E0 00 40', 'F6', 'F8', 'FE', '80 3C 00', '80 3E 00', 'FA', 'FC']);
  return b.finish(100_000);
}

export function malformedBuffers(): ScenarioVector {
  const b = new VectorBuilder('malformed-buffers', 'Malformed Loads/Appends and Arp SysEx are refused with Status Malformed, leave the buffer as it was, and update s with the bytes received; Arp-to-host messages (CalibrationAck, Status, PlaybackStarted, CalibrationTiming), whole or cut, are ignored.', 'PROTOCOL.md §3.1 (all-or-nothing), §4.1 (code 1), §4.3 (s)');
  const good = [ev(0, 60, 100, true), ev(100_000, 60, 0, false)];
  b.send(0, cc(102, 127), 'Enter');
  let s: ArpState = { ...INITIAL, vintage: true, buffered: 2, sum: sumOf(good) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(good)), 'a good Load'));
  const oneEvent = rawBuffer(1, [ev(5, 62, 90, true)], { count: 2 });
  const badOn = rawBuffer(1, [ev(0, 62, 90, true), ev(10, 62, 0, false)], { onByte: (i) => (i === 1 ? 2 : 1) });
  const cut = hex(encodeLoadBuffer([ev(0, 62, 90, true), ev(10, 62, 0, false)])).split(' ').slice(0, 14);
  const cutBytes = Uint8Array.from(cut.map((x) => parseInt(x, 16)));
  const cases: [string, string, number][] = [
    ['count 0', 'F0 7D 01 00 00 F7', 0],
    ['count 2, one event', hex(oneEvent), rawSum(oneEvent, 5, oneEvent.length - 1)],
    ['on byte 2', hex(badOn), rawSum(badOn, 5, badOn.length - 1)],
    ['too short for a count', 'F0 7D 01 00 F7', 0],
    ['cut by a note-on (which is still played to the Arp firmware)', `${cut.join(' ')} 90 3C 40 F7`, rawSum(cutBytes, 5, cutBytes.length)],
    ['Append with count 0', 'F0 7D 04 00 00 F7', 0],
  ];
  cases.forEach(([note, bytes, sum], i) => {
    s = { ...s, sum };
    b.status('Malformed', s, b.send(20_000 + 10_000 * i, bytes, note));
  });
  const others: [string, string][] = [
    ['unknown command 08', 'F0 7D 08 F7'],
    ['no command', 'F0 7D F7'],
    ['StatusRequest with a byte too many', 'F0 7D 05 00 F7'],
  ];
  others.forEach(([note, bytes], i) => b.status('Malformed', s, b.send(100_000 + 10_000 * i, bytes, note)));
  b.send(140_000, 'F0 7D 02 00 00 00 00 F7', 'a CalibrationAck sent to the Arp: ignored');
  b.send(145_000, 'F0 7D 03 00 00 00 01 01 00 00 07 68 00 00 F7', 'a Status sent to the Arp: ignored');
  b.send(150_000, 'F0 7D 06 00 00 00 00 F7', 'a PlaybackStarted sent to the Arp: ignored');
  b.send(155_000, 'F0 7D 06 00 00 80 3C 00', 'a PlaybackStarted cut by a note-off (which goes to the Arp firmware): ignored');
  b.send(156_000, hex(encodeCalibrationTiming({ timeUs: 1, readUs: 2, emptyUs: 3, ackUs: 4 })), 'a CalibrationTiming sent to the Arp: ignored');
  b.send(157_000, 'F0 7D 07 00 00 00 01 00 00 90 3E 40', 'a CalibrationTiming cut by a note-on (which goes to the Arp firmware): ignored');
  b.status('Ok', s, b.send(160_000, STATUS_REQUEST, 'the good buffer is still there'));
  const start = b.start(200_000, { note: 'Start plays the good buffer' });
  b.playback(good, start);
  b.hooks(ENTER_HOOKS);
  b.forwarded(['90 3C 40', '80 3C 00', '90 3E 40']);
  return b.finish(400_000);
}

export function outOfOrder(): ScenarioVector {
  const b = new VectorBuilder('out-of-order-buffers', 'Events out of order are refused with Status OutOfOrder and leave the buffer as it was; a retrigger (note-off before note-on at one time) and Append timestamps that wrap modulo 2^28 are accepted.', 'PROTOCOL.md §3.1 (order), §3.2 (modular steps), §4.1 (code 4)');
  b.send(0, cc(102, 127), 'Enter');
  const good = [ev(0, 60, 100, true), ev(400_000, 60, 0, false), ev(500_000, 62, 90, true)];
  let s: ArpState = { ...INITIAL, vintage: true, buffered: 3, sum: sumOf(good) };
  b.status('Ok', s, b.send(10_000, hex(encodeLoadBuffer(good)), 'a good Load'));
  const bad: [string, Uint8Array][] = [
    ['time goes back', rawBuffer(1, [ev(1000, 60, 100, true), ev(500, 60, 0, false)])],
    ['note-off after its note-on at the same time', rawBuffer(1, [ev(1000, 60, 100, true), ev(1000, 60, 0, false)])],
    ['a step of 2^27 µs', rawBuffer(1, [ev(0, 60, 100, true), ev(0x8000000, 60, 0, false)])],
    ['Append going back from the last event held (500 ms)', rawBuffer(4, [ev(400_000, 62, 0, false)])],
    ['Append: note-off of the last held note-on at its time', rawBuffer(4, [ev(500_000, 62, 0, false)])],
  ];
  bad.forEach(([note, bytes], i) => {
    s = { ...s, sum: rawSum(bytes, 5, bytes.length - 1) };
    b.status('OutOfOrder', s, b.send(20_000 + 10_000 * i, hex(bytes), note));
  });
  const retrigger = [ev(0, 60, 100, true), ev(1000, 60, 0, false), ev(1000, 60, 90, true), ev(2000, 60, 0, false)];
  s = { ...s, buffered: 4, sum: sumOf(retrigger) };
  b.status('Ok', s, b.send(100_000, hex(encodeLoadBuffer(retrigger)), 'retrigger: note-off before note-on at one time'));
  const late = [ev(0x0fffffff - 1000, 61, 80, true)];
  s = { ...s, buffered: 1, sum: sumOf(late) };
  b.status('Ok', s, b.send(110_000, hex(encodeLoadBuffer(late)), 'a Load whose only event is 1000 µs before the 2^28 wrap'));
  const wrapped = [ev(500, 61, 0, false), ev(1500, 63, 80, true)];
  s = { ...s, buffered: 3, sum: sumOf(wrapped) };
  b.status('Ok', s, b.send(120_000, hex(encodeAppendBuffer(wrapped)), 'an Append whose times wrapped past 2^28'));
  b.hooks(ENTER_HOOKS);
  return b.finish(160_000);
}

export const commandVectors = [specTest1, specTest2, ccClamps, outsideVintage, enterExit, identity, passthrough, malformedBuffers, outOfOrder];
