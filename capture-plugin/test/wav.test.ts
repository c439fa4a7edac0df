import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeWav, encodeWav } from '@vcpi/capture-plugin';

test('32-bit float WAV round trip with JSON metadata', () => {
  const left = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i / 10));
  const right = Float32Array.from({ length: 1001 }, (_, i) => (i % 7) / 7 - 0.5);
  const meta = { calibration: { latencyMs: 12.5, driftPpm: -31.2 }, note: 'Jüno ♪' };
  const bytes = encodeWav({ sampleRate: 48_000, channels: [left, right], metadata: meta });
  const v = new DataView(bytes.buffer);
  assert.is(String.fromCharCode(...bytes.subarray(0, 4)), 'RIFF');
  assert.is(v.getUint32(4, true), bytes.length - 8);
  assert.is(v.getUint16(20, true), 3, 'WAVE_FORMAT_IEEE_FLOAT');
  const d = decodeWav(bytes);
  assert.is(d.sampleRate, 48_000);
  assert.equal(Array.from(d.channels[0] as Float32Array), Array.from(left));
  assert.equal(Array.from(d.channels[1] as Float32Array), Array.from(right));
  assert.equal(d.metadata, meta);
  assert.is(d.info.ISFT, 'vcpi VintageCapture');
});

test('encodeWav rejects what it cannot write, naming it', () => {
  assert.throws(() => encodeWav({ sampleRate: 48_000, channels: [] }), /needs 1-8 channels, got 0/);
  assert.throws(() => encodeWav({ sampleRate: 12, channels: [new Float32Array(1)] }), /sample rate 12/);
  assert.throws(() => encodeWav({ sampleRate: 48_000, channels: [new Float32Array(2), new Float32Array(3)] }), /channel 1 has 3 frames, channel 0 has 2/);
  assert.throws(() => decodeWav(new Uint8Array(10)), /not a RIFF\/WAVE file/);
});

test.run();
