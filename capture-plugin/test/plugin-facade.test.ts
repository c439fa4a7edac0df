// The plugin's view of the core, driven as the shell drives it: timers by id, audio blocks and Arp bytes pushed in,
// calibrate / record / play as buttons, status and state out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualStudio } from '@vcpi/arp-firmware-sim';
import { VintageCapture, decodeWav, type PluginHost, type PluginStatus } from '@vcpi/capture-plugin';

function plugin(seed = 1) {
  const rig = new VirtualStudio({ seed, usbJitterUs: 800, synth: { latencyMs: 9, releaseMs: 30 } });
  const files = new Map<string, Uint8Array>();
  const timers = new Map<number, number>();
  /** LoadBuffer messages sent to the Arp (F0 7D 01 …) */
  const loads = { count: 0 };
  let vc: VintageCapture;
  const host: PluginHost = {
    nowUs: () => rig.now,
    sendToArp: (b) => {
      if (b[0] === 0xf0 && b[1] === 0x7d && b[2] === 0x01) loads.count++;
      rig.sendToArp(b);
    },
    setTimer: (id, at) => timers.set(id, rig.timers.setAt(at, () => vc.timer(id))),
    clearTimer: (id) => rig.timers.clear(timers.get(id) ?? -1),
    writeFile: (name, bytes) => {
      files.set(name, bytes);
      return `takes/${name}`;
    },
    log: () => undefined,
  };
  vc = new VintageCapture(host, 48_000);
  rig.onArpBytes = (b, t) => vc.arpBytes(b, t);
  rig.onAudio = (block, start, t) => vc.audioBlock(block, start, t);
  const seen: PluginStatus[] = [];
  vc.onStatus = (s) => seen.push(s);
  return { rig, vc, files, seen, loads };
}

test('calibrate, record a performance, play and capture — through the plugin API', async () => {
  const { rig, vc, files, seen, loads } = plugin();
  await rig.runUntil(50_000);
  vc.transport(120, 4, 0);
  await rig.until(vc.calibrate(), 60e6, 'calibration');
  let s = vc.getStatus();
  assert.is(s.error, undefined, JSON.stringify(s.error));
  assert.ok(s.calibrated && Number.isFinite(s.latencyMs), JSON.stringify(s));
  assert.ok(seen.some((x) => x.mode === 'calibrating' && /ping \d+\/24/.test(x.message)));
  vc.record(true);
  assert.is(vc.getStatus().mode, 'recording');
  // The performance arrives as MIDI with sample positions, from the next bar on (2 s at 120 BPM).
  await rig.runUntil(rig.now + 100_000);
  const bar = Math.ceil((rig.now * 0.048) / 96_000) * 96_000;
  for (let i = 0; i < 8; i++) {
    vc.midi(Uint8Array.of(0x90, 60 + i, 100), bar + i * 12_000);
    vc.midi(Uint8Array.of(0x80, 60 + i, 0), bar + i * 12_000 + 4800);
  }
  await rig.runUntil((bar + 120_000) / 0.048);
  vc.record(false);
  s = vc.getStatus();
  assert.is(s.mode, 'idle');
  assert.match(s.message, /recorded 8 notes/);
  // Send first (verified), then play starts without sending again. (The calibration's probe loaded a buffer too.)
  const loadsBefore = loads.count;
  await rig.until(vc.send(), 10e6, 'send');
  s = vc.getStatus();
  assert.is(s.error, undefined, JSON.stringify(s.error));
  assert.match(s.message, /sent: the Arp holds all 16 events/);
  assert.ok(seen.some((x) => x.mode === 'sending'));
  assert.is(loads.count, loadsBefore + 1);
  await rig.until(vc.play(), 120e6, 'the take');
  assert.is(loads.count, loadsBefore + 1, 'the take played from what send() loaded');
  s = vc.getStatus();
  assert.is(s.error, undefined, JSON.stringify(s.error));
  assert.is(s.takes.length, 1);
  assert.ok(s.takeErrorMs < 0.2, `take error ${s.takeErrorMs} ms`);
  const take = vc.takeAudio();
  assert.ok(take && take.audio.length > 48_000);
  const wav = decodeWav(files.get((s.takes[0] as string).replace('takes/', '')) as Uint8Array);
  assert.is(wav.channels[0]?.length, take?.audio.length);
  // The WAV says what was played: every event of the take, µs from time 0.
  const played = (wav.metadata as { performance: number[][] }).performance;
  assert.is(played.filter((e) => (e[2] as number) > 0).length, (wav.metadata as { notes: number }).notes);
  // The state carries what the plugin is doing, for hosts without an editor.
  const shown = JSON.parse(vc.getState()) as { status: { mode: string; message: string; progress: number } };
  assert.is(shown.status.mode, 'idle');
  assert.match(shown.status.message, /captured/);
  // State round trip: a new instance (the host reloading the project) knows the calibration and the takes.
  const again = plugin(2).vc;
  again.setState(vc.getState());
  assert.ok(again.getStatus().calibrated);
  assert.equal(again.getStatus().takes, s.takes);
});

test('clear errors: play before calibrating, a bad state, a busy plugin', async () => {
  const { rig, vc } = plugin();
  await vc.play();
  assert.is(vc.getStatus().error?.code, 'NO_CALIBRATION');
  assert.is((JSON.parse(vc.getState()) as { status: { error: { code: string } } }).status.error.code, 'NO_CALIBRATION');
  assert.match(vc.getStatus().error?.hint ?? '', /calibration first/);
  vc.setState('{"version": 7}');
  assert.is(vc.getStatus().error?.code, 'BAD_PROFILE');
  vc.setState('not json');
  assert.match(vc.getStatus().error?.message ?? '', /does not parse/);
  await rig.runUntil(50_000);
  const running = vc.calibrate();
  await vc.calibrate();
  assert.is(vc.getStatus().error?.code, 'BUSY');
  vc.abort();
  await rig.until(running, 10e6);
  assert.is(vc.getStatus().error?.code, 'ABORTED');
  assert.is(vc.getStatus().mode, 'idle');
});

test.run();
