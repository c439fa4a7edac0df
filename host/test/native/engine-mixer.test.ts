// The mixer: the full mute/solo matrix over three slots, smoothed gain, master gain, clipping, mono plugins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine } from '@vcpi/host';
import { left, newEngine, noteOn, plugins, rms } from './helpers.js';

// Three copies of the test synth with Gain 0.1, 0.2 and 0.4: a full-velocity note's first sample is the sum of
// the audible slots' gains, so one number tells exactly which slots sounded.
const weights = [0.1, 0.2, 0.4] as const;

async function threeSlots(): Promise<Engine> {
  const engine = newEngine();
  for (let s = 1; s <= 3; s++) {
    await engine.load(plugins.synthVst3, { slot: s, as: 'instrument' });
    await engine.setParameter({ slot: s }, 'Gain', weights[s - 1] ?? 0);
    await engine.setParameter({ slot: s }, 'Decay', 10);
  }
  return engine;
}

/** First sample of a note played on all three slots, after the gain ramps settled; then lets the voices die. */
async function strike(engine: Engine): Promise<number> {
  await engine.render(2048);
  const events = [1, 2, 3].map((slot) => ({ offset: 0, data: noteOn(69, 127), slot }));
  const out = left(await engine.render(8192, events));
  return out[0] ?? NaN;
}

test('mute/solo matrix: soloed slots only when any is soloed; a muted slot stays silent even if soloed', async () => {
  const engine = await threeSlots();
  try {
    for (let mute = 0; mute < 8; mute++) {
      for (let solo = 0; solo < 8; solo++) {
        for (let s = 0; s < 3; s++) {
          engine.setMute(s + 1, (mute & (1 << s)) !== 0);
          engine.setSolo(s + 1, (solo & (1 << s)) !== 0);
        }
        let expected = 0;
        for (let s = 0; s < 3; s++) {
          const audible = (mute & (1 << s)) === 0 && (solo === 0 || (solo & (1 << s)) !== 0);
          if (audible) expected += weights[s] ?? 0;
        }
        const got = await strike(engine);
        assert.ok(Math.abs(got - expected) < 1e-5, `mute ${mute.toString(2)} solo ${solo.toString(2)}: ${got} != ${expected}`);
      }
    }
  } finally {
    await engine.close();
  }
});

test('slot gain and master gain scale the output; slot gain ramps instead of jumping', async () => {
  const engine = await threeSlots();
  try {
    engine.setGain(1, 0.5);
    engine.setMute(2, true);
    engine.setMute(3, true);
    assert.ok(Math.abs((await strike(engine)) - 0.05) < 1e-5);
    engine.setMasterGain(0.5);
    assert.ok(Math.abs((await strike(engine)) - 0.025) < 1e-5);
    engine.setMasterGain(1);
    await engine.setParameter({ slot: 1 }, 'Decay', 5000);
    await engine.render(2048);
    await engine.render(256, [{ offset: 0, data: noteOn(69, 127), slot: 1 }]);
    engine.setGain(1, 0);
    const fade = left(await engine.render(1024));
    // 10 ms ramp at 48 kHz: still sounding early on, fading through the ramp, silent after it.
    assert.ok(rms(fade, 0, 48) > 2 * rms(fade, 400, 470), `${rms(fade, 0, 48)} vs ${rms(fade, 400, 470)}`);
    assert.ok(rms(fade, 400, 470) > 0);
    assert.is(rms(fade, 490, 1024), 0);
    let largestStep = 0;
    for (let i = 1; i < fade.length; i++) largestStep = Math.max(largestStep, Math.abs((fade[i] ?? 0) - (fade[i - 1] ?? 0)));
    assert.ok(largestStep < 0.01, `largest step ${largestStep}`);
  } finally {
    await engine.close();
  }
});

test('the output is clipped to [-1, 1]', async () => {
  const engine = newEngine();
  try {
    for (let s = 1; s <= 3; s++) {
      await engine.load(plugins.synthVst3, { slot: s, as: 'instrument' });
      await engine.setParameter({ slot: s }, 'Gain', 1);
      await engine.setParameter({ slot: s }, 'Waveform', 2); // square: +1 for half a period
    }
    const events = [1, 2, 3].map((slot) => ({ offset: 0, data: noteOn(45, 127), slot }));
    const out = await engine.render(4800, events);
    let peak = 0;
    for (const v of out) peak = Math.max(peak, Math.abs(v));
    assert.is(peak, 1);
  } finally {
    await engine.close();
  }
});

test('a mono instrument (Kars, one output) sounds on both sides equally', async () => {
  const engine = newEngine();
  try {
    const kars = await engine.load(plugins.kars, { slot: 1, as: 'instrument' });
    assert.is(kars.outputs, 1);
    const out = await engine.render(9600, [{ offset: 0, data: noteOn(60), slot: 1 }]);
    let differs = 0;
    for (let i = 0; i < out.length; i += 2) if (out[i] !== out[i + 1]) differs++;
    assert.is(differs, 0);
    assert.ok(rms(left(out)) > 0.005);
  } finally {
    await engine.close();
  }
});

test('bad mixer arguments throw with codes and change nothing', async () => {
  const engine = newEngine();
  try {
    const codes: string[] = [];
    for (const fn of [() => engine.setGain(0, 1), () => engine.setGain(9, 1), () => engine.setGain(1, 1.5),
      () => engine.setMute(9, true), () => engine.setSolo(0, true), () => engine.setMasterGain(-0.1),
      () => engine.route(17, 1), () => engine.route(1, 9)]) {
      try {
        fn();
        codes.push('none');
      } catch (error) {
        codes.push((error as { code: string }).code);
      }
    }
    assert.equal(codes, ['ERR_BAD_SLOT', 'ERR_BAD_SLOT', 'ERR_BAD_VALUE', 'ERR_BAD_SLOT', 'ERR_BAD_SLOT', 'ERR_BAD_VALUE',
      'ERR_BAD_CHANNEL', 'ERR_BAD_SLOT']);
    const summary = await engine.summary();
    assert.equal(summary.slots.map((s) => s.gain), [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.is(summary.masterGain, 1);
  } finally {
    await engine.close();
  }
});

test.run();
