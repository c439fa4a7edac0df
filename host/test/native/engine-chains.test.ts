// Insert and master chains: order matters and is kept, move and remove by index, and latency compensation keeps
// slots sample-aligned when a plugin reports latency.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine, PluginRef } from '@vcpi/host';
import { left, maxAbsDiff, newEngine, noteOn, onset, plugins } from './helpers.js';

const note = [{ offset: 100, data: noteOn(57, 127), slot: 1 }];

// A gain stage (ZamComp: threshold 0 dB, so only its makeup gain acts on this signal) and a saturator
// (ZamAutoSat) do not commute: gain-then-saturate differs from saturate-then-gain.
async function configureGain(engine: Engine, ref: PluginRef): Promise<void> {
  await engine.setParameter(ref, 'Makeup', 20);
}

async function synthOnSlot1(engine: Engine): Promise<void> {
  await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
  await engine.setParameter({ slot: 1 }, 'Gain', 0.3);
  await engine.setParameter({ slot: 1 }, 'Decay', 10); // each render's note dies within it
}

test('inserts run in chain order; move reorders; remove by index', async () => {
  const a = newEngine();
  const b = newEngine();
  try {
    await synthOnSlot1(a);
    await a.load(plugins.zamComp, { slot: 1, as: 'insert' });
    await a.load(plugins.zamAutoSat, { slot: 1, as: 'insert' });
    await configureGain(a, { slot: 1, insert: 0 });
    const gainThenSat = left(await a.render(9600, note));

    await synthOnSlot1(b);
    await b.load(plugins.zamAutoSat, { slot: 1, as: 'insert' });
    await b.load(plugins.zamComp, { slot: 1, as: 'insert', position: 0 }); // inserted before: same order as a
    await configureGain(b, { slot: 1, insert: 0 });
    assert.equal((await b.summary()).slots[0]?.inserts.map((p) => p.name), ['ZamComp', 'ZamAutoSat']);
    assert.is(maxAbsDiff(gainThenSat, left(await b.render(9600, note))), 0, 'same chain, same sound');

    await b.move(1, 0, 1);
    assert.equal((await b.summary()).slots[0]?.inserts.map((p) => p.name), ['ZamAutoSat', 'ZamComp']);
    const satThenGain = left(await b.render(9600, note));
    assert.ok(maxAbsDiff(gainThenSat, satThenGain) > 0.05, 'the order changes the sound');

    await b.remove({ slot: 1, insert: 0 });
    assert.equal((await b.summary()).slots[0]?.inserts.map((p) => p.name), ['ZamComp']);
  } finally {
    await a.close();
    await b.close();
  }
});

test('the master chain runs in order on the mix, and can be reordered and emptied', async () => {
  const a = newEngine();
  try {
    await synthOnSlot1(a);
    await a.load(plugins.zamComp, { master: true });
    await a.load(plugins.zamAutoSat, { master: true });
    await configureGain(a, { master: 0 });
    const gainThenSat = left(await a.render(9600, note));
    await a.move('master', 1, 0);
    assert.equal((await a.summary()).master.map((p) => p.name), ['ZamAutoSat', 'ZamComp']);
    const satThenGain = left(await a.render(9600, note));
    assert.ok(maxAbsDiff(gainThenSat, satThenGain) > 0.05);
    await a.remove({ master: 1 });
    await a.remove({ master: 0 });
    assert.equal((await a.summary()).master, []);
    const dry = left(await a.render(9600, note));
    assert.ok(maxAbsDiff(dry, satThenGain) > 0.05);
    assert.ok(Math.abs((dry[100] ?? 0) - 0.3) < 1e-5, 'dry again: the synth alone');
  } finally {
    await a.close();
  }
});

test('latency compensation: a slot with a 100-frame-latency insert stays aligned with a slot without', async () => {
  const engine = newEngine();
  try {
    for (const slot of [1, 2]) {
      await engine.load(plugins.synthVst3, { slot, as: 'instrument' });
      await engine.setParameter({ slot }, 'Decay', 10);
    }
    const fx = await engine.load(plugins.latencyVst3, { slot: 1, as: 'insert' });
    assert.is(fx.latency, 100);
    assert.is((await engine.summary()).latency, 100);
    const both = [1, 2].map((slot) => ({ offset: 1000, data: noteOn(69, 127), slot }));
    engine.setMute(2, true);
    await engine.render(2048);
    const slot1 = left(await engine.render(8192, both));
    engine.setMute(2, false);
    engine.setMute(1, true);
    await engine.render(2048);
    const slot2 = left(await engine.render(8192, both));
    assert.is(onset(slot1), 1100, 'slot 1: its insert delays it by 100');
    assert.is(onset(slot2), 1100, 'slot 2: compensated by 100');
    assert.is(maxAbsDiff(slot1, slot2), 0);

    await engine.remove({ slot: 1, insert: 0 });
    assert.is((await engine.summary()).latency, 0);
    await engine.render(2048);
    engine.setMute(1, false);
    engine.setMute(2, true);
    await engine.render(2048);
    assert.is(onset(left(await engine.render(8192, both))), 1000, 'no latency left, no compensation');
  } finally {
    await engine.close();
  }
});

test.run();
