// Sample-accurate MIDI: exact onsets at explicit offsets (across block boundaries), timed arrivals placed at
// arrival + one block with zero jitter (vs. the seed's block-start flushing), channel routing, test notes, drops.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine } from '@vcpi/host';
import { left, newEngine, noteOn, onset, plugins, rms, thrownCode } from './helpers.js';

const SR = 48000;
const BLOCK = 256;

async function synth(): Promise<Engine> {
  const engine = newEngine({ sampleRate: SR, blockSize: BLOCK });
  await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
  await engine.setParameter({ slot: 1 }, 'Decay', 10); // a voice is over (exact zeros) ~6000 frames after its onset
  engine.route(1, 1);
  return engine;
}

// Seeded LCG: reproducible "random" arrival times.
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('a note at an explicit offset starts on exactly that sample, whatever its place in a block', async () => {
  const engine = await synth();
  try {
    for (const offset of [0, 1, 255, 256, 257, 1000, 4095, 12345]) {
      const out = left(await engine.render(offset + 8192, [{ offset, data: noteOn(69, 127) }]));
      assert.is(onset(out), offset, `offset ${offset}`);
    }
  } finally {
    await engine.close();
  }
});

test('timed arrivals sound at arrival + one block exactly (jitter 0); block-start flushing jitters by up to a block', async () => {
  const engine = await synth();
  try {
    const random = lcg(7);
    for (let i = 0; i < 40; i++) {
      const arrivalFrames = 3000 + random() * 5000;
      const timeNs = Math.round((arrivalFrames / SR) * 1e9);
      const ideal = Math.round((timeNs * SR) / 1e9) + BLOCK;
      engine.setMidiPolicy('timestamp');
      const ours = onset(left(await engine.render(16384, [{ timeNs, data: noteOn(69, 127) }])));
      assert.is(ours, ideal, `timestamp policy, arrival ${arrivalFrames.toFixed(1)} frames`);
      engine.setMidiPolicy('block-start');
      const seed = onset(left(await engine.render(16384, [{ timeNs, data: noteOn(69, 127) }])));
      // The seed's behaviour: the first callback at or after arrival flushes it at its block start.
      assert.is(seed, Math.ceil((timeNs * SR) / 1e9 / BLOCK) * BLOCK, `block-start policy, arrival ${arrivalFrames.toFixed(1)}`);
    }
    assert.is(engine.stats().midiLate, 0);
  } finally {
    await engine.close();
  }
});

test('routing: channels go to their slot (several channels to one slot); unrouted channels are counted, not played', async () => {
  const engine = await synth();
  try {
    engine.unroute(1);
    engine.route(5, 1);
    engine.route(6, 1);
    assert.equal(engine.routes(), [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const on5 = left(await engine.render(8192, [{ offset: 10, data: noteOn(60, 100, 5) }]));
    const on6 = left(await engine.render(8192, [{ offset: 20, data: noteOn(60, 100, 6) }]));
    assert.is(onset(on5), 10);
    assert.is(onset(on6), 20);
    const before = engine.stats().midiUnrouted;
    const on7 = left(await engine.render(8192, [{ offset: 30, data: noteOn(60, 100, 7) }]));
    assert.is(rms(on7), 0);
    assert.is(engine.stats().midiUnrouted, before + 1);
  } finally {
    await engine.close();
  }
});

test('testNote plays on its slot directly and releases after its duration', async () => {
  const engine = await synth();
  try {
    engine.unroute(1);
    await engine.setParameter({ slot: 1 }, 'Decay', 5000);
    engine.testNote(1, 60, 100, 50);
    const out = left(await engine.render(SR / 2));
    const start = onset(out);
    assert.ok(start >= 0 && start <= BLOCK, `starts within the first block (${start})`);
    assert.ok(rms(out, start, start + 2000) > 0.05);
    assert.is(rms(out, SR / 4), 0, 'released: silent well after 50 ms');
  } finally {
    await engine.close();
  }
});

test('sendMidi queues live events (played at the next render); a full queue drops and counts', async () => {
  const engine = await synth();
  try {
    engine.sendMidi(noteOn(64, 100));
    assert.ok(rms(left(await engine.render(4096))) > 0.01);
    let dropped = 0;
    for (let i = 0; i < 5000; i++) {
      try {
        engine.sendMidi([0xb0, 7, 100]);
      } catch (error) {
        assert.is((error as { code: string }).code, 'ERR_MIDI_QUEUE_FULL');
        dropped++;
      }
    }
    assert.ok(dropped > 0);
    assert.is(engine.stats().midiQueueDrops, dropped);
    await engine.render(4096);
    engine.sendMidi(noteOn(64, 100));
    assert.is(thrownCode(() => engine.sendMidi([0x90, 200, 1])), 'ERR_BAD_MIDI');
    assert.is(thrownCode(() => engine.sendMidi([0xf8])), 'ERR_BAD_MIDI');
    assert.is(thrownCode(() => engine.sendMidi([0x90, 60])), 'ERR_BAD_MIDI');
  } finally {
    await engine.close();
  }
});

test.run();
