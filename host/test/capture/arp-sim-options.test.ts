// arp-sim's command line: defaults, every bad flag named with its value, and the latency floor the simulator can
// place exactly (one JACK period, at least the engine's block, plus the event loop's margin).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSynth, parseArpSimArgs } from '../../src/arp-sim/arp-sim-options.js';
import { DEFAULT_LATENCY_MS, SimulatedArp, type SimulatedArpOptions } from '../../src/arp-sim/simulated-arp.js';
import { HostError } from '../../src/core/host-error.js';
import { JackServer } from '../native/jack-server.js';

function failure(argv: string[]): HostError {
  try {
    parseArpSimArgs(argv);
  } catch (err) {
    if (err instanceof HostError) return err;
    throw err;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

test('defaults: latency left to the JACK period (10 ms or more), the built test synth, ports "arp-sim in/out", JACK, no drift', () => {
  const parsed = parseArpSimArgs([]);
  assert.ok(!parsed.help);
  if (parsed.help) return;
  const o = parsed.options;
  assert.is(o.latencyMs, undefined);
  assert.match(o.synth, /build\/test-plugins\/vst3\/VcpiTestSynth\.vst3$/);
  assert.is(o.name, 'arp-sim');
  assert.is(o.audio, 'jack');
  assert.is(o.driftPpm, 0);
  assert.is(o.sampleRate, undefined);
  assert.equal(o.connect, []);
});

test('flags parse: connect list, drift, log, null audio', () => {
  const parsed = parseArpSimArgs(['--latency-ms', '7.5', '--connect', 'a:in_1, a:in_2', '--drift-ppm', '-40', '--log', 'x.jsonl', '--audio', 'null', '--sr', '44100']);
  if (parsed.help) throw new Error('help');
  assert.is(parsed.options.latencyMs, 7.5);
  assert.equal(parsed.options.connect, ['a:in_1', 'a:in_2']);
  assert.is(parsed.options.driftPpm, -40);
  assert.match(parsed.options.logPath ?? '', /x\.jsonl$/);
  assert.is(parsed.options.audio, 'null');
  assert.is(parsed.options.sampleRate, 44100);
});

test('bad flags name themselves and the value', () => {
  const table: [string[], RegExp][] = [
    [['--latency-ms', 'soon'], /--latency-ms must be a number, got "soon"/],
    [['--latency-ms', '2000'], /--latency-ms must be 0-1000, got 2000/],
    [['--drift-ppm', '900'], /--drift-ppm must be -500-500, got 900/],
    [['--audio', 'alsa'], /--audio must be jack or null, got "alsa"/],
    [['--connect', 'a,b,c'], /--connect takes one or two JACK inputs, got 3/],
    [['--synth'], /--synth needs a value/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
  ];
  for (const [argv, message] of table) {
    const e = failure(argv);
    assert.match(e.message, message, argv.join(' '));
    assert.match(e.usage ?? '', /usage: arp-sim/);
  }
});

test('a latency below one block plus the margin is refused before anything starts', async () => {
  const min = SimulatedArp.minimumLatencyMs(48000);
  assert.ok(min > 5.3 && min < 10, `minimum ${min}`);
  const err = await SimulatedArp.start({ synth: '/nowhere', latencyMs: 2, sampleRate: 48000, name: 'x', seed: 1, driftPpm: 0, connect: [], logPath: undefined, audio: 'null' }).catch((e: unknown) => e);
  assert.instance(err, HostError);
  assert.is((err as HostError).code, 'BAD_VALUE');
  assert.match((err as HostError).message, /--latency-ms must be 9\.3-1000 at 48000 Hz/);
});

// On a 1024-frame JACK period (21.3 ms) the engine takes in a period's MIDI when its callback starts, up to a
// period before a message's time: the default grows to that period plus the margin; a shorter one given is refused.
test('on a long JACK period the default latency grows to it, and a shorter latency given is refused naming the period', async () => {
  const jack = await JackServer.start({ sampleRate: 48000, period: 1024 });
  const options: SimulatedArpOptions = { synth: defaultSynth(), latencyMs: undefined, sampleRate: 48000, name: 'arp-sim-period', seed: 1, driftPpm: 0, connect: [], logPath: undefined, audio: 'jack' };
  try {
    const { arp, info } = await SimulatedArp.start(options);
    await arp.stop();
    assert.is(info.latencyMs, 25.4, 'one 1024-frame period (21.33 ms) plus 4 ms, rounded up');
    const err = await SimulatedArp.start({ ...options, latencyMs: 20 }).catch((e: unknown) => e);
    assert.instance(err, HostError);
    assert.is((err as HostError).code, 'BAD_VALUE');
    assert.match((err as HostError).message, /--latency-ms 20 is too short for the JACK period of 1024 frames \(21\.3 ms\): it must be at least 25\.3/);
    // At the engine's own block (the null audio device: 256 frames; the MIDI ports stay on JACK) the default stays.
    const onNull = await SimulatedArp.start({ ...options, audio: 'null' });
    await onNull.arp.stop();
    assert.is(onNull.info.latencyMs, DEFAULT_LATENCY_MS);
  } finally {
    await jack.stop();
  }
});

test('the command prints its usage and exits 2 on a bad flag', () => {
  const entry = fileURLToPath(new URL('../../src/cli/arp-sim.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', entry, '--latency-ms', 'x'], { encoding: 'utf8', timeout: 30_000 });
  assert.is(r.status, 2);
  assert.match(r.stderr, /arp-sim: --latency-ms must be a number, got "x"/);
  assert.match(r.stderr, /usage: arp-sim/);
});

test.run();
