// linkvst live under a real JACK server (jackd -d dummy): the seed's quick start through the daemon socket with the
// sound recorded on JACK; a scripted Beatstep Pro and MIDI Mix on JACK MIDI ports (found by name, LEDs back, clock
// out); unplug and replug.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { CommandClient } from '@vcpi/host';
import { newEngine, noteOn, plugins, rms } from '../native/helpers.js';
import { JackCapture, sleep, waitFor } from '../native/jack-capture.js';
import { JackServer } from '../native/jack-server.js';
import { runLinkvst, startLinkvst, tempDir, waitForOutput } from './helpers.js';

let jack: JackServer;
test.before(async () => {
  try {
    jack = await JackServer.start({ sampleRate: 48_000, period: 256 });
  } catch (err) {
    // uvu reports a failing hook only as tests not passed: say why.
    console.error('live-jack: the JACK server did not start:', err);
    throw err;
  }
});
test.after(async () => {
  await jack?.stop();
});

async function daemon(extra: string[] = []) {
  const dir = tempDir();
  const socket = join(dir, 'linkvst.sock');
  const child = startLinkvst(['--daemon', '--socket', socket, '--session', join(dir, 'session.json'), '--no-restore', '--buf', '256', ...extra], jack.env());
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  await waitForOutput(child.stdout, (t) => t.includes('listening on'), 30_000);
  const client = await CommandClient.open(socket);
  return {
    child,
    client,
    log: () => log,
    run: async (line: string) => {
      const r = await client.run(line);
      if (r.error) throw new Error(`${line}: ${r.error.message}`);
      return r;
    },
    stop: async () => {
      client.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

test('quick start on JACK: audio at the server rate, a synth note sounds on linkvst\'s JACK outputs', async () => {
  const d = await daemon();
  try {
    assert.match(d.log(), /\[Audio\] JACK server running at 48000 Hz/);
    assert.match(d.log(), /\[Audio\] Started {2}sr=48000 {2}buf=256 {2}ch=2 {2}jack: system/);
    assert.match((await d.run('devices')).lines.join('\n'), /jack +system/);
    await d.run(`load 1 ${plugins.synthVst3} Lead`);
    await d.run('route 1 1');
    // No Arp on any port: the simulated one stands in, on JACK MIDI, its synth wired into linkvst's inputs.
    assert.match(d.log(), /\[Arp\] no Arp answered on any MIDI port: the simulated Arp stands in \(arp-sim\)/);
    assert.match((await d.run('status')).lines.join('\n'), /\[Arp\] simulated \(arp-sim: MIDI 'arp-sim in'/);
    assert.ok(jack.ports('arp-sim').length === 2, `arp-sim's MIDI ports: ${jack.ports().join(', ')}`);
    // linkvst's own outputs (it started first: the simulated Arp's engine is vcpi-engine-01).
    const outs = jack.ports().filter((p) => /^vcpi-engine:out_\d+$/.test(p));
    assert.is(outs.length, 2, jack.ports().join(', '));
    const capture = await JackCapture.start(jack, { audio: outs, seconds: 2 });
    await sleep(300);
    await d.run('note 1 69 127 400');
    await sleep(700);
    const rec = await capture.stop();
    const left = Float32Array.from({ length: rec.frames }, (_, i) => rec.audio[i * rec.channels] ?? 0);
    assert.ok(rms(left) > 0.01, `linkvst sounds on JACK (rms ${rms(left)})`);
    const status = await d.run('status');
    assert.match(status.lines.join('\n'), /\[Audio\] running {2}jack: system {2}sr=48000/);
    assert.match(status.lines.join('\n'), /xruns \d+/);
  } finally {
    await d.stop();
  }
  assert.is(jack.ports('arp-sim').length, 0, `the simulated Arp stops with linkvst: ${jack.ports().join(', ')}`);
});

test('the seed\'s quick start typed at the prompt, under JACK (Link in a network namespace of its own)', () => {
  const dir = tempDir();
  const r = runLinkvst(['--session', join(dir, 's.json'), '--no-restore', '--buf', '256'], [
    'deps',
    'midi_ports',
    'devices',
    `load 1 ${plugins.synthVst3} Lead`,
    `load 2 ${plugins.kars} Bass`,
    'route 1 1',
    'route 2 2',
    `load_fx ${plugins.zamDelay} 1`,
    `load_fx ${plugins.zamComp} master`,
    'audio_start',
    'link 120',
    'note 1 60 100 200',
    'tempo 135',
    'status',
    'audio_stop',
    'quit',
  ], jack.env(), 120_000, true);
  assert.is(r.code, 0, r.err);
  const [, deps, ports, devices, , , , , , , start, link, , tempo, status, stop] = r.replies;
  assert.match(deps ?? '', /\[ok\] +JACK server +running/);
  assert.match(ports ?? '', /jack|ALSA sequencer is unavailable/);
  assert.match(devices ?? '', /jack +system +in 2 +out 2 +48000 Hz/);
  assert.match(start ?? '', /^\[Audio\] Started {2}sr=48000 {2}buf=256 {2}ch=2/);
  assert.match(link ?? '', /^\[Link\] enabled {2}tempo 120\.0 {2}peers 0/);
  assert.is(tempo, '  tempo = 135.0\n');
  assert.match(status ?? '', /\[Link\] enabled {2}tempo 135\.0/);
  assert.match(status ?? '', /1: Lead \[VcpiTestSynth\].*ch 1 {2}fx: 1:ZamDelay/);
  assert.is(stop, '[Audio] Stopped\n');
});

test('a scripted MIDI Mix and Beatstep Pro on JACK ports: found by name, mixer and LEDs, notes routed, clock out, unplug/replug', async () => {
  const d = await daemon();
  const devices = newEngine({ sampleRate: 48_000, blockSize: 256 });
  try {
    await d.run(`load 1 ${plugins.synthVst3} Lead`);
    await d.run('route 1 1');
    // The devices appear after linkvst started: it finds them by name within a second or two.
    const leds: number[][] = [];
    const mixOut = await devices.midi.createVirtualOutput('MIDI Mix');
    const mixIn = await devices.midi.createVirtualInput('MIDI Mix', { mode: 'control', onMessage: (m) => leds.push([...m.bytes]) });
    const bspOut = await devices.midi.createVirtualOutput('Arturia BeatStep Pro');
    await devices.midi.createVirtualInput('Arturia BeatStep Pro', { mode: 'control' });
    await waitFor('linkvst to open both devices', async () => {
      const s = (await d.client.run('status')).lines.join('\n');
      return /MIDI Mix: connected/.test(s) && /Beatstep Pro: connected/.test(s);
    }, 10_000);
    await waitFor('the LEDs lit on connect', () => leds.length >= 16, 5000);
    assert.ok(leds.some((b) => b[0] === 0x90 && b[1] === 1 && b[2] === 0), 'mute LED of strip 1 off');
    // Mixer from the device.
    devices.midi.send(mixOut, [0xb0, 19, 127]);
    devices.midi.send(mixOut, [0xb0, 19, 64]);
    devices.midi.send(mixOut, [0x90, 1, 127]);
    devices.midi.send(mixOut, [0x80, 1, 0]);
    await waitFor('the fader and the mute', async () => {
      const slots = (await d.client.run('slots')).data as { gain: number; mute: boolean }[];
      return slots[0]?.gain === 64 / 127 && slots[0]?.mute === true;
    }, 5000);
    await waitFor('the mute LED on', () => leds.some((b) => b[0] === 0x90 && b[1] === 1 && b[2] === 127), 3000);
    // A change from the CLI lights the LED too.
    leds.length = 0;
    await d.run('solo 2');
    await waitFor('the rec-arm LED of strip 2', () => leds.some((b) => b[1] === 6 && b[2] === 127), 3000);
    // The Beatstep Pro plays on several channels into several slots (native routing, sample-accurate): slot 2 alone
    // sounds on JACK when only channel 2 plays; an unrouted channel is counted, not played.
    await d.run(`load 2 ${plugins.kars} Bass`);
    await d.run('route 2 2');
    await d.run('mute 1');
    const outs2 = jack.ports().filter((p) => /:out_\d+$/.test(p) && !p.startsWith('system'));
    const sounding = await JackCapture.start(jack, { audio: outs2, seconds: 2 });
    await sleep(200);
    devices.midi.send(bspOut, noteOn(45, 120, 2));
    devices.midi.send(bspOut, noteOn(60, 100, 1));
    devices.midi.send(bspOut, noteOn(38, 100, 10));
    await sleep(700);
    const heard = await sounding.stop();
    const heardLeft = Float32Array.from({ length: heard.frames }, (_, i) => heard.audio[i * heard.channels] ?? 0);
    assert.ok(rms(heardLeft) > 0.005, `the Bass (channel 2 → slot 2) sounds: rms ${rms(heardLeft)}`);
    const s = (await d.run('status')).data as { live: { midi: { name: string; toEngine: number }[] }; engine: { midiUnrouted: number } };
    assert.ok(s.live.midi.some((p) => /BeatStep Pro/.test(p.name) && p.toEngine >= 3), JSON.stringify(s.live.midi));
    assert.is(s.engine.midiUnrouted, 1, 'channel 10 is not routed: counted, not played');
    // Clock to the Beatstep Pro (on by default), phase-locked to Link; `clock off` stops it. Recorded on linkvst's
    // output to the Beatstep by a JACK client apart from both.
    const outs = jack.ports('vcpi').filter((p) => /midi_out$/.test(p));
    assert.is(outs.length, 2, `linkvst's MIDI outputs: ${jack.ports().join(', ')}`);
    const ticksOf = async (port: string, seconds: number): Promise<number[]> => {
      const capture = await JackCapture.start(jack, { midi: port, seconds: seconds + 1 });
      await sleep(seconds * 1000);
      return (await capture.stop()).midi.filter((m) => m.bytes[0] === 0xf8).map((m) => m.ns);
    };
    const perPort: number[][] = [];
    for (const p of outs) perPort.push(await ticksOf(p, 1.2));
    const ticks = perPort.find((t) => t.length > 0) ?? [];
    assert.ok(ticks.length >= 30, `ticks received: ${perPort.map((t) => t.length).join(', ')}`);
    // The mean spacing over a second tells the tempo (tick timing in detail: bench/engine-clock.bench.ts).
    const spacing = (t: number[]): number => (t[t.length - 1]! - t[0]!) / (t.length - 1) / 1e6;
    assert.ok(Math.abs(spacing(ticks) - 60_000 / 120 / 24) < 1, `tick spacing ${spacing(ticks)} ms at 120 BPM`);
    // Each tick sits on its Link beat (k/24): linkvst's timeline from its status, the ticks' times on the same engine
    // clock. The engine writes each tick at its frame (sent a period early), so within the 1 ms goal of issue #5.
    const timeline = ((await d.run('status')).data as { live: { link: { app: { beat: number; timeNs: number; tempo: number } } } }).live.link.app;
    const lateness = ticks.map((t) => {
      const k = (timeline.beat + ((t - timeline.timeNs) / 1e9) * (timeline.tempo / 60)) * 24;
      const frac = k - Math.floor(k);
      return (frac > 0.9 ? frac - 1 : frac) * (60_000 / timeline.tempo / 24);
    });
    assert.ok(lateness.every((l) => l > -1 && l < 1), `ticks vs the Link timeline (ms late): ${lateness.map((l) => l.toFixed(2)).join(' ')}`);
    // The clock follows the tempo (the Link timeline's, Link off: the internal one).
    await d.run('tempo 150');
    await sleep(100);
    const port = outs[perPort.findIndex((t) => t.length > 0)] as string;
    const faster = await ticksOf(port, 1.2);
    assert.ok(Math.abs(spacing(faster) - 60_000 / 150 / 24) < 1, `tick spacing ${spacing(faster)} ms at 150 BPM`);
    await d.run('tempo 120');
    // transport start: Start (FA) goes out before the tick of the next bar; stop: Stop (FC).
    const bsp = outs[perPort.findIndex((t) => t.length > 0)] as string;
    const transport = await JackCapture.start(jack, { midi: bsp, seconds: 8 });
    await sleep(200);
    assert.is((await d.run('transport start')).lines[0], '  transport: Start on the next bar');
    await waitFor('the transport playing (Start is on the next bar, ≤ 2 s at 120 BPM)', async () => /playing/.test((await d.client.run('transport')).lines[0] ?? ''), 4000);
    await d.run('transport stop');
    await sleep(300);
    const bytes = (await transport.stop()).midi.map((m) => m.bytes[0]);
    const fa = bytes.indexOf(0xfa);
    assert.ok(fa >= 0, 'Start sent');
    assert.is(bytes[fa + 1], 0xf8, 'a tick right after Start');
    assert.ok(bytes.indexOf(0xfc) > fa, 'Stop after it');
    await d.run('clock off');
    await sleep(200);
    const silent: number[][] = [];
    for (const p of outs) silent.push(await ticksOf(p, 0.6));
    assert.ok(silent.every((t) => t.length === 0), `ticks after clock off: ${silent.map((t) => t.length).join(', ')}`);

    // Unplug the MIDI Mix: shown missing; plug it back: reopened and the LEDs refreshed.
    await devices.midi.close(mixOut);
    await devices.midi.close(mixIn);
    await waitFor('the MIDI Mix shown missing', async () => /MIDI Mix: MISSING/.test((await d.client.run('status')).lines.join('\n')), 5000);
    leds.length = 0;
    await devices.midi.createVirtualOutput('MIDI Mix');
    await devices.midi.createVirtualInput('MIDI Mix', { mode: 'control', onMessage: (m) => leds.push([...m.bytes]) });
    await waitFor('the MIDI Mix back', async () => /MIDI Mix: connected/.test((await d.client.run('status')).lines.join('\n')), 8000).catch((err: Error) => {
      throw new Error(`${err.message}\nlinkvst said:\n${d.log()}`);
    });
    await waitFor('LEDs refreshed', () => leds.length >= 16, 5000);
    assert.ok(leds.some((b) => b[1] === 6 && b[2] === 127), 'strip 2 still soloed');
  } finally {
    await devices.close();
    await d.stop();
  }
});

test.run();
