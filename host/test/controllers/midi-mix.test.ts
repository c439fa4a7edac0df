// The MIDI Mix as the mixer: a scripted device sending the factory CCs and notes; the host's state and the LED notes
// it gets back; soft takeover after the state changed elsewhere; SEND ALL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Host, MidiMixController, scaleToParameter } from '@vcpi/host';
import type { MidiMessage } from '@vcpi/protocol';
import { newEngine, plugins } from '../native/helpers.js';

const cc = (controller: number, value: number, channel = 1): MidiMessage => ({ type: 'ControlChange', channel, controller, value });
const on = (note: number, velocity = 127): MidiMessage => ({ type: 'NoteOn', channel: 1, note, velocity });
const off = (note: number): MidiMessage => ({ type: 'NoteOff', channel: 1, note, velocity: 0 });
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

async function setup() {
  const host = new Host(newEngine());
  await host.loadInstrument(1, plugins.synthVst3, 'Lead');
  await host.loadInstrument(2, plugins.kars, 'Bass');
  const sent: string[] = [];
  let now = 0;
  const mix = new MidiMixController(host, { send: (b) => sent.push(hex(b)) }, { nowMs: () => now });
  await mix.connect();
  return { host, mix, sent, advance: (ms: number) => (now += ms) };
}

test('on connect every mute and rec-arm LED is lit to the state', async () => {
  const host = new Host(newEngine());
  host.setMute(3, true);
  host.setSolo(5, true);
  const sent: string[] = [];
  await new MidiMixController(host, { send: (b) => sent.push(hex(b)) }).connect();
  assert.is(sent.length, 16);
  assert.ok(sent.includes('90 07 7f'), 'mute 3 on (note 7)');
  assert.ok(sent.includes('90 0f 7f'), 'rec arm 5 on (note 15)');
  assert.ok(sent.includes('90 01 00') && sent.includes('90 03 00'), 'the others off');
  await host.engine.close();
});

test('faders set slot and master gain; buttons toggle mute and solo; a release does nothing', async () => {
  const { host, mix, sent, advance } = await setup();
  await mix.receive(cc(19, 127)); // strip 1 fader
  await mix.receive(cc(19, 64));
  assert.is(host.slot(1).gain, 64 / 127);
  await mix.receive(cc(61, 127)); // strip 8, picked up at the host's value (full), then down
  await mix.receive(cc(61, 0));
  assert.is(host.slot(8).gain, 0);
  await mix.receive(cc(62, 127)); // master
  await mix.receive(cc(62, 100));
  assert.is(host.masterGain, 100 / 127);
  advance(1000);
  sent.length = 0;
  await mix.receive(on(4)); // MUTE strip 2
  assert.is(host.slot(2).mute, true);
  assert.equal(sent, ['90 04 7f', '90 06 00'], 'LEDs of strip 2 follow');
  await mix.receive(off(4));
  await mix.receive(on(4, 0));
  assert.is(host.slot(2).mute, true, 'releases do nothing');
  await mix.receive(on(3)); // REC ARM strip 1 → solo
  assert.is(host.slot(1).solo, true);
  await mix.receive(on(3));
  assert.is(host.slot(1).solo, false);
  await mix.receive(cc(19, 10, 2));
  assert.is(host.slot(1).gain, 64 / 127, 'other channels are ignored');
  await host.engine.close();
});

test('LEDs follow changes from any source: the CLI, a restore', async () => {
  const { host, sent } = await setup();
  sent.length = 0;
  host.setSolo(6, true);
  host.setMute(6, true);
  assert.equal(sent.slice(-2), ['90 10 7f', '90 12 7f']);
  sent.length = 0;
  await host.clear();
  assert.ok(sent.includes('90 10 00') && sent.includes('90 12 00'), sent.join(' | '));
  await host.engine.close();
});

test('knobs drive the instrument\'s first three real parameters, scaled to their ranges (stepped ones snapped)', async () => {
  const { host, mix } = await setup();
  // Pick the knobs up where the parameters are (soft takeover), then turn them.
  for (const [c, p] of [[16, 0], [17, 1], [18, 2], [20, 0]] as const) {
    const info = (await host.parameters({ slot: c === 20 ? 2 : 1 }))[p];
    if (info) await mix.receive(cc(c, Math.round(((info.value - info.min) / (info.max - info.min)) * 127)));
  }
  const params = (await host.parameters({ slot: 1 })).slice(0, 3).map((p) => p.name);
  assert.equal(params, ['Gain', 'Waveform', 'Decay']);
  await mix.receive(cc(16, 0)); // knob row 1 of strip 1 → Gain
  await mix.receive(cc(16, 127));
  await mix.receive(cc(17, 70)); // Waveform 0-2, 3 steps
  await mix.receive(cc(18, 127)); // Decay 10-5000 ms
  await mix.idle();
  await host.flushParameters();
  const now = await host.parameters({ slot: 1 });
  assert.is(now[0]?.value, 1);
  assert.is(now[1]?.value, 1);
  assert.ok(Math.abs((now[2]?.value ?? 0) - 5000) < 1, `Decay ${now[2]?.value}`);
  assert.is(scaleToParameter(64, { min: 10, max: 5000, steps: 0 }), 10 + (64 / 127) * 4990);
  assert.is(scaleToParameter(127, { min: 0, max: 2, steps: 3 }), 2);
  await mix.receive(cc(20, 127)); // strip 2 knob 1 → Kars' first parameter
  await mix.idle();
  await host.flushParameters();
  const kars = (await host.parameters({ slot: 2 }))[0];
  assert.is(kars?.value, kars?.max);
  await host.engine.close();
});

test('soft takeover: after a change elsewhere the fader only takes over once it reaches the value', async () => {
  const { host, mix } = await setup();
  await mix.receive(cc(23, 127)); // strip 2 fader picked up at full, then down to 20
  await mix.receive(cc(23, 20));
  assert.is(host.slot(2).gain, 20 / 127);
  host.setGain(2, 0.8); // the CLI (or a restore) moves the value to 101.6 on the fader's scale
  await mix.receive(cc(23, 30));
  await mix.receive(cc(23, 60));
  assert.is(host.slot(2).gain, 0.8, 'no jump while the fader is below');
  await mix.receive(cc(23, 103)); // crosses 101.6
  assert.is(host.slot(2).gain, 103 / 127);
  await mix.receive(cc(23, 90));
  assert.is(host.slot(2).gain, 90 / 127, 'then it follows');
  await host.engine.close();
});

test('soft takeover after a session restore: nothing jumps when the fader is elsewhere', async () => {
  const { host, mix } = await setup();
  await mix.receive(cc(27, 127)); // strip 3 fader picked up at full
  await mix.receive(cc(27, 10));
  assert.is(host.slot(3).gain, 10 / 127);
  // A restore brings gain 0.9 back (as the session file had it).
  const { SessionController } = await import('@vcpi/host');
  const dir = (await import('node:fs')).mkdtempSync('/tmp/mix-restore-');
  const path = `${dir}/s.json`;
  host.setGain(3, 0.9);
  await new SessionController(host, path).save();
  host.setGain(3, 0.1);
  await mix.receive(cc(27, 12)); // near 0.1: picked up again at 13
  await new SessionController(host, path).restore();
  await mix.connect();
  assert.is(host.slot(3).gain, 0.9);
  await mix.receive(cc(27, 20));
  assert.is(host.slot(3).gain, 0.9, 'the fader at 20 does not pull 0.9 down');
  await mix.receive(cc(27, 115));
  assert.is(host.slot(3).gain, 115 / 127, 'it takes over once it passes 0.9');
  await host.engine.close();
});

test('SEND ALL: the whole set of controls at once takes everything over, soft takeover or not', async () => {
  const { host, mix, advance } = await setup();
  host.setGain(1, 1);
  host.setGain(3, 0.5);
  host.setMasterGain(0.2);
  const all = [19, 23, 27, 31, 49, 53, 57, 61, 62, 16, 17, 18, 20, 21, 22, 24, 25, 26, 28, 29, 30, 46, 47, 48, 50, 51, 52, 54, 55, 56, 58, 59, 60];
  for (const c of all) {
    await mix.receive(cc(c, 10));
    advance(1);
  }
  await mix.idle();
  assert.is(host.slot(1).gain, 10 / 127, 'strip 1 taken over although it was far');
  assert.is(host.slot(3).gain, 10 / 127);
  assert.is(host.masterGain, 10 / 127);
  await host.flushParameters();
  const gain = (await host.parameters({ slot: 1 }))[0]?.value ?? Number.NaN;
  assert.ok(Math.abs(gain - scaleToParameter(10, { min: 0, max: 1, steps: 0 })) < 1e-5, `Gain ${gain}`);
  await host.engine.close();
});

test.run();
