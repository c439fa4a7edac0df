// MIDI ports through RtMidi on a JACK server: control inputs deliver bytes (SysEx included, longer than one
// internal chunk) to JS with native arrival times; instrument inputs keep channel messages in the engine and pass
// the rest to JS; ports are found by index or name; errors name what there is; presence follows the peer port.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine, type ControlMidiMessage } from '@vcpi/host';
import { newEngine, noteOn, rejectionCode, thrownCode } from './helpers.js';
import { waitFor } from './jack-capture.js';
import { JackServer } from './jack-server.js';

let jack: JackServer;
test.before(async () => {
  jack = await JackServer.start();
});
test.after(async () => {
  await jack.stop();
});

const sysex = (length: number): number[] => [0xf0, ...Array.from({ length }, (_, i) => i % 128), 0xf7];

test('a control input delivers every message to JS in order, with its native arrival time', async () => {
  const engine = newEngine();
  try {
    const received: ControlMidiMessage[] = [];
    const global: ControlMidiMessage[] = [];
    engine.midi.onControl((m) => global.push(m));
    const mix = await engine.midi.createVirtualInput('vcpi-test-mix', { mode: 'control', onMessage: (m) => received.push(m) });
    const surface = await engine.midi.openOutput('vcpi-test-mix');
    const before = Engine.nowNs();
    const messages = [[0xb0, 16, 64], [0x90, 1, 127], sysex(200), [0xf8], [0xc0, 5], sysex(1)];
    for (const bytes of messages) engine.midi.send(surface, bytes);
    await waitFor('five control messages', () => received.length >= 5);
    const after = Engine.nowNs();
    // Clock (F8) is filtered like active sensing: timing comes from Link, not from control surfaces.
    assert.equal(received.map((m) => [...m.bytes]), messages.filter((m) => m[0] !== 0xf8));
    assert.is(received.length, 5);
    for (const m of received) {
      assert.is(m.port, mix.id);
      assert.ok(m.timeNs >= before && m.timeNs <= after, 'stamped on arrival, on the engine clock');
    }
    assert.is(global.length, received.length);
    assert.is(engine.midi.controlStats().dropped, 0);
  } finally {
    await engine.close();
  }
});

test('an instrument input keeps channel messages native (routed to slots) and passes SysEx to JS', async () => {
  const engine = newEngine();
  try {
    const seen: number[][] = [];
    await engine.midi.createVirtualInput('vcpi-test-beatstep', { mode: 'instrument', onMessage: (m) => seen.push([...m.bytes]) });
    const player = await engine.midi.openOutput('beatstep');
    engine.midi.send(player, noteOn(60));
    engine.midi.send(player, [0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7]);
    await waitFor('the SysEx in JS', () => seen.length === 1);
    const [state] = await engine.midi.states();
    assert.is(state?.toEngine, 1);
    assert.is(state?.toControl, 1);
    assert.equal(seen[0], [0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7]);
  } finally {
    await engine.close();
  }
});

test('ports by index and name; errors list what there is; presence follows the peer', async () => {
  const engine = newEngine();
  try {
    const arp = await engine.midi.createVirtualOutput('vcpi-test-arp');
    const list = await engine.midi.ports();
    const listed = list.inputs.find((p) => p.name.endsWith(':vcpi-test-arp'));
    assert.ok(listed !== undefined, JSON.stringify(list));
    assert.is(listed?.api, 'jack');
    assert.ok(list.problems.some((p) => p.startsWith('alsa:')), 'no ALSA sequencer here, and it says so');
    const input = await engine.midi.openInput(listed?.index ?? -1, { mode: 'control' });
    assert.is(input.name, listed?.name);
    assert.is((await engine.midi.states()).find((s) => s.id === input.id)?.present, true);

    assert.is(await rejectionCode(engine.midi.openInput('no-such-port', { mode: 'control' })), 'ERR_MIDI_PORT_NOT_FOUND');
    await engine.midi.openInput('no-such-port', { mode: 'control' }).catch((error: Error) => {
      assert.match(error.message, /no input port matching 'no-such-port'; inputs: .*vcpi-test-arp' \(jack\)/);
    });
    assert.is(await rejectionCode(engine.midi.openOutput(999)), 'ERR_MIDI_PORT_NOT_FOUND');
    assert.is(thrownCode(() => engine.midi.send(arp, [0x90, 60])), 'ERR_BAD_MIDI');
    assert.is(thrownCode(() => engine.midi.send(arp, [0xf0, 1, 2])), 'ERR_BAD_MIDI');
    assert.is(thrownCode(() => engine.midi.send(4242, [0xf8])), 'ERR_MIDI_PORT_NOT_OPEN');

    await engine.midi.close(arp); // the peer goes away: the input is no longer present
    assert.is((await engine.midi.states()).find((s) => s.id === input.id)?.present, false);
    await engine.midi.close(input);
    assert.is(await rejectionCode(engine.midi.close(input)), 'ERR_MIDI_PORT_NOT_OPEN');
  } finally {
    await engine.close();
  }
});

test('at most seven instrument inputs at once (the scheduler inputs 1..7)', async () => {
  const engine = newEngine();
  try {
    for (let i = 0; i < 7; i++) await engine.midi.createVirtualInput(`vcpi-test-inst-${i}`, { mode: 'instrument' });
    assert.is(await rejectionCode(engine.midi.createVirtualInput('vcpi-test-inst-7', { mode: 'instrument' })), 'ERR_TOO_MANY_PORTS');
    await engine.midi.createVirtualInput('vcpi-test-control', { mode: 'control' });
  } finally {
    await engine.close();
  }
  assert.is(await rejectionCode(engine.midi.ports()), 'ERR_CLOSED');
});

test.run();
