// The prompt, driven through stdin with real plugins: the seed's quick start and examples, its wording, and the
// table of bad inputs — each an error with the usage, the program carrying on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plugins } from '../native/helpers.js';
import { artefacts } from '../plugin/helpers.js';
import { runLinkvst, tempDir } from './helpers.js';

test('quick start and examples: load, effects, route, params, set, solo toggles, status, save on quit', () => {
  const dir = tempDir();
  const session = join(dir, 'session.json');
  const r = runLinkvst(['--session', session], [
    `load 1 ${plugins.synthVst3} Lead`,
    `load 2 ${plugins.kars} Bass`,
    `load_fx ${plugins.zamDelay} 1 PingPong`,
    `load_fx ${plugins.zamComp} master Glue`,
    'route 1 1',
    'route 10 2',
    'routing',
    'params 1',
    'set 1 Gain 0.75',
    'solo 1',
    'note 1 48 80 100',
    'solo 1',
    'mute 2',
    'master 0.8',
    'slots',
    'status',
    'quit',
  ]);
  assert.is(r.code, 0, r.err);
  const [, load1, load2, fx1, fx2, route1, route2, routing, params, set, solo, note, unsolo, mute, master, slots, status] = r.replies;
  assert.is(load1, '  slot 1 = Lead\n');
  assert.is(load2, '  slot 2 = Bass\n');
  assert.is(fx1, '  slot 1 fx 1 = PingPong\n');
  assert.is(fx2, '  master fx 1 = Glue\n');
  assert.is(route1, '  ch 1 -> slot 1 (Lead)\n');
  assert.is(route2, '  ch 10 -> slot 2 (Bass)\n');
  assert.is(routing, '  ch  1 -> slot 1 (Lead)\n  ch 10 -> slot 2 (Bass)\n');
  assert.match(params ?? '', /^ {2}Gain = [\d.]+ {2}\(range 0\.000 \.\. 1\.000\)\n/);
  assert.match(params ?? '', /Decay = [\d.]+ ms/);
  assert.is(set, '  Gain = 0.75\n');
  assert.is(solo, '  Lead: SOLO\n');
  assert.is(note, '  Lead: note 48 vel 80 for 100 ms\n');
  assert.is(unsolo, '  Lead: unsolo\n');
  assert.is(mute, '  Bass: MUTE\n');
  assert.is(master, '  master = 0.80\n');
  assert.match(slots ?? '', /^ {2}1: Lead \[VcpiTestSynth\] +gain 1\.00 {2}ch 1 {2}fx: 1:PingPong \[ZamDelay\]\n {2}2: Bass \[Kars\] +gain 1\.00 {2}MUTE {2}ch 10\n/);
  assert.match(status ?? '', /\[Audio\]/);
  assert.match(status ?? '', /\[Master\] gain 0\.80 {2}fx: 1:Glue/);
  assert.match(status ?? '', /\[Routing\] ch 1->1 {2}ch 10->2/);
  assert.match(r.out, /saved .*session\.json/);
  const saved = JSON.parse(readFileSync(session, 'utf8'));
  assert.is(saved.schema, 'linkvst-session');
  assert.is(saved.slots[0].instrument.name, 'Lead');
  assert.is(saved.slots[0].instrument.parameters.Gain, 0.75);
  assert.type(saved.slots[0].instrument.state, 'string');
  assert.is(saved.slots[0].inserts[0].name, 'PingPong');
  assert.equal(saved.routing, { '1': 1, '10': 2 });
  assert.is(saved.slots[1].mute, true);
  assert.is(saved.masterGain, 0.8);
  // Restored at the next start.
  const again = runLinkvst(['--session', session], ['slots', 'quit']);
  assert.match(again.replies[0] ?? '', /restored .*: 4 plugins/);
  assert.match(again.replies[1] ?? '', /1: Lead \[VcpiTestSynth\].*fx: 1:PingPong/);
});

const BAD: [string, RegExp, RegExp][] = [
  ['load 0 /x.vst3', /error: slot must be 1-8, got 0/, /usage: load <slot>/],
  ['load 9 /x.vst3', /error: slot must be 1-8, got 9/, /usage: load <slot>/],
  ['load one /x.vst3', /error: slot must be a whole number 1-8, got "one"/, /usage: load/],
  ['load 1 /no/such/Plugin.vst3', /error: .*(not found|does not exist|No such)/i, /^$/],
  ['load 1 /etc/hostname', /error: .*(not a plugin|cannot load)/i, /^$/],
  ['route 17 1', /error: MIDI channel must be 1-16, got 17/, /usage: route <ch 1-16> <slot 1-8>/],
  ['route 0 1', /error: MIDI channel must be 1-16, got 0/, /usage: route/],
  ['gain 1 1.5', /error: gain must be 0-1, got 1.5/, /usage: gain <slot> <0.0-1.0>/],
  ['gain 1 loud', /error: gain must be a number, got "loud"/, /usage: gain/],
  ['gain 1', /error: missing gain/, /usage: gain/],
  ['set 1 Nosuch 0.5', /error: slot 1 has no parameter "Nosuch"; it has: Gain, Waveform, Decay/, /^$/],
  ['set 1 Gain 7', /error: Gain must be 0-1, got 7/, /usage: set/],
  ['set 1 Gain x', /error: value must be a number, got "x"/, /usage: set/],
  ['params 3', /error: slot 3 is empty; load an instrument first/, /^$/],
  ['remove_fx 1 2', /error: fx index must be 1-1, got 2/, /usage: remove_fx/],
  ['note 1 128', /error: note must be 0-127, got 128/, /usage: note/],
  ['master 2', /error: gain must be 0-1, got 2/, /usage: master/],
  ['restore /no/such/session.json', /error: no session at \/no\/such\/session.json/, /^$/],
  ['frobnicate', /error: unknown command "frobnicate"; type help for the list/, /^$/],
  ['sollo 1', /did you mean solo\?/, /^$/],
  ['load 1 "unterminated', /error: unterminated " quote/, /^$/],
  ['tempo 5', /error: bpm must be 20-999, got 5/, /usage: tempo/],
  ['link fast', /error: bpm must be a number, got "fast"/, /usage: link/],
  ['clock maybe', /error: clock takes on or off, got "maybe"/, /usage: clock/],
  ['transport go', /error: transport takes start or stop, got "go"/, /usage: transport/],
  ['input 9 1', /error: slot must be 1-8, got 9/, /usage: input/],
  ['input 1 0', /error: input must be 1-64, got 0/, /usage: input/],
  ['midi_seq no-such-device', /error: Beatstep Pro: .*no-such-device/i, /^$/],
  ['audio_start 99', /error: audio: /, /^$/],
  ['capture 9', /error: slot must be 1-8, got 9/, /usage: capture/],
  ['capture frob', /error: capture: unknown action "frob"/, /usage: capture/],
  ['capture 1 status', /error: slot 1 does not hold VintageCapture \(it is in slot 2\)/, /^$/],
  ['capture record maybe', /error: capture record takes on or off/, /usage: capture/],
  ['capture record off', /error: VintageCapture is not recording \(it is idle\)/, /^$/],
  ['capture port a b', /error: capture port takes one name/, /usage: capture/],
  ['capture calibrate', /error: VintageCapture (has no Arp: plug the Arp in|acts in the audio callback: start audio first)/, /^$/],
  ['capture play', /error: VintageCapture (has no Arp|acts in the audio callback)/, /^$/],
];

test('bad inputs: each a clear error (with the usage when it is about the arguments); nothing crashes', () => {
  const dir = tempDir();
  const lines = [`load 1 ${plugins.synthVst3} Lead`, `load_fx ${plugins.zamComp} 1`, `load 2 ${artefacts.vst3} Capture`, ...BAD.map(([l]) => l), 'slots', 'quit'];
  const r = runLinkvst(['--session', join(dir, 's.json'), '--no-restore'], lines);
  assert.is(r.code, 0, r.err);
  BAD.forEach(([line, message, usage], i) => {
    const reply = r.replies[4 + i] ?? '';
    assert.match(reply, message, `"${line}" → ${JSON.stringify(reply)}`);
    const usageLine = reply.split('\n').find((l) => l.startsWith('usage:')) ?? '';
    assert.match(usageLine, usage, `"${line}" usage → ${JSON.stringify(reply)}`);
  });
  assert.match(r.replies[4 + BAD.length] ?? '', /1: Lead/, 'still working afterwards');
});

test('help lists every seed command; help <cmd> shows its usage', () => {
  const r = runLinkvst(['--session', join(tempDir(), 's.json'), '--no-restore'], ['help', 'help gain', 'help nosuch', 'quit']);
  for (const c of ['load', 'load_fx', 'remove_fx', 'slots', 'params', 'set', 'gain', 'mute', 'solo', 'master', 'route', 'unroute', 'routing', 'note', 'save', 'restore', 'status', 'deps', 'quit']) {
    assert.match(r.replies[1] ?? '', new RegExp(`^ {2}${c}\\b`, 'm'), `help lists ${c}`);
  }
  assert.match(r.replies[2] ?? '', /gain <slot> <0\.0-1\.0>/);
  assert.match(r.replies[3] ?? '', /error: no command "nosuch"/);
});

test('command-line flags: a bad one is an error naming it, with the usage; --help', () => {
  let r = runLinkvst(['--buf', 'lots'], []);
  assert.is(r.code, 2);
  assert.match(r.err, /--buf must be a whole number 16-8192, got "lots"/);
  assert.match(r.err, /usage: linkvst/);
  r = runLinkvst(['--frob'], []);
  assert.is(r.code, 2);
  assert.match(r.err, /unknown option "--frob"/);
  r = runLinkvst(['--help'], []);
  assert.is(r.code, 0);
  assert.match(r.out, /--no-restore/);
});

test('deps: every piece with its state; --strict fails only when something required is missing', () => {
  const r = runLinkvst(['deps', '--strict'], []);
  assert.is(r.code, 0, r.out);
  for (const name of ['native engine', 'JUCE', 'Ableton Link', 'RtMidi', 'JACK server', 'ALSA sequencer', 'VintageCapture plugin']) assert.match(r.out, new RegExp(name));
  assert.match(r.out, /everything required is there/);
});

test('--output file:take.wav: no sound card needed, the master is written to a WAV in real time', async () => {
  const dir = tempDir();
  const wav = join(dir, 'take.wav');
  const r = runLinkvst(['--session', join(dir, 's.json'), '--no-restore', '--output', `file:${wav}`, '--sr', '48000', '--buf', '256'], [
    `load 1 ${plugins.synthVst3} Lead`,
    'note 1 69 127 300',
    'status',
    'quit',
  ]);
  assert.is(r.code, 0, r.err);
  assert.match(r.replies[0] ?? '', new RegExp(`the master output is written to ${wav}`));
  assert.match(r.replies[0] ?? '', /\[Audio\] Started {2}sr=48000 {2}buf=256 {2}ch=2 {2}→ /);
  const { decodeWav } = await import('@vcpi/capture-plugin');
  const decoded = decodeWav(readFileSync(wav));
  assert.is(decoded.sampleRate, 48_000);
  assert.is(decoded.channels.length, 2);
  const peak = (decoded.channels[0] as Float32Array).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(peak > 0.05, `the note is in the file (peak ${peak})`);
});

test('history is kept next to the session', () => {
  const dir = tempDir();
  runLinkvst(['--session', join(dir, 's.json'), '--no-restore'], ['routing', 'quit']);
  assert.ok(existsSync(join(dir, 'history')));
  assert.match(readFileSync(join(dir, 'history'), 'utf8'), /routing\nquit\n/);
});

test.run();
