// Pings: CC 104 out, the Arp's ACK (its µs timestamp) in, the synth's onset found in the input. Used by the
// calibration wizard (16 of them) and before a take to re-anchor the Arp's clock (a few).
import { unwrapU28, type CalibrationTiming } from '@vcpi/protocol';
import type { AbortToken } from '../abort.js';
import type { ArpLink, ArpReply } from '../arp/arp-link.js';
import type { AudioInput } from '../audio/audio-input.js';
import { firstCrossing, noiseStats, onsetThreshold, refineOnset, type NoiseStats } from '../dsp/onset.js';
import { CaptureError } from '../errors.js';
import type { CoreIo } from '../io.js';
import { sleepUntil } from '../wait.js';
import { ACK_AFTER_US } from './calibration-fit.js';
import type { CalibrationOptions, Ping } from './calibration-types.js';

export interface PingContext {
  io: CoreIo;
  link: ArpLink;
  audio: AudioInput;
  abort?: AbortToken;
}

export const NO_ACK_HINT = "check the Arp's USB cable and that its port is the one selected; the Arp must run the Vintage Mode firmware";

/** Listens to `durationUs` of input from now: the noise floor every onset threshold is measured against. */
export async function measureNoise(ctx: PingContext, durationUs: number): Promise<NoiseStats> {
  const { io, audio, abort } = ctx;
  const fs = audio.sampleRate;
  const from = Math.ceil(audio.clock.sampleAt(io.clock.nowUs()));
  const to = from + Math.round((durationUs * fs) / 1e6);
  if (!(await audio.waitUntil(to, io.clock.nowUs() + durationUs + 2_000_000, abort))) {
    throw new CaptureError('NO_ONSET', 'no audio input arrives', 'start the audio device and route the synth into this input');
  }
  return noiseStats(audio.read(from, to - from), 0, to - from);
}

/**
 * Waits until the input has been below the noise threshold for `quietUs` (the synth's last note has died away).
 * @throws CaptureError NOT_SILENT after `timeoutUs`
 */
export async function waitForSilence(ctx: PingContext, noise: NoiseStats, quietUs = 50_000, timeoutUs = 3_000_000): Promise<void> {
  const { io, audio, abort } = ctx;
  const fs = audio.sampleRate;
  const threshold = onsetThreshold(noise);
  const need = Math.round((quietUs * fs) / 1e6);
  const deadline = io.clock.nowUs() + timeoutUs;
  for (;;) {
    const end = Math.floor(audio.clock.sampleAt(io.clock.nowUs()));
    if (await audio.waitUntil(end, io.clock.nowUs() + 1_000_000, abort)) {
      const x = audio.read(end - need, need);
      if (firstCrossing(x, 0, need, threshold) < 0) return;
    }
    if (io.clock.nowUs() >= deadline) {
      throw new CaptureError('NOT_SILENT', 'the input does not go quiet', 'use a patch with a shorter release, or lower the noise');
    }
    await sleepUntil(io.timers, io.clock.nowUs() + 20_000, abort, 'waiting for silence');
  }
}

/**
 * A spread of 0-244 µs (four steps of a 61 µs timer) over the pings, by the golden-ratio sequence: pings sent at a
 * fixed interval would meet the Arp's timer at the same few phases, and the timestamps' rounding would then bias the
 * fit instead of averaging out.
 */
export function ditherUs(k: number): number {
  const golden = 0.6180339887498949;
  return ((k * golden) % 1) * 244;
}

export interface PingResult extends Ping {
  /** how long the note sounded after its note-off (the synth's release), µs; NaN when unheard */
  releaseUs: number;
}

/**
 * Sends `count` pings `o.intervalUs` apart. ACK times are unwrapped onto one line starting near `arpReference` (the
 * Arp's unwrapped µs expected at the first ping; when undefined, the first ACK starts the line).
 * @throws CaptureError NO_ACK when the first ping gets no ACK; ARP_REFUSED, NOT_SILENT, ABORTED
 */
export async function runPings(
  ctx: PingContext,
  count: number,
  noise: NoiseStats,
  o: CalibrationOptions,
  arpReference: number | undefined,
  onPing?: (p: PingResult, index: number) => void,
): Promise<PingResult[]> {
  const { io, abort } = ctx;
  const pings: PingResult[] = [];
  let line = arpReference;
  const first = io.clock.nowUs();
  for (let k = 0; k < count; k++) {
    abort?.check('calibration');
    await sleepUntil(io.timers, first + k * o.intervalUs + ditherUs(k), abort, 'calibration');
    const ping = await sendPing(ctx, k, noise, o);
    if (ping === undefined) {
      if (pings.length === 0) {
        throw new CaptureError('NO_ACK', 'the Arp did not acknowledge the calibration ping (no CalibrationAck)', `${NO_ACK_HINT}; it must be in Vintage Mode (CC 102)`);
      }
      continue;
    }
    line = line === undefined ? ping.arpUs : unwrapU28(line, ping.arpUs);
    ping.arpUs = line;
    if (ping.timing) {
      const t = ping.timing;
      ping.timing = { emptyArpUs: unwrapU28(line, t.emptyArpUs), readArpUs: unwrapU28(line, t.readArpUs), ackArpUs: unwrapU28(line, t.ackArpUs) };
    }
    pings.push(ping);
    onPing?.(ping, k);
  }
  return pings;
}

/** One ping: CC 104 out, ACK in, onset found (or NaN). Undefined when no ACK came. */
async function sendPing(ctx: PingContext, index: number, noise: NoiseStats, o: CalibrationOptions): Promise<PingResult | undefined> {
  const { io, link, abort } = ctx;
  const ackWait = link.expect(
    (r) => r.message.type === 'CalibrationAck' || (r.message.type === 'Status' && r.message.code !== 'Ok'),
    io.clock.nowUs() + o.ackTimeoutUs,
    abort,
    'calibration',
  );
  // The Arp's CalibrationTiming follows its ACK at once (PROTOCOL.md §3.5); an Arp without it sends none.
  const timings: CalibrationTiming[] = [];
  const stopListening = link.onReply((r) => {
    if (r.message.type === 'CalibrationTiming') timings.push(r.message);
  });
  try {
    return await pingExchange(ctx, index, noise, o, ackWait, timings);
  } finally {
    stopListening();
  }
}

async function pingExchange(
  ctx: PingContext,
  index: number,
  noise: NoiseStats,
  o: CalibrationOptions,
  ackWait: Promise<ArpReply | undefined>,
  timings: readonly CalibrationTiming[],
): Promise<PingResult | undefined> {
  const { io, link, audio, abort } = ctx;
  const fs = audio.sampleRate;
  const sentUs = link.command({ type: 'Calibrate' });
  const reply = await ackWait;
  if (!reply) return undefined;
  if (reply.message.type === 'Status') {
    const code = reply.message.code;
    if (code === 'NotInVintageMode') throw new CaptureError('ARP_REFUSED', 'the Arp is not in Vintage Mode', 'something sent it CC 103; try again');
    throw new CaptureError('ARP_REFUSED', `the Arp refused the calibration ping: ${code}`, code === 'Busy' ? 'stop playback on the Arp and try again' : '');
  }
  if (reply.message.type !== 'CalibrationAck') return undefined;
  const from = Math.floor(audio.clock.sampleAt(sentUs));
  const to = from + Math.round((o.maxLatencyUs * fs) / 1e6);
  // Enough audio to see the note end: the latency, the 100 ms note and the analysis window for its release.
  const until = to + Math.round((ACK_AFTER_US * fs) / 1e6) + o.analysisSamples;
  await audio.waitUntil(until, io.clock.nowUs() + o.maxLatencyUs + 2_000_000, abort);
  const x = audio.read(from, until - from);
  const threshold = onsetThreshold(noise);
  // The input must be quiet when the ping leaves, or the previous note's tail would be taken for this one.
  if (Math.abs(x[0] as number) > threshold) {
    throw new CaptureError('NOT_SILENT', 'the input is not quiet when a ping is sent', 'use a patch with a short release, lower the noise, or lengthen the interval between pings');
  }
  const crossing = firstCrossing(x, 0, to - from, threshold);
  let onset = Number.NaN;
  let method: Ping['onsetMethod'] = 'none';
  let amplitude = 0;
  let releaseUs = Number.NaN;
  if (crossing >= 0) {
    const est = refineOnset(x, crossing, noise, o.analysisSamples, threshold);
    onset = from + est.position;
    method = est.method;
    amplitude = est.amplitude;
    let last = x.length - 1;
    while (last > crossing && Math.abs(x[last] as number) <= threshold) last--;
    releaseUs = Math.max(0, ((last - est.position) / fs) * 1e6 - ACK_AFTER_US);
  }
  // By now (the note and its release have been heard) the timing that followed the ACK has long arrived.
  const ackTime = reply.message.timeUs;
  const t = timings.find((m) => m.timeUs === ackTime);
  const timing = t ? { emptyArpUs: t.emptyUs, readArpUs: t.readUs, ackArpUs: t.ackUs } : undefined;
  // The audio clock read now, while its map holds around this ping (a glitch later cannot move these).
  const sentSample = audio.clock.sampleAt(sentUs);
  const ackSample = audio.clock.sampleAt(reply.hostUs);
  return { index, sentUs, arpUs: ackTime, ackUs: reply.hostUs, sentSample, ackSample, ...(timing ? { timing } : {}), onset, onsetMethod: method, amplitude, releaseUs };
}
