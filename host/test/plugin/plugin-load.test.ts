// VintageCapture in the vcpi engine: setup installs it where hosts look (~/.vst3, ~/.lv2), it loads as a slot's
// instrument (it then gets the slot's MIDI) and as an insert, and every format lists the same parameters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artefacts, byName, formats, newEngine, PARAMETER_NAMES, testSynthVst3 } from './helpers.js';

// No MIDI system to look for the Arp on here: keep RtMidi out of these tests (set per suite: every test file is
// imported before the first suite runs).
test.before(() => {
  process.env.VCPI_ARP_PORT = 'off';
});

const so = (bundle: string, file: string): Buffer => readFileSync(join(bundle, file));

test('setup installs the built plugin in the user plugin folders', () => {
  for (const path of [artefacts.vst3, artefacts.lv2Bundle, artefacts.standalone, artefacts.installedVst3, artefacts.installedLv2])
    assert.ok(existsSync(path), `${path} missing: run scripts/setup.sh`);
  const vst3 = 'Contents/x86_64-linux/VintageCapture.so';
  if (existsSync(join(artefacts.vst3, vst3))) assert.ok(so(artefacts.vst3, vst3).equals(so(artefacts.installedVst3, vst3)), 'installed VST3 differs from the build');
  assert.ok(so(artefacts.lv2Bundle, 'libVintageCapture.so').equals(so(artefacts.installedLv2, 'libVintageCapture.so')), 'installed LV2 differs from the build');
  for (const ttl of ['manifest.ttl', 'dsp.ttl']) assert.ok(existsSync(join(artefacts.installedLv2, ttl)), `${ttl} missing in ${artefacts.installedLv2}`);
});

for (const [format, plugin] of formats) {
  test(`${format}: loads as a slot's instrument and as an insert after an instrument`, async () => {
    const engine = newEngine();
    try {
      const asInstrument = await engine.load(plugin, { slot: 1, as: 'instrument' });
      assert.is(asInstrument.name, 'VintageCapture');
      assert.is(asInstrument.format, format);
      assert.is(asInstrument.isInstrument, false);
      assert.is(asInstrument.inputs, 2);
      assert.is(asInstrument.outputs, 2);
      assert.is(asInstrument.latency, 0);
      await engine.load(testSynthVst3, { slot: 2, as: 'instrument' });
      const asInsert = await engine.load(plugin, { slot: 2, as: 'insert' });
      assert.is(asInsert.name, 'VintageCapture');
      const summary = await engine.summary();
      assert.is(summary.slots[0]?.instrument?.name, 'VintageCapture');
      assert.is(summary.slots[1]?.inserts[0]?.name, 'VintageCapture');
      await engine.render(4800);
    } finally {
      await engine.close();
    }
  });

  test(`${format}: lists its parameters by name, in one order, with the core's initial status`, async () => {
    const engine = newEngine();
    try {
      await engine.load(plugin, { slot: 1, as: 'instrument' });
      const params = await engine.parameters({ slot: 1 });
      assert.equal(params.map((p) => p.name), PARAMETER_NAMES);
      assert.is(byName(params, 'Mode').text, 'idle');
      assert.is(byName(params, 'Mode').steps, 5); // idle, calibrating, recording, playing, sending
      assert.is(byName(params, 'Error').text, 'none');
      assert.is(byName(params, 'Monitor').value, 1);
      assert.equal([byName(params, 'Drift').min, byName(params, 'Drift').max], [-1000, 1000]);
      for (const name of ['Calibrate', 'Record', 'Play', 'Abort', 'Arp']) assert.is(byName(params, name).steps, 2, name);
      if (format === 'VST3') {
        assert.is(byName(params, 'Latency').unit, 'ms');
        assert.is(byName(params, 'Drift').unit, 'ppm');
      }
    } finally {
      await engine.close();
    }
  });
}

test.run();
