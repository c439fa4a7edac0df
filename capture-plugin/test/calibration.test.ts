// The calibration wizard end to end on a virtual studio: the simulated Arp (its firmware logic, drifting 61 µs
// clock, DIN serialisation), USB latency and jitter, a synth with latency and noise, the audio interface in blocks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortToken, CaptureError, DEFAULT_CALIBRATION, calibrationSvg, loadProfile, listProfiles, quantile, runCalibration, saveProfile, type CalibrationProgress, type CalibrationResult } from '@vcpi/capture-plugin';
import { coreOnRig, type RigCore } from './helpers/core-on-rig.js';
import { seeded } from '@vcpi/arp-firmware-sim';
import type { VirtualStudioOptions as RigOptions } from '@vcpi/arp-firmware-sim';

async function calibrate(options: Partial<RigOptions>, onProgress?: (p: CalibrationProgress) => void, abort?: AbortToken): Promise<RigCore & { result: CalibrationResult }> {
  const core = coreOnRig(options);
  await core.rig.runUntil(50_000);
  const result = await core.rig.until(runCalibration({ io: core.io, link: core.link, audio: core.audio, ...(onProgress ? { onProgress } : {}), ...(abort ? { abort } : {}) }), 60e6, 'calibration');
  return { ...core, result };
}

/** Where the calibrated line puts each ping's sound, against where the synth really started it. */
function mappingErrors(c: RigCore & { result: CalibrationResult }): number[] {
  const r = c.result;
  return r.pings.map((p, i) => r.anchorSample + r.samplesPerArpUs * (p.arpUs - r.anchorArpUs) - (c.rig.onsets[i] as { sample: number }).sample);
}

test('randomised setups: the Arp → audio mapping within 1 sample (median), drift within 5 ppm', async () => {
  const r = seeded(2024);
  const medians: number[] = [];
  for (let k = 0; k < 10; k++) {
    const setup = {
      seed: k + 1,
      usbJitterUs: r() * 2000,
      arpModel: { driftPpm: (r() * 2 - 1) * 100 },
      synth: { latencyMs: 1 + r() * 49, noiseFloorDb: -60 - r() * 40 },
    };
    const c = await calibrate(setup);
    const errs = mappingErrors(c).map(Math.abs);
    medians.push(quantile(errs, 0.5));
    assert.ok(Math.abs(c.result.driftPpm - setup.arpModel.driftPpm) < 5, `setup ${k}: drift ${c.result.driftPpm} vs ${setup.arpModel.driftPpm}`);
    assert.is(c.result.pingsUsed, DEFAULT_CALIBRATION.pings, `setup ${k}`);
    assert.ok(c.result.confidence !== 'poor', `setup ${k}: ${c.result.verdict}`);
    // The round trip includes USB latency (1 ms each way here) and DIN: it is at least the synth's latency.
    assert.ok(c.result.roundTripMs > setup.synth.latencyMs, `setup ${k}: round trip ${c.result.roundTripMs}`);
  }
  assert.ok(quantile(medians, 0.5) <= 1, `median of medians ${quantile(medians, 0.5)}`);
});

test('progress events: connecting, listening, every ping, fitting, done', async () => {
  const events: CalibrationProgress[] = [];
  const c = await calibrate({ seed: 5 }, (p) => events.push(p));
  assert.equal(events.map((e) => e.phase).filter((p, i, a) => p !== 'ping' || a[i - 1] !== 'ping'), ['connecting', 'listening', 'ping', 'fitting', 'probing', 'done']);
  const pings = events.filter((e): e is Extract<CalibrationProgress, { phase: 'ping' }> => e.phase === 'ping');
  assert.is(pings.length, DEFAULT_CALIBRATION.pings);
  assert.ok(pings.every((p) => p.heard && p.roundTripMs !== undefined));
  assert.is((events.at(-1) as { result: CalibrationResult }).result, c.result);
});

test('an audio dropout during the calibration is found and said: at most a fair verdict that names it', async () => {
  const core = coreOnRig({ seed: 6 });
  // From 3 s on, every block is 4 ms later on the host clock than before: the samples lost an xrun's worth.
  core.rig.onAudio = (block, start, t) => core.audio.write(block, start, t >= 3e6 ? t + 4000 : t);
  await core.rig.runUntil(50_000);
  const result = await core.rig.until(runCalibration({ io: core.io, link: core.link, audio: core.audio }), 60e6, 'calibration');
  assert.is(core.audio.clock.dropouts, 1);
  assert.match(result.verdict, /the audio input dropped out 1 time \(xruns\)/);
  assert.is.not(result.confidence, 'good');
});

async function failure(options: Partial<RigOptions>): Promise<CaptureError> {
  try {
    await calibrate(options);
  } catch (err) {
    if (err instanceof CaptureError) return err;
    throw err;
  }
  return assert.unreachable('calibration should have failed') as never;
}

test('no Arp: NO_ACK with a hint about the cable and port', async () => {
  const e = await failure({ arpConnected: false });
  assert.is(e.code, 'NO_ACK');
  assert.match(e.message, /did not answer/);
  assert.match(e.hint, /USB cable/);
});

test('no synth signal: NO_ONSET with a hint about MIDI and audio cables', async () => {
  const e = await failure({ synthConnected: false });
  assert.is(e.code, 'NO_ONSET');
  assert.match(e.message, new RegExp(`heard for 0 of ${DEFAULT_CALIBRATION.pings} pings`));
  assert.match(e.hint, /MIDI OUT/);
});

test('a jittery path: INCONSISTENT with a hint', async () => {
  const e = await failure({ synthJitterUs: 8000, seed: 3, synth: { latencyMs: 20.0 } });
  assert.is(e.code, 'INCONSISTENT');
  assert.match(e.message, /pings disagree by up to/);
  assert.match(e.hint, /noisy or jittery/);
});

test('abort stops the wizard with ABORTED', async () => {
  const abort = new AbortToken();
  let count = 0;
  try {
    await calibrate({ seed: 2 }, (p) => {
      if (p.phase === 'ping' && ++count === 3) abort.abort();
    }, abort);
    assert.unreachable('should abort');
  } catch (err) {
    assert.instance(err, CaptureError);
    assert.is((err as CaptureError).code, 'ABORTED');
  }
  assert.is(count, 3);
});

test('profiles: saved, listed, loaded; a damaged one is a clear error', async () => {
  const c = await calibrate({ seed: 7 });
  const storage = c.io.storage;
  saveProfile(storage, 'Juno via input 1', c.result, '2026-11-21T20:00:00Z');
  assert.equal(listProfiles(storage), ['Juno via input 1']);
  const p = loadProfile(storage, 'Juno via input 1');
  assert.is(p?.result.latencySamples, c.result.latencySamples);
  assert.is(loadProfile(storage, 'nothing'), undefined);
  storage.write('vintagecapture/profile/bad', '{"version":1,"result":{"sampleRate":"x"}}');
  try {
    loadProfile(storage, 'bad');
    assert.unreachable('bad profile');
  } catch (err) {
    assert.is((err as CaptureError).code, 'BAD_PROFILE');
    assert.match((err as Error).message, /profile "bad": result.sampleRate is not a number/);
  }
  const svg = calibrationSvg(c.result);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.is((svg.match(/<circle /g) ?? []).length, DEFAULT_CALIBRATION.pings);
  assert.match(svg, /Calibration: latency [\d.]+ ms, drift -?[\d.]+ ppm/);
});

test.run();
