// The latency calibration wizard: enter Vintage Mode, listen to the silence, send N pings (CC 104), collect each
// ACK's Arp timestamp and the synth's onset in the input, fit. Progress events, abort, and an error with a hint for
// each way it fails.
import type { AbortToken } from '../abort.js';
import type { ArpLink } from '../arp/arp-link.js';
import type { AudioInput } from '../audio/audio-input.js';
import { droppedOut } from '../audio/clock-map.js';
import { median } from '../dsp/stats.js';
import { CaptureError } from '../errors.js';
import type { CoreIo } from '../io.js';
import { sentSampleOf } from './arp-offset.js';
import { fitCalibration } from './calibration-fit.js';
import { DEFAULT_CALIBRATION, type CalibrationOptions, type CalibrationResult } from './calibration-types.js';
import { refinePingOnsets } from './ping-onsets.js';
import { NO_ACK_HINT, measureNoise, runPings } from './ping-series.js';
import { ArpClock } from './arp-clock.js';
import { probePlayback } from './playback-probe.js';

export type CalibrationProgress =
  | { phase: 'connecting' }
  | { phase: 'listening'; noiseDb: number }
  | { phase: 'ping'; ping: number; of: number; roundTripMs: number | undefined; heard: boolean }
  | { phase: 'fitting' }
  | { phase: 'probing' }
  | { phase: 'done'; result: CalibrationResult };

export interface CalibrationContext {
  io: CoreIo;
  link: ArpLink;
  audio: AudioInput;
  onProgress?: (p: CalibrationProgress) => void;
  abort?: AbortToken;
}

const DROPOUT_HINT = 'calibrate again with a larger audio buffer or fewer programs running';

const db = (v: number): number => (v > 0 ? 20 * Math.log10(v) : -Infinity);

export async function runCalibration(ctx: CalibrationContext, options: Partial<CalibrationOptions> = {}): Promise<CalibrationResult> {
  const o = { ...DEFAULT_CALIBRATION, ...options };
  if (!Number.isInteger(o.pings) || o.pings < 3 || o.pings > 256) {
    throw new CaptureError('INVALID_ARGUMENT', `calibration: pings must be 3-256, got ${o.pings}`);
  }
  const { link, audio, abort } = ctx;
  const progress = ctx.onProgress ?? (() => undefined);
  const fs = audio.sampleRate;

  progress({ phase: 'connecting' });
  link.command({ type: 'EnterVintageMode' });
  const status = await link.status(300_000, abort);
  if (!status) throw new CaptureError('NO_ACK', 'the Arp did not answer a Status request', NO_ACK_HINT);
  if (!status.flags.vintage) {
    throw new CaptureError('ARP_REFUSED', 'the Arp did not enter Vintage Mode', 'update the Arp firmware to one with Vintage Mode (PROTOCOL.md v1)');
  }
  const dropoutsBefore = audio.clock.dropouts;
  const noise = await measureNoise(ctx, o.noiseUs);
  progress({ phase: 'listening', noiseDb: db(noise.rms) });
  const pings = await runPings(ctx, o.pings, noise, o, undefined, (ping, k) =>
    progress({
      phase: 'ping',
      ping: k + 1,
      of: o.pings,
      heard: Number.isFinite(ping.onset),
      roundTripMs: Number.isFinite(ping.onset) ? ((ping.onset - sentSampleOf(ping, audio.clock)) / fs) * 1000 : undefined,
    }),
  );
  progress({ phase: 'fitting' });
  const refined = refinePingOnsets(audio, pings).pings;
  const releaseUs = median(pings.map((p) => p.releaseUs).filter(Number.isFinite));
  const dropouts = audio.clock.dropouts - dropoutsBefore;
  let result: CalibrationResult;
  try {
    result = fitCalibration(refined, fs, audio.clock, releaseUs / 1000, noise);
  } catch (err) {
    // Pings that disagree after the audio clock jumped are the dropout's doing, not the synth's or the cable's.
    if (dropouts > 0 && err instanceof CaptureError && err.code === 'INCONSISTENT') {
      throw new CaptureError('INCONSISTENT', `${droppedOut(dropouts)} during the calibration (xruns), and ${err.detail}`, DROPOUT_HINT);
    }
    throw err;
  }
  if (dropouts > 0) {
    result.verdict += `; ${droppedOut(dropouts)} (xruns): ${DROPOUT_HINT}`;
    if (result.confidence === 'good') result.confidence = 'fair';
  }
  progress({ phase: 'probing' });
  const probe = await probePlayback(ctx, ArpClock.fromCalibration(result), releaseUs, noise);
  if (probe) {
    result.playbackOffsetSamples = probe.offsetSamples;
    result.playbackOffsetMs = (probe.offsetSamples / fs) * 1000;
  }
  progress({ phase: 'done', result });
  return result;
}
