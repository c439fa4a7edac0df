// Live audio on a real JACK server (jackd -d dummy, started by the test): a note sent into a JACK MIDI virtual
// port sounds on the engine's JACK output (recorded by a separate JACK client); device inputs reach an effects-only
// slot; what the device reports; errors that say what was tried; renders refused while a device runs.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '@vcpi/host';
import { newEngine, noteOn, plugins, rejectionCode, rms } from './helpers.js';
import { frameAtNs, JackCapture, sleep, waitFor } from './jack-capture.js';
import { JackServer } from './jack-server.js';

const SR = 48000;
let jack: JackServer;

test.before(async () => {
  jack = await JackServer.start({ sampleRate: SR, period: 256 });
});

test.after(async () => {
  await jack.stop();
});

function channel(audio: Float32Array, channels: number, c: number, from = 0, to = audio.length / channels): Float32Array {
  const out = new Float32Array(Math.max(0, to - from));
  for (let i = from; i < to; i++) out[i - from] = audio[i * channels + c] ?? 0;
  return out;
}

/** The largest RMS of any recorded channel. */
function loudest(recorded: { audio: Float32Array; channels: number }): number {
  return Math.max(...Array.from({ length: recorded.channels }, (_, c) => rms(channel(recorded.audio, recorded.channels, c))));
}

async function liveSynth(): Promise<Engine> {
  const engine = newEngine({ sampleRate: SR, blockSize: 256 });
  await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
  engine.route(1, 1);
  return engine;
}

/**
 * Starts JACK audio and returns the JACK ports that appeared meanwhile: the engine's, and possibly those of an
 * engine another test left running, whose device reopens on any server of its old name (the tests below use
 * every new port, so such a stranger does not matter).
 */
async function startJack(engine: Engine, inputs = 2): Promise<{ outs: string[]; ins: string[] }> {
  const before = new Set(jack.ports());
  await engine.audio.start({ type: 'jack', inputs });
  const added = jack.ports().filter((p) => !before.has(p) && p.startsWith('vcpi-engine'));
  return { outs: added.filter((p) => /:out_\d+$/.test(p)), ins: added.filter((p) => /:in_\d+$/.test(p)) };
}

test('a note sent into a JACK MIDI virtual port comes out of the engine as sound on its JACK output', async () => {
  const engine = await liveSynth();
  try {
    const { outs } = await startJack(engine);
    const opened = engine.audio.status();
    assert.is(opened.type, 'jack');
    assert.is(opened.device, 'system');
    assert.is(opened.sampleRate, SR);
    assert.is(opened.bufferSize, 256);
    assert.is(opened.outputs, 2);
    await waitFor('audio callbacks', () => engine.audio.status().running);
    const keys = await engine.midi.createVirtualInput('vcpi-test-keys', { mode: 'instrument' });
    assert.is(keys.mode, 'instrument');
    const player = await engine.midi.openOutput('vcpi-test-keys', { api: 'jack' });
    assert.ok(outs.length >= 2 && outs.length % 2 === 0, `engine outputs: ${jack.ports().join(', ')}`);
    const capture = await JackCapture.start(jack, { audio: outs, seconds: 3 });
    await sleep(400);
    const sentNs = Engine.nowNs();
    engine.midi.send(player, noteOn(69, 127));
    await sleep(600);
    const recorded = await capture.stop();
    const noteFrame = Math.round(frameAtNs(recorded, sentNs, SR));
    assert.ok(noteFrame > 4800 && noteFrame < recorded.frames - 4800, `note at frame ${noteFrame} of ${recorded.frames}`);
    const channels = Array.from({ length: recorded.channels }, (_, c) => channel(recorded.audio, recorded.channels, c));
    assert.is(Math.max(...channels.map((c) => rms(c, 0, noteFrame - 512))), 0, 'silent before the note');
    assert.ok(Math.max(...channels.map((c) => rms(c, noteFrame, noteFrame + 9600))) > 0.05, 'sounding after the note');
    const [state] = (await engine.midi.states()).filter((s) => s.id === keys.id);
    assert.is(state?.toEngine, 1);
    assert.is(state?.present, true);
    const status = engine.audio.status();
    assert.ok(status.callbacks > 100);
    assert.ok(status.callbackMaxUs > 0 && status.loadPercent >= 0);
    assert.is(status.serverGone, false);
  } finally {
    await engine.close();
  }
});

test('device inputs routed to a slot with effects only are processed (external audio through effects)', async () => {
  const engine = newEngine({ sampleRate: SR, blockSize: 256 });
  const metro = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'jack_metro', '-n', 'vcpi-test-metro', '-b', '600', '-f', '1000', '-A', '0.5', '-D', '50'],
    { env: jack.env(), stdio: 'ignore' });
  try {
    await engine.load(plugins.latencyVst3, { slot: 2, as: 'insert' });
    const { outs, ins } = await startJack(engine, 2);
    assert.is(engine.audio.status().inputs, 2);
    await waitFor('the metronome port', () => jack.ports('vcpi-test-metro').length > 0);
    const [click] = jack.ports('vcpi-test-metro');
    const firstInputs = ins.filter((p) => p.endsWith(':in_1'));
    assert.ok(click !== undefined && firstInputs.length > 0);
    for (const input of firstInputs) {
      const connect = spawn('jack_connect', ['-s', jack.name, click, input], { env: jack.env() });
      assert.is(await new Promise((resolve) => connect.once('exit', resolve)), 0, `jack_connect ${click} ${input}`);
    }

    // stop() ends a capture at once: let each one record its 0.6 s first.
    const silent = await JackCapture.start(jack, { audio: outs, seconds: 2 });
    await sleep(600);
    const unrouted = await silent.stop();
    assert.is(loudest(unrouted), 0, 'unrouted input is not heard');

    engine.audio.routeInput(2, [1]);
    assert.equal(engine.audio.inputRoutes()[1], [1, 1]);
    const routed = await JackCapture.start(jack, { audio: outs, seconds: 2 });
    await sleep(600);
    const heard = await routed.stop();
    const sides = [0, 1].map((side) => Math.max(...outs.map((_, c) => (c % 2 === side ? rms(channel(heard.audio, heard.channels, c)) : 0))));
    assert.ok((sides[0] ?? 0) > 0.01, 'the clicks pass through slot 2');
    assert.ok((sides[1] ?? 0) > 0.01, 'on both sides');
    engine.audio.routeInput(2, null);
    assert.is(engine.audio.inputRoutes()[1], null);
  } finally {
    metro.kill('SIGTERM');
    await engine.close();
  }
});

test('opening errors say what was tried; a running device refuses renders until it stops', async () => {
  const engine = await liveSynth();
  try {
    const missing = await rejectionCode(engine.audio.start({ type: 'jack', device: 'no-such-device' }));
    assert.is(missing, 'ERR_AUDIO_DEVICE');
    await engine.audio.start({ type: 'jack', device: 'no-such-device' }).catch((error: Error) => {
      assert.match(error.message, /no device matching 'no-such-device' \(devices: system/);
      assert.match(error.message, /type 'null'/);
    });
    await engine.audio.start({ type: 'alsa' }).catch((error: Error) => {
      assert.match(error.message, /ALSA: no sound card found/);
    });
    assert.is(await rejectionCode(engine.audio.start({ type: 'jack', bufferSize: 3 })), 'ERR_BAD_ARGUMENT');
    const devices = await engine.audio.devices();
    const system = devices.find((d) => d.type === 'jack' && d.name === 'system');
    assert.ok(system !== undefined);
    assert.equal(system?.sampleRates, [SR]);
    assert.ok(devices.some((d) => d.type === 'null'));

    await engine.audio.start({ device: system?.index ?? -1 });
    assert.is(engine.audio.status().type, 'jack');
    assert.is(await rejectionCode(engine.render(256)), 'ERR_BUSY');
    await engine.audio.stop();
    assert.is(engine.audio.status().started, false);
    assert.is((await engine.render(256)).length, 512);
  } finally {
    await engine.close();
  }
});

test('a device at another sample rate is refused with the rate to use', async () => {
  const engine = newEngine({ sampleRate: 44100, blockSize: 256 });
  try {
    await engine.audio.start({ type: 'jack' }).then(
      () => assert.unreachable('opened at the wrong rate'),
      (error: Error & { code?: string }) => {
        assert.is(error.code, 'ERR_AUDIO_SAMPLE_RATE');
        assert.match(error.message, /runs at 48000 Hz .* sampleRate 48000/);
      },
    );
  } finally {
    await engine.close();
  }
});

test.run();
