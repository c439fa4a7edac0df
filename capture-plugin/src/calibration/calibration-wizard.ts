// The latency calibration wizard: enter Vintage Mode, listen to the silence, send N pings (CC 104), collect each
// ACK's Arp timestamp and the synth's onset in the input, fit. Progress events, abort, and an error with a hint for
// each way it fails.
import { unwrapU28 } from '@vcpi/protocol';
import type { AbortToken } from '../abort.js';
import type { ArpLink } from '../arp/arp-link.js';
import type { AudioInput } from '../audio/audio-input.js';
import { noiseStats, onsetThreshold, firstCrossing, refineOnset, type NoiseStats } from '../dsp/onset.js';
import { CaptureError } from '../errors.js';
import type { CoreIo } from '../io.js';
import { sleepUntil } from '../wait.js';
import { fitCalibration } from './calibration-fit.js';
import { DEFAULT_CALIBRATION, type CalibrationOptions, type CalibrationResult, type Ping } from './calibration-types.js';
import { refinePingOnsets } from './ping-onsets.js';

export type CalibrationProgress =
  | { phase: 'connecting' }
  | { phase: 'listening'; noiseDb: number }
  | { phase: 'ping'; ping: number; of: number; roundTripMs: number | undefined; heard: boolean }
  | { phase: 'fitting' }
  | { phase: 'done'; result: CalibrationResult };

export interface CalibrationContext {
  io: CoreIo;
  link: ArpLink;
  audio: AudioInput;
  onProgress?: (p: CalibrationProgress) => void;
  abort?: AbortToken;
}

const NO_ACK_HINT = "check the Arp's USB cable and that its port is the one selected; the Arp must run the Vintage Mode firmware";

const db = (v: number): number => (v > 0 ? 20 * Math.log10(v) : -Infinity);

export async function runCalibration(ctx: CalibrationContext, options: Partial<CalibrationOptions> = {}): Promise<CalibrationResult> {
  const o = { ...DEFAULT_CALIBRATION, ...options };
  if (!Number.isInteger(o.pings) || o.pings < 3 || o.pings > 256) {
    throw new CaptureError('INVALID_ARGUMENT', `calibration: pings must be 3-256, got ${o.pings}`);
  }
  const { io, link, audio, abort } = ctx;
  const progress = ctx.onProgress ?? (() => undefined);
  const fs = audio.sampleRate;
  const now = (): number => io.clock.nowUs();

  progress({ phase: 'connecting' });
  link.command({ type: 'EnterVintageMode' });
  const status = await link.status(300_000, abort);
  if (!status) throw new CaptureError('NO_ACK', 'the Arp did not answer a Status request', NO_ACK_HINT);
  if (!status.flags.vintage) {
    throw new CaptureError('ARP_REFUSED', 'the Arp did not enter Vintage Mode', 'update the Arp firmware to one with Vintage Mode (PROTOCOL.md v1)');
  }

  // Silence before the first ping: the noise floor every threshold is measured against.
  const listenFrom = Math.ceil(audio.clock.sampleAt(now()));
  const listenTo = listenFrom + Math.round((o.noiseUs * fs) / 1e6);
  if (!(await audio.waitUntil(listenTo, now() + o.noiseUs + 2_000_000, abort))) {
    throw new CaptureError('NO_ONSET', 'no audio input arrives', 'start the audio device and route the synth into this input');
  }
  const noise = noiseStats(audio.read(listenFrom, listenTo - listenFrom), 0, listenTo - listenFrom);
  progress({ phase: 'listening', noiseDb: db(noise.rms) });

  const pings: Ping[] = [];
  let arpLine: number | undefined;
  let next = now();
  for (let k = 0; k < o.pings; k++) {
    abort?.check('calibration');
    await sleepUntil(io.timers, next, abort, 'calibration');
    next += o.intervalUs;
    const ping = await sendPing(ctx, k, noise, o);
    if (ping === undefined) {
      if (pings.length === 0) {
        throw new CaptureError('NO_ACK', 'the Arp did not acknowledge the calibration ping (no CalibrationAck)', `${NO_ACK_HINT}; it must be in Vintage Mode (CC 102)`);
      }
      continue;
    }
    arpLine = arpLine === undefined ? ping.arpUs : unwrapU28(arpLine, ping.arpUs);
    ping.arpUs = arpLine;
    pings.push(ping);
    progress({
      phase: 'ping',
      ping: k + 1,
      of: o.pings,
      heard: Number.isFinite(ping.onset),
      roundTripMs: Number.isFinite(ping.onset) ? ((ping.onset - audio.clock.sampleAt(ping.sentUs)) / fs) * 1000 : undefined,
    });
  }
  progress({ phase: 'fitting' });
  const refined = refinePingOnsets(audio, pings).pings;
  const result = fitCalibration(refined, fs, audio.clock);
  progress({ phase: 'done', result });
  return result;
}

/** One ping: CC 104 out, ACK in, onset found (or NaN). Undefined when no ACK came. */
async function sendPing(ctx: CalibrationContext, index: number, noise: NoiseStats, o: CalibrationOptions): Promise<Ping | undefined> {
  const { io, link, audio, abort } = ctx;
  const fs = audio.sampleRate;
  const ackWait = link.expect(
    (r) => r.message.type === 'CalibrationAck' || (r.message.type === 'Status' && r.message.code !== 'Ok'),
    io.clock.nowUs() + o.ackTimeoutUs,
    abort,
    'calibration',
  );
  const sentUs = link.command({ type: 'Calibrate' });
  const reply = await ackWait;
  if (!reply) return undefined;
  if (reply.message.type === 'Status') {
    const code = reply.message.code;
    if (code === 'NotInVintageMode') throw new CaptureError('ARP_REFUSED', 'the Arp left Vintage Mode during calibration', 'something else sent it CC 103; try again');
    throw new CaptureError('ARP_REFUSED', `the Arp refused the calibration ping: ${code}`, code === 'Busy' ? 'stop playback on the Arp and try again' : '');
  }
  if (reply.message.type !== 'CalibrationAck') return undefined;
  const sentSample = audio.clock.sampleAt(sentUs);
  const from = Math.floor(sentSample);
  const to = from + Math.round((o.maxLatencyUs * fs) / 1e6);
  const until = to + o.analysisSamples;
  await audio.waitUntil(until, io.clock.nowUs() + o.maxLatencyUs + 2_000_000, abort);
  const x = audio.read(from, until - from);
  const threshold = onsetThreshold(noise);
  // The input must be quiet when the ping leaves, or the previous note's tail would be taken for this one.
  if (Math.abs(x[0] as number) > threshold && firstCrossing(x, 0, 16, threshold) === 0) {
    throw new CaptureError('NOT_SILENT', 'the input is not quiet when a ping is sent', 'use a patch with a short release, lower the noise, or lengthen the interval between pings');
  }
  const crossing = firstCrossing(x, 0, to - from, threshold);
  let onset = Number.NaN;
  let method: Ping['onsetMethod'] = 'none';
  let amplitude = 0;
  if (crossing >= 0) {
    const est = refineOnset(x, crossing, noise, o.analysisSamples, threshold);
    onset = from + est.position;
    method = est.method;
    amplitude = est.amplitude;
  }
  return { index, sentUs, arpUs: reply.message.timeUs, ackUs: reply.hostUs, onset, onsetMethod: method, amplitude };
}
