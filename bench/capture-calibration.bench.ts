// Calibration error over 200 randomised setups (issue #8): true latency 1-50 ms, USB jitter 0-2 ms, the Arp's 61 µs
// timer, drift ±100 ppm, noise −60…−100 dB. The error is where each method predicts the synth's sound for a note the
// Arp plays, against where the simulated synth really started it, in samples at 48 kHz:
//   ours  — the calibration's Arp-clock line (16 pings, jitter-free timestamps, drift fitted);
//   naive — one ping's round trip (host send → onset) added to each later send, as a plugin without the Arp's
//           timestamps would do.
import { fitCalibration, quantile, runCalibration } from '@vcpi/capture-plugin';
import { coreOnRig } from '../capture-plugin/test/helpers/core-on-rig.js';
import { seeded } from '@vcpi/arp-firmware-sim';

const SETUPS = Number(process.env.SETUPS ?? 200);
const r = seeded(0x5eed);
const ours: number[] = [];
const naive: number[] = [];
const latency: number[] = [];
const latencyHalf: number[] = [];
const latencyQuiet: number[] = [];
const latencyQuietHalf: number[] = [];
/** signed (calibrated − injected) on quiet links: a bias would show here, not in the absolute figures */
const latencyQuietSigned: number[] = [];
const drift: number[] = [];
const started = Date.now();
for (let k = 0; k < SETUPS; k++) {
  const setup = {
    seed: k + 1,
    // Every fourth setup on a quiet link (JACK MIDI, or USB with little jitter); the rest 0-2 ms.
    usbJitterUs: k % 4 === 0 ? r() * 100 : r() * 2000,
    arpModel: { driftPpm: (r() * 2 - 1) * 100 },
    synth: { latencyMs: 1 + r() * 49, noiseFloorDb: -60 - r() * 40 },
  };
  const c = coreOnRig(setup);
  await c.rig.runUntil(50_000);
  const res = await c.rig.until(runCalibration({ io: c.io, link: c.link, audio: c.audio }), 60e6, 'calibration');
  const truth = c.rig.onsets;
  const first = res.pings[0];
  if (!first) throw new Error(`setup ${k}: no ping`);
  const naiveRoundTrip = (first.onset - c.audio.clock.sampleAt(first.sentUs));
  res.pings.forEach((p, i) => {
    const t = (truth[i] as { sample: number }).sample;
    ours.push(Math.abs(res.anchorSample + res.samplesPerArpUs * (p.arpUs - res.anchorArpUs) - t));
    if (i > 0) naive.push(Math.abs(c.audio.clock.sampleAt(p.sentUs) + naiveRoundTrip - t));
  });
  latency.push(Math.abs(res.latencySamples - setup.synth.latencyMs * 48));
  // The same pings without the Arp's CalibrationTiming: the half round trip, as for an Arp on the spec's firmware.
  const half = fitCalibration(res.pings.map(({ timing: _t, ...p }) => p), 48_000, c.audio.clock);
  latencyHalf.push(Math.abs(half.latencySamples - setup.synth.latencyMs * 48));
  if (setup.usbJitterUs < 100) {
    latencyQuiet.push(latency.at(-1) as number);
    latencyQuietHalf.push(latencyHalf.at(-1) as number);
    latencyQuietSigned.push(res.latencySamples - setup.synth.latencyMs * 48);
  }
  drift.push(Math.abs(res.driftPpm - setup.arpModel.driftPpm));
}
const row = (name: string, v: number[], unit = 'samples'): string =>
  `${name.padEnd(44)} median ${quantile(v, 0.5).toFixed(2).padStart(7)}  p99 ${quantile(v, 0.99).toFixed(2).padStart(7)}  max ${Math.max(...v).toFixed(2).padStart(7)} ${unit}`;
console.log(`calibration over ${SETUPS} random setups (${((Date.now() - started) / 1000).toFixed(1)} s of wall time)`);
console.log(row('ours: Arp clock → sound, per ping', ours));
console.log(row('naive: single-ping round trip, per ping', naive));
console.log(`ratio naive/ours (median): ${(quantile(naive, 0.5) / quantile(ours, 0.5)).toFixed(1)}×, (p99): ${(quantile(naive, 0.99) / quantile(ours, 0.99)).toFixed(1)}×`);
console.log(row('ours: drift estimate error', drift, 'ppm'));
console.log(row('ours: synth+audio latency vs injected', latency));
console.log(row('  the same from half the round trip', latencyHalf));
console.log(row(`  quiet links (jitter < 0.1 ms, ${latencyQuiet.length})`, latencyQuiet));
console.log(row('  quiet links, half the round trip', latencyQuietHalf));
console.log(`ratio half-round-trip/arrival-window latency error (median): ${(quantile(latencyHalf, 0.5) / quantile(latency, 0.5)).toFixed(1)}×, quiet links: ${(quantile(latencyQuietHalf, 0.5) / quantile(latencyQuiet, 0.5)).toFixed(1)}×`);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
console.log(`quiet links, calibrated − injected latency (signed): mean ${mean(latencyQuietSigned).toFixed(2)}, median ${quantile(latencyQuietSigned, 0.5).toFixed(2)} samples`);
