// Sound from each instrument (our VST3 test synth, its LV2 build, Debian's Kars and Nekobi LV2 synths), and a
// parameter changing the sound.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { left, newEngine, noteOff, noteOn, plugins, rms } from './helpers.js';

const instruments = [
  ['VcpiTestSynth VST3', plugins.synthVst3, 'VcpiTestSynth', 'VST3'],
  ['VcpiTestSynth LV2 (bundle path)', plugins.synthLv2Bundle, 'VcpiTestSynth', 'LV2'],
  ['Kars LV2', plugins.kars, 'Kars', 'LV2'],
  ['Nekobi LV2', plugins.nekobi, 'Nekobi', 'LV2'],
] as const;

for (const [label, path, name, format] of instruments) {
  test(`${label} sounds after a note and is silent before it`, async () => {
    const engine = newEngine();
    try {
      const loaded = await engine.load(path, { slot: 3, as: 'instrument' });
      assert.is(loaded.name, name);
      assert.is(loaded.format, format);
      engine.route(1, 3);
      const out = left(await engine.render(24000, [{ offset: 4800, data: noteOn(57, 110) }, { offset: 19200, data: noteOff(57) }]));
      assert.is(rms(out, 0, 4800), 0, 'silence before the note');
      assert.ok(rms(out, 4800, 19200) > 0.005, `sound during the note (rms ${rms(out, 4800, 19200)})`);
    } finally {
      await engine.close();
    }
  });
}

test('the test synth lists its real parameters only, in native units', async () => {
  const engine = newEngine();
  try {
    await engine.load(plugins.synthLv2Bundle, { slot: 1, as: 'instrument' });
    const params = await engine.parameters({ slot: 1 });
    assert.equal(params.map((p) => p.name), ['Gain', 'Waveform', 'Decay']);
    const decay = params[2];
    assert.ok(decay !== undefined);
    assert.is(decay.value, 500);
    assert.is(decay.min, 10);
    assert.is(decay.max, 5000);
    assert.is(params[1]?.steps, 3);
    assert.is(params[1]?.max, 2);
  } finally {
    await engine.close();
  }
});

test('a VST3 (DPF-built) hides its ~2000 emulated MIDI CC parameters', async () => {
  const engine = newEngine();
  try {
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    const params = await engine.parameters({ slot: 1 });
    assert.equal(params.map((p) => p.name), ['Gain', 'Waveform', 'Decay']);
    assert.is(params[2]?.unit, 'ms');
    assert.is(params[2]?.value, 500);
  } finally {
    await engine.close();
  }
});

test('setting Gain by name (native) and by index (normalised) changes the level proportionally', async () => {
  const engine = newEngine();
  try {
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    engine.route(1, 1);
    const note = [{ offset: 0, data: noteOn(69, 127) }];
    await engine.setParameter({ slot: 1 }, 'Decay', 1000);
    const set1 = await engine.setParameter({ slot: 1 }, 'Gain', 0.8);
    assert.is(set1.value, 0.8);
    const loud = rms(left(await engine.render(4800, note)));
    await engine.render(48000 * 20); // let the note decay to nothing (the synth frees the voice)
    const set2 = await engine.setParameter({ slot: 1 }, 0, 0.2, { normalised: true });
    assert.is(set2.name, 'Gain');
    assert.ok(Math.abs(set2.value - 0.2) < 1e-6);
    const quiet = rms(left(await engine.render(4800, note)));
    assert.ok(Math.abs(loud / quiet - 4) < 0.01, `ratio ${loud / quiet}`);
  } finally {
    await engine.close();
  }
});

test('a Kars parameter (LV2) changes the sound', async () => {
  const engine = newEngine();
  try {
    await engine.load(plugins.kars, { slot: 2, as: 'instrument' });
    engine.route(1, 2);
    const params = await engine.parameters({ slot: 2 });
    assert.ok(params.length >= 2, `Kars parameters: ${params.map((p) => p.name).join(', ')}`);
    const note = [{ offset: 0, data: noteOn(60, 100) }, { offset: 20000, data: noteOff(60) }];
    const before = left(await engine.render(24000, note));
    await engine.render(96000);
    const volume = params.find((p) => /volume|gain/i.test(p.name)) ?? params[params.length - 1];
    assert.ok(volume !== undefined);
    await engine.setParameter({ slot: 2 }, volume.name, volume.min + (volume.max - volume.min) * 0.1);
    const after = left(await engine.render(24000, note));
    assert.ok(Math.abs(rms(before) - rms(after)) > 0.1 * rms(before), `rms ${rms(before)} vs ${rms(after)}`);
  } finally {
    await engine.close();
  }
});

test.run();
