// Memory held by the engine across plugin load/unload (issue #5's soak): every removed plugin and every replaced
// graph snapshot is freed — counted by the engine itself (stats().plugins, stats().graphs), so a graph kept in the
// retire queue or a node kept alive by a stray reference shows as a count, not as a timed RSS reading — and each
// time plugins are freed the engine hands their heap memory back to the system (malloc_trim, stats().memoryTrims),
// which glibc otherwise keeps resident after plugins that free megabytes (ZamDelay).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine } from '@vcpi/host';
import { newEngine, noteOn, plugins } from './helpers.js';

const kinds: { plugin: string; slot: number; as: 'instrument' | 'insert' }[] = [
  { plugin: plugins.synthVst3, slot: 2, as: 'instrument' },
  { plugin: plugins.synthLv2Bundle, slot: 2, as: 'instrument' },
  { plugin: plugins.zamDelay, slot: 2, as: 'insert' },
  { plugin: plugins.latencyVst3, slot: 3, as: 'insert' },
];

/** Loads, plays and removes each kind `rounds` times next to a synth that stays in slot 1. */
async function cycle(engine: Engine, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const { plugin, slot, as } of kinds) {
      await engine.load(plugin, { slot, as });
      await engine.render(2048, [{ offset: 0, data: noteOn(60), slot }]); // the audio side adopts the graph
      await engine.remove(as === 'insert' ? { slot, insert: 0 } : { slot });
      await engine.render(256); // ... and hands back the one that held the plugin
      await engine.summary(); // which is freed here
    }
  }
}

test('removed plugins and replaced graphs are freed: only what is loaded stays', async () => {
  const engine = newEngine();
  try {
    assert.equal({ plugins: engine.stats().plugins, graphs: engine.stats().graphs }, { plugins: 0, graphs: 1 });
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    await cycle(engine, 3);
    assert.equal({ plugins: engine.stats().plugins, graphs: engine.stats().graphs }, { plugins: 1, graphs: 1 });

    // Loaded and removed before any block adopted it: the pending graph that held it is replaced and freed.
    await engine.load(plugins.zamDelay, { slot: 4, as: 'insert' });
    await engine.remove({ slot: 4, insert: 0 });
    assert.equal({ plugins: engine.stats().plugins, graphs: engine.stats().graphs }, { plugins: 1, graphs: 2 }, 'the audio side\'s graph and the pending one');
    await engine.render(256);
    await engine.summary();
    assert.equal({ plugins: engine.stats().plugins, graphs: engine.stats().graphs }, { plugins: 1, graphs: 1 });

    await engine.close();
    assert.equal({ plugins: engine.stats().plugins, graphs: engine.stats().graphs }, { plugins: 0, graphs: 1 }, 'close frees every plugin');
  } finally {
    await engine.close();
  }
});

test('freeing plugins trims the heap once per freeing call, and nothing else does', async () => {
  const engine = newEngine();
  try {
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    await engine.render(4096, [{ offset: 0, data: noteOn(60), slot: 1 }]);
    await engine.summary();
    await engine.setParameter({ slot: 1 }, 'Gain', 0.5);
    assert.is(engine.stats().memoryTrims, 0, 'loading, playing and parameters free no plugin');

    await cycle(engine, 2);
    assert.is(engine.stats().memoryTrims, 2 * kinds.length, 'one trim for each summary() that freed a removed plugin');
    assert.ok(engine.stats().memoryTrimNanos > 0);

    await engine.load(plugins.zamDelay, { slot: 4, as: 'insert' });
    await engine.remove({ slot: 4, insert: 0 }); // frees the never-adopted pending graph's plugin at once
    assert.is(engine.stats().memoryTrims, 2 * kinds.length + 1);
  } finally {
    await engine.close();
  }
});

test('a live engine frees a removed plugin by itself, without another call', async () => {
  const engine = newEngine();
  try {
    await engine.audio.start({ type: 'null' });
    await engine.load(plugins.zamDelay, { slot: 1, as: 'insert' });
    await new Promise((r) => setTimeout(r, 200)); // the audio thread adopts the graph holding it
    await engine.remove({ slot: 1, insert: 0 });
    assert.is(engine.stats().plugins, 1, 'still held by the graph the audio thread runs');
    // The audio thread still held the old graph when remove() returned; it hands it back, and the live side's
    // half-second supervisor frees it. Only stats() (atomics, no collection) is read while waiting.
    let alive = engine.stats().plugins;
    for (let i = 0; i < 40 && alive > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      alive = engine.stats().plugins;
    }
    assert.is(alive, 0, 'the removed plugin is freed within 2 s');
    assert.ok(engine.stats().memoryTrims >= 1);
  } finally {
    await engine.close();
  }
});

test.run();
