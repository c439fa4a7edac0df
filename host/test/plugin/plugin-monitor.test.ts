// The plugin's output is its input at the monitor level (plus a take, once there is one): fed by an instrument in
// front of it on a slot, the same render at Monitor 0.5 is the render at 1 halved, sample for sample once the 20 ms
// gain ramp is over, and Monitor 0 is silence.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formats, newEngine, testSynthVst3 } from './helpers.js';

// No MIDI system to look for the Arp on here: keep RtMidi out of these tests (set per suite: every test file is
// imported before the first suite runs).
test.before(() => {
  process.env.VCPI_ARP_PORT = 'off';
});

const RAMP_END = 2048; // past the 20 ms ramp (960 frames) and the block in which the parameter arrives

function left(stereo: Float32Array): Float32Array {
  return stereo.filter((_, i) => i % 2 === 0);
}

async function renderAt(plugin: string, monitor: number): Promise<Float32Array> {
  const engine = newEngine();
  try {
    await engine.load(testSynthVst3, { slot: 1, as: 'instrument' });
    await engine.load(plugin, { slot: 1, as: 'insert' });
    await engine.setParameter({ slot: 1, insert: 0 }, 'Monitor', monitor);
    const events = [
      { offset: 0, data: [0x90, 57, 110], slot: 1 },
      { offset: 12000, data: [0x90, 64, 90], slot: 1 },
      { offset: 30000, data: [0x80, 57, 0], slot: 1 },
    ];
    return left(await engine.render(36000, events));
  } finally {
    await engine.close();
  }
}

for (const [format, plugin] of formats) {
  test(`${format}: Monitor scales the input it passes through`, async () => {
    const full = await renderAt(plugin, 1);
    const half = await renderAt(plugin, 0.5);
    const off = await renderAt(plugin, 0);
    let energy = 0;
    let worst = 0;
    let loudestOff = 0;
    for (let i = RAMP_END; i < full.length; i++) {
      energy += full[i]! ** 2;
      worst = Math.max(worst, Math.abs(half[i]! - 0.5 * full[i]!));
      loudestOff = Math.max(loudestOff, Math.abs(off[i]!));
    }
    assert.ok(energy > 1, `the synth should sound through the plugin (energy ${energy})`);
    assert.is(worst, 0, 'Monitor 0.5 is exactly half of Monitor 1');
    assert.is(loudestOff, 0, 'Monitor 0 is silent');
  });
}

test.run();
