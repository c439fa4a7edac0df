// The host saves and restores VintageCapture's state (the core's JSON: calibration, Arp port, takes) through the
// engine's getState/setState, in both formats; a restored calibration shows in the result parameters; a state the
// core refuses is reported (Error: BAD_PROFILE) and changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualStudio } from '@vcpi/arp-firmware-sim';
import * as core from '@vcpi/capture-plugin';
import { byName, eventually, formats, newEngine } from './helpers.js';
import { pluginStateJson, withPluginStateJson } from '../../src/capture/juce-state.js';

// No MIDI system to look for the Arp on here: keep RtMidi out of these tests (set per suite: every test file is
// imported before the first suite runs).
test.before(() => {
  process.env.VCPI_ARP_PORT = 'off';
});

/** A real calibration, from the wizard on the virtual studio, as the core saves it (without the pings). */
async function calibration(): Promise<Omit<core.CalibrationResult, 'pings'>> {
  const rig = new VirtualStudio({ seed: 3, usbJitterUs: 500, arpModel: { driftPpm: 27 }, synth: { latencyMs: 8.25, noiseFloorDb: -72 } });
  const io: core.CoreIo = { clock: rig.clock, timers: rig.timers, sendToArp: (b) => rig.sendToArp(b), storage: { read: () => undefined, write: () => undefined } };
  const link = new core.ArpLink(io);
  const audio = new core.AudioInput(rig.o.sampleRate, io.timers);
  rig.onArpBytes = (bytes, t) => link.receive(bytes, t);
  rig.onAudio = (block, start, t) => audio.write(block, start, t);
  await rig.runUntil(50_000);
  const { pings: _pings, ...saved } = await rig.until(core.runCalibration({ io, link, audio }), 60e6);
  return saved;
}

const cal = await calibration();
const saved = { version: 1, arpPort: 'arp-sim', calibration: cal, takes: ['/home/pi/Music/VintageCapture/take-3.wav'] };

/** The state as saved and restored: without `status`, which only shows what the plugin is doing as it is read. */
function kept(engineState: string): unknown {
  const { status: _shown, ...rest } = pluginStateJson(engineState) as Record<string, unknown>;
  return rest;
}

for (const [format, plugin] of formats) {
  test(`${format}: a restored calibration is kept whole, shows in the results, and survives another round trip`, async () => {
    const first = newEngine();
    const second = newEngine();
    try {
      await first.load(plugin, { slot: 1, as: 'instrument' });
      const initial = await first.getState({ slot: 1 });
      assert.equal(kept(initial), { version: 1, arpPort: '', takes: [] });
      assert.equal((pluginStateJson(initial) as { status: unknown }).status, { mode: 'idle', message: 'not calibrated', progress: 0 });

      await first.setState({ slot: 1 }, withPluginStateJson(initial, saved));
      const params = await eventually(first, () => first.parameters({ slot: 1 }), (p) => byName(p, 'Latency').value > 0, 'Latency after setState');
      assert.ok(Math.abs(byName(params, 'Latency').value - cal.latencyMs) < 0.001, `${byName(params, 'Latency').value} vs ${cal.latencyMs}`);
      assert.ok(Math.abs(byName(params, 'Drift').value - cal.driftPpm) < 0.01, `${byName(params, 'Drift').value} vs ${cal.driftPpm}`);
      assert.is(byName(params, 'Error').text, 'none');
      const restored = await first.getState({ slot: 1 });
      assert.equal(kept(restored), saved);

      await second.load(plugin, { slot: 4, as: 'instrument' });
      await second.setState({ slot: 4 }, restored);
      assert.equal(kept(await second.getState({ slot: 4 })), saved);
    } finally {
      await first.close();
      await second.close();
    }
  });

  test(`${format}: a state of another version is refused with BAD_PROFILE and changes nothing`, async () => {
    const engine = newEngine();
    try {
      await engine.load(plugin, { slot: 1, as: 'instrument' });
      const initial = await engine.getState({ slot: 1 });
      await engine.setState({ slot: 1 }, withPluginStateJson(initial, saved));
      await engine.setState({ slot: 1 }, withPluginStateJson(initial, { ...saved, version: 2, arpPort: 'other' }));
      await eventually(engine, () => engine.parameters({ slot: 1 }), (p) => byName(p, 'Error').text === 'BAD_PROFILE', 'Error after a bad state');
      assert.equal(kept(await engine.getState({ slot: 1 })), saved);
    } finally {
      await engine.close();
    }
  });
}

test.run();
