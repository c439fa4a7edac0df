// Without a sound card: the null driver runs the graph in real time, and the WAV tap records the master output
// off the audio thread (what `--output none` and `--output file:x.wav` build on).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newEngine, plugins, rejectionCode } from './helpers.js';
import { sleep, waitFor } from './jack-capture.js';

/** Samples of a 32-bit float stereo WAV as JUCE writes it (RIFF, fmt, data chunks). */
function readWavFloat(path: string): { channels: number; rate: number; samples: Float32Array } {
  const bytes = readFileSync(path);
  assert.is(bytes.toString('ascii', 0, 4), 'RIFF');
  assert.is(bytes.toString('ascii', 8, 12), 'WAVE');
  let offset = 12;
  let channels = 0;
  let rate = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(offset + 10);
      rate = bytes.readUInt32LE(offset + 12);
      assert.is(bytes.readUInt16LE(offset + 22), 32, '32-bit samples');
    }
    if (id === 'data') {
      const data = bytes.subarray(offset + 8, offset + 8 + size);
      return { channels, rate, samples: new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

test('the null driver runs the engine in real time; the WAV tap records what it plays', async () => {
  const engine = newEngine({ sampleRate: 48000, blockSize: 256 });
  const path = join(mkdtempSync(join(tmpdir(), 'vcpi-tap-')), 'take.wav');
  try {
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    const status = await engine.audio.start({ type: 'null' });
    assert.is(status.type, 'null');
    assert.is(status.outputs, 2);
    await waitFor('callbacks', () => engine.audio.status().callbacks > 10);
    await engine.audio.record(path);
    assert.is(await rejectionCode(engine.audio.record(path)), 'ERR_RECORDING');
    engine.testNote(1, 69, 127, 100);
    await sleep(400);
    const done = await engine.audio.stopRecording();
    assert.ok(done.frames > 48000 * 0.3, `frames ${done.frames}`);
    assert.is(done.dropped, 0);
    const wav = readWavFloat(path);
    assert.is(wav.channels, 2);
    assert.is(wav.rate, 48000);
    assert.is(wav.samples.length, done.frames * 2);
    assert.ok(wav.samples.some((v) => Math.abs(v) > 0.05), 'the note is in the file');
    const live = engine.audio.status();
    assert.ok(live.running);
    assert.ok(live.priority.length > 0);
    assert.is(await rejectionCode(engine.audio.record('relative.wav')), 'ERR_RECORDING');
  } finally {
    await engine.close();
  }
});

test.run();
