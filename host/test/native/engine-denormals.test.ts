// Subnormal floats are flushed to zero while the engine processes a block (an IIR filter or feedback line decaying
// towards silence otherwise runs through subnormals, each operation up to ~100 times slower). Seen from outside
// without timing: a master gain of 2e-38 (a normal float) times a synth's output
// below ~0.6 is a subnormal product; with flushing every such output sample is exactly 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newEngine, noteOn, plugins } from './helpers.js';

const SMALLEST_NORMAL = 1.1754943508222875e-38;

test('the master output has no subnormal samples: the block runs with subnormals flushed to zero', async () => {
  const engine = newEngine();
  try {
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    engine.route(1, 1);
    // Full level first: the note sounds (its samples are not all tiny to begin with).
    const loud = await engine.render(4800, [{ offset: 0, data: noteOn(57), slot: 1 }]);
    const peak = loud.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    assert.ok(peak > 0.05 && peak < 0.6, `the note's peak ${peak} is not in (0.05, 0.6)`);
    engine.setMasterGain(2e-38);
    await engine.render(4800); // past the master gain's 10 ms ramp
    const quiet = await engine.render(4800, [{ offset: 0, data: noteOn(60), slot: 1 }]);
    const subnormal = quiet.filter((x) => x !== 0 && Math.abs(x) < SMALLEST_NORMAL);
    assert.is(subnormal.length, 0, `${subnormal.length} subnormal samples, e.g. ${subnormal[0]}`);
  } finally {
    await engine.close();
  }
});

test.run();
