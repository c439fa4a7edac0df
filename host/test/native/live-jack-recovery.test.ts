// The engine survives its JACK server being killed: status says the server is gone, the engine keeps answering,
// and audio comes back by itself when a server of the same name returns. MIDI ports say whether they are present.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newEngine, plugins } from './helpers.js';
import { sleep, waitFor } from './jack-capture.js';
import { JackServer } from './jack-server.js';

test('killing and restarting jackd: serverGone, then running again with a recovery counted', async () => {
  const jack = await JackServer.start();
  const engine = newEngine();
  try {
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    engine.route(1, 1);
    await engine.audio.start({ type: 'jack' });
    await waitFor('callbacks', () => engine.audio.status().callbacks > 20);
    const keys = await engine.midi.createVirtualInput('vcpi-recovery-keys', { mode: 'instrument' });
    assert.is((await engine.midi.states())[0]?.present, true);

    await jack.kill();
    await waitFor('serverGone', () => engine.audio.status().serverGone, 5000);
    const gone = engine.audio.status();
    assert.is(gone.running, false);
    assert.is(gone.started, true);
    // The engine keeps working while the server is away.
    engine.setGain(1, 0.5);
    engine.testNote(1, 60);
    assert.is((await engine.summary()).slots[0]?.instrument?.name, 'VcpiTestSynth');
    const [port] = await engine.midi.states();
    assert.is(port?.id, keys.id);
    assert.is(port?.present, false, 'the virtual port went with the server');
    await sleep(700); // at least one failed reopening attempt while there is no server

    await jack.launch();
    await waitFor('recovery', () => {
      const s = engine.audio.status();
      return s.running && !s.serverGone;
    }, 10000);
    const back = engine.audio.status();
    assert.ok(back.recoveries >= 1);
    const before = back.callbacks;
    await waitFor('callbacks after recovery', () => engine.audio.status().callbacks > before + 20);
    await engine.midi.close(keys);
  } finally {
    await engine.close();
    await jack.stop();
  }
});

test.run();
