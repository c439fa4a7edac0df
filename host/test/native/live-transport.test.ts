// The transport hosted plugins see live: the internal tempo over the samples processed while Link is off (the
// null driver runs the callbacks), the clock's Start/Stop as the playing state; and, in a private network
// namespace, Link's tempo, beat and start/stop from a peer reaching the plugin (fixtures/transport-link.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runInNamespace } from './link-namespace.js';
import { Engine } from '@vcpi/host';
import { newEngine, plugins } from './helpers.js';
import { sleep, waitFor } from './jack-capture.js';
import { readSeenTransport } from './transport-probe.js';

const RATE = 48000;

test('Link off: plugins follow the internal tempo over the samples played, and the clock stops and starts them', async () => {
  const engine = newEngine({ sampleRate: RATE, blockSize: 256 });
  try {
    await engine.load(plugins.transportVst3, { slot: 1, as: 'instrument' });
    await engine.load(plugins.transportLv2Bundle, { master: true });
    await engine.audio.start({ type: 'null' });
    await waitFor('callbacks', () => engine.audio.status().callbacks > 20);
    for (const ref of [{ slot: 1 }, { master: 0 }]) {
      const s = await readSeenTransport(engine, ref);
      assert.is(s.bpm, 120, `${JSON.stringify(ref)}: the default tempo`);
      assert.ok(s.playing, 'playing from the audio start');
      assert.ok(Math.abs(s.ppq - (s.frame * 120) / 60 / RATE) < 1e-5, `${JSON.stringify(ref)}: ppq ${s.ppq} at frame ${s.frame}`);
    }

    engine.setTempo(90);
    await waitFor('the plugin to see 90 BPM', async () => (await readSeenTransport(engine, { slot: 1 })).bpm === 90);
    const before = await readSeenTransport(engine, { slot: 1 });
    await sleep(200);
    const after = await readSeenTransport(engine, { slot: 1 });
    assert.ok(after.frame > before.frame, 'time went on');
    const expected = ((after.frame - before.frame) * 90) / 60 / RATE;
    assert.ok(Math.abs(after.ppq - before.ppq - expected) < 1e-5, `advanced ${after.ppq - before.ppq} beats, expected ${expected} at 90 BPM`);

    const t = engine.transport();
    assert.is(t.link, false);
    assert.ok(Math.abs(t.hostTimeNs - Engine.nowNs()) < 1e9, 'the block time is on the engine clock');

    engine.clock.stop(); // no output has the clock: the transport stops at once
    await waitFor('the plugin to see the transport stop', async () => !(await readSeenTransport(engine, { slot: 1 })).playing);
    assert.is(engine.transport().playing, false);
    engine.clock.start();
    await waitFor('the plugin to see the transport play', async () => (await readSeenTransport(engine, { master: 0 })).playing);
  } finally {
    await engine.close();
  }
});

test("Link on: a peer's tempo and start/stop reach the plugin, whose position is Link's beat", async () => {
  const run = await runInNamespace('test/native/fixtures/transport-link.ts', 60000);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  assert.is(run.code, 0, `fixture failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const seen = JSON.parse(line) as Record<string, unknown>;
  assert.is(seen.peersFound, true, 'the engines see each other');
  assert.is(seen.tempoReachedPlugin, true, "the peer's tempo reaches the plugin");
  assert.is(seen.startReachedPlugin, true, 'start/stop sync: start');
  assert.is(seen.stopReachedPlugin, true, 'start/stop sync: stop');
  assert.is(seen.fromLink, true, 'the position comes from Link');
  assert.is(seen.sameBlock, true, 'the plugin and engine.transport() describe the same block');
  assert.ok(typeof seen.pluginVsTransport === 'number' && seen.pluginVsTransport < 1e-6, `plugin vs transport: ${String(seen.pluginVsTransport)} beats`);
  assert.ok(typeof seen.transportVsLink === 'number' && seen.transportVsLink < 1e-3, `transport vs Link's beat at the block time: ${String(seen.transportVsLink)} beats`);
});

test.run();
