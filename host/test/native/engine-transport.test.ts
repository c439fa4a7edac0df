// The transport hosted plugins see offline (engine.render): the engine's tempo advancing with the samples processed
// from position 0, the quantum as the bar, playing. Read back from a real plugin (the DPF transport probe) in every
// place a plugin can sit, in both formats; engine.transport() reports the same block.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine, PluginRef } from '@vcpi/host';
import { newEngine, plugins, thrownCode } from './helpers.js';
import { readSeenTransport } from './transport-probe.js';

const RATE = 48000;
const BLOCK = 256;
const FRAMES = 100 * BLOCK;
const LAST_BLOCK = FRAMES - BLOCK;

/** An engine with the probe as slot 1's instrument (VST3), slot 1's insert (LV2) and a master effect (VST3). */
async function probedEngine(): Promise<{ engine: Engine; refs: PluginRef[] }> {
  const engine = newEngine({ sampleRate: RATE, blockSize: BLOCK });
  await engine.load(plugins.transportVst3, { slot: 1, as: 'instrument' });
  await engine.load(plugins.transportLv2Bundle, { slot: 1, as: 'insert' });
  await engine.load(plugins.transportVst3, { master: true });
  return { engine, refs: [{ slot: 1 }, { slot: 1, insert: 0 }, { master: 0 }] };
}

const close = 1e-6; // beats: DPF rebuilds the LV2 bar beat from a float

test('every hosted plugin sees the engine tempo advance with the samples rendered, from position 0', async () => {
  for (const bpm of [120, 90]) {
    const { engine, refs } = await probedEngine();
    try {
      engine.setTempo(bpm);
      await engine.render(FRAMES);
      const expected = (LAST_BLOCK * bpm) / 60 / RATE;
      for (const ref of refs) {
        const seen = await readSeenTransport(engine, ref);
        const where = JSON.stringify(ref);
        assert.is(seen.blocks, FRAMES / BLOCK, `${where}: one position a block`);
        assert.ok(seen.valid, `${where}: a bar/beat position`);
        assert.is(seen.bpm, bpm, `${where}: tempo`);
        assert.is(seen.frame, LAST_BLOCK, `${where}: time in samples of the last block's first sample`);
        assert.ok(Math.abs(seen.ppq - expected) < close, `${where}: ppq ${seen.ppq}, expected ${expected} at ${bpm} BPM`);
        assert.is(seen.beatsPerBar, 4, `${where}: 4/4 by default`);
        assert.is(seen.beatType, 4);
        assert.ok(seen.playing, `${where}: playing`);
        assert.is(seen.stopped, 0);
      }
      const t = engine.transport();
      assert.is(t.bpm, bpm);
      assert.ok(Math.abs(t.beat - expected) < 1e-9, `transport() beat ${t.beat}`);
      assert.is(t.timeInSamples, LAST_BLOCK);
      assert.is(t.blocks, FRAMES / BLOCK);
      assert.is(t.link, false);
    } finally {
      await engine.close();
    }
  }
});

test('the position continues across renders and follows a tempo change from the block after it', async () => {
  const { engine, refs } = await probedEngine();
  try {
    await engine.render(FRAMES); // 100 blocks at 120: 1.0667 beats
    engine.setTempo(150);
    await engine.render(FRAMES); // 100 more at 150
    const expected = (FRAMES * 120) / 60 / RATE + (LAST_BLOCK * 150) / 60 / RATE;
    for (const ref of refs) {
      const seen = await readSeenTransport(engine, ref);
      assert.is(seen.frame, FRAMES + LAST_BLOCK);
      assert.is(seen.bpm, 150);
      assert.ok(Math.abs(seen.ppq - expected) < close, `${JSON.stringify(ref)}: ppq ${seen.ppq}, expected ${expected}`);
    }
  } finally {
    await engine.close();
  }
});

test('the quantum is the bar: numerator, bar start and bar count', async () => {
  const { engine, refs } = await probedEngine();
  try {
    engine.setQuantum(3);
    const frames = 1000 * BLOCK; // 5.33 s at 120: beat 10.65 at the last block, in bar 3 (beats 9..12) of 3/4
    await engine.render(frames);
    const ppq = ((frames - BLOCK) * 120) / 60 / RATE;
    for (const ref of refs) {
      const seen = await readSeenTransport(engine, ref);
      assert.is(seen.beatsPerBar, 3, `${JSON.stringify(ref)}: 3/4`);
      assert.is(seen.beatType, 4);
      assert.ok(Math.abs(seen.ppq - ppq) < 1e-5, `${JSON.stringify(ref)}: ppq ${seen.ppq}, expected ${ppq}`);
      assert.ok(Math.abs(seen.barStartPpq - 9) < 1e-9, `${JSON.stringify(ref)}: bar start ${seen.barStartPpq}`);
    }
    const t = engine.transport();
    assert.is(t.bar, 3);
    assert.is(t.barStartBeat, 9);
    assert.is(t.quantum, 3);
  } finally {
    await engine.close();
  }
});

test('setTempo and setQuantum reject values outside their ranges, naming them', async () => {
  const engine = newEngine();
  try {
    assert.is(thrownCode(() => engine.setTempo(19)), 'ERR_BAD_VALUE');
    assert.is(thrownCode(() => engine.setTempo(Number.NaN)), 'ERR_BAD_VALUE');
    assert.is(thrownCode(() => engine.setQuantum(0.5)), 'ERR_BAD_VALUE');
    assert.is(thrownCode(() => engine.setQuantum(65)), 'ERR_BAD_VALUE');
    try {
      engine.setTempo(1000);
    } catch (error) {
      assert.match((error as Error).message, /setTempo: tempo 1000(\.0+)? is outside 20\.\.999 BPM/);
    }
    const t = engine.transport();
    assert.is(t.blocks, 0, 'nothing processed yet');
    assert.is(t.bpm, 120, 'the default tempo');
    assert.is(t.quantum, 4);
    assert.is(t.playing, true);
  } finally {
    await engine.close();
  }
});

test.run();
