// Replays recorded calibration inputs through the capture core, as the plugin shell feeds it: every input block
// (samples, start sample, host µs) into an AudioInput, then the wizard's last steps on the recorded pings
// (refinePingOnsets, fitCalibration), and the recorded audio written as a WAV take (encodeWav). The same text runs
// in QuickJS (vcpi-qjs-replay, compiled in) and in Node (host/test/plugin/qjs-parity.test.ts) on the same bundle,
// so the two results must be identical strings.
//
// inputs: { sampleRate, releaseMs, noise: { rms, peak }, pings: Ping[] (onset null = not heard),
//           blocks: [{ start, hostUs, offset, length }] }; samples: Float32Array holding every block at `offset`.
globalThis.vcpiReplayCalibration = function (lib, inputs, samples) {
  const timers = { setAt: () => 0, clear: () => undefined };
  const audio = new lib.AudioInput(inputs.sampleRate, timers);
  for (const b of inputs.blocks) audio.write(samples.subarray(b.offset, b.offset + b.length), b.start, b.hostUs);
  const pings = inputs.pings.map((p) => ({ ...p, onset: p.onset === null ? NaN : p.onset }));
  const refined = lib.refinePingOnsets(audio, pings);
  const result = lib.fitCalibration(refined.pings, inputs.sampleRate, audio.clock, inputs.releaseMs, inputs.noise);
  const first = Math.max(0, Math.floor(result.anchorSample) - 4800);
  const wav = lib.encodeWav({ sampleRate: inputs.sampleRate, channels: [audio.read(first, 48000)], metadata: { latencyMs: result.latencyMs } });
  let hash = 2166136261;
  for (let i = 0; i < wav.length; i++) hash = Math.imul(hash ^ wav[i], 16777619) >>> 0;
  return JSON.stringify({ correlated: refined.correlated, result, wav: { bytes: wav.length, fnv1a: hash } });
};
