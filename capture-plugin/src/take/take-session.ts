// Record → Arp → synth → aligned capture, after the performance is recorded: make sure the Arp's clock is anchored
// (a few pings when the model is too old to place the take to the sample), send the take (verified), start the Arp
// so time 0 sounds on a bar, stream the rest, capture the input from before the start to after the tail, align it
// (the Arp's start timestamp through the clock model), check every note's timing, write the WAV take.
import type { AbortToken } from '../abort.js';
import type { ArpLink } from '../arp/arp-link.js';
import type { AudioInput } from '../audio/audio-input.js';
import { droppedOut } from '../audio/clock-map.js';
import { ArpClock } from '../calibration/arp-clock.js';
import { DEFAULT_CALIBRATION, type CalibrationResult } from '../calibration/calibration-types.js';
import { measureNoise, runPings, waitForSilence } from '../calibration/ping-series.js';
import { refinePingOnsets } from '../calibration/ping-onsets.js';
import { unwrapU28 } from '@vcpi/protocol';
import { CaptureError } from '../errors.js';
import type { CoreIo } from '../io.js';
import { sleepUntil } from '../wait.js';
import { encodeWav } from '../wav/wav-writer.js';
import type { RecordedTake } from './performance-recorder.js';
import { planStart } from './start-schedule.js';
import { alignTake, renderAligned, type AlignOptions, type Alignment } from './take-aligner.js';
import { TakeTransfer, type TransferOptions, type TransferStats } from './take-transfer.js';
import type { Timeline } from './timeline.js';

export type TakeProgress =
  | { phase: 'anchoring'; pings: number }
  | { phase: 'sending'; messages: number }
  | { phase: 'scheduled'; barSample: number; inUs: number }
  | { phase: 'playing'; streamed: boolean }
  | { phase: 'aligning' }
  | { phase: 'done'; take: CapturedTake };

export interface TakeContext {
  io: CoreIo;
  link: ArpLink;
  audio: AudioInput;
  timeline: Timeline;
  /** a fresh calibration, or a saved profile's result */
  calibration: Omit<CalibrationResult, 'pings'>;
  /** the session's model of the Arp's clock (calibration and anchor pings); anchor pings are added to it */
  clock?: ArpClock;
  onProgress?: (p: TakeProgress) => void;
  abort?: AbortToken;
  /** this take's transfer, already preloaded by sendTake(): used when the Arp still holds it, else sent again */
  preloaded?: TakeTransfer;
}

export interface TakeOptions {
  /** audio kept after the last event, µs (default 2 s: the synth's release) */
  tailUs: number;
  /** a name for the WAV file (default take-<bar>.wav) */
  name?: string;
  transfer?: Partial<TransferOptions>;
  align?: Partial<AlignOptions>;
  /** pings sent to re-anchor the Arp's clock when the model could misplace the take's start by more than maxErrorSamples (8) */
  anchorPings: number;
  /** the largest error (one standard error, samples) the clock model may have at the take's start (0.5) */
  maxErrorSamples: number;
}

export interface CapturedTake {
  sampleRate: number;
  /** the aligned audio: sample 0 is the performance's time 0 */
  audio: Float32Array;
  /** host timeline sample where the take's time 0 sounded (a bar boundary) */
  barSample: number;
  alignment: Alignment;
  transfer: TransferStats;
  /** where the WAV went, when a writer is attached */
  file: string | undefined;
  metadata: Record<string, unknown>;
  /**
   * Audio dropouts (xruns: the input's samples jumped against the clock) from the anchor pings to the take's end. The
   * take is still aligned by its notes, but where the audio lost samples its timing is off: capture it again.
   */
  dropouts: number;
  /** what the user should know about this take ('' when nothing): the dropouts, with what to do */
  warning: string;
}

export async function playAndCapture(ctx: TakeContext, take: RecordedTake, options: Partial<TakeOptions> = {}): Promise<CapturedTake> {
  const { io, link, audio, calibration, abort } = ctx;
  const progress = ctx.onProgress ?? (() => undefined);
  const tailUs = options.tailUs ?? 2_000_000;
  const fs = audio.sampleRate;
  if (calibration.sampleRate !== fs) {
    throw new CaptureError('NO_CALIBRATION', `the calibration was made at ${calibration.sampleRate} Hz, the audio runs at ${fs} Hz`, 'calibrate again');
  }
  const status = await link.status(300_000, abort);
  if (!status) throw new CaptureError('NO_ACK', 'the Arp does not answer', "check the Arp's USB cable and port");
  const held = ctx.preloaded?.heldBy(status) === true;
  if (status.flags.playing) {
    link.command({ type: 'StopPlayback' });
  }
  if (!status.flags.vintage) link.command({ type: 'EnterVintageMode' });

  const transfer = held && ctx.preloaded ? ctx.preloaded : new TakeTransfer(io, link, take.notes, options.transfer, abort);
  const dropoutsBefore = audio.clock.dropouts; // from the anchor pings on: they place the take's start too
  const clock = ctx.clock ?? new ArpClock(fs, { slope: calibration.samplesPerArpUs, slopeSigma: calibration.slopeSigma });
  await anchorIfNeeded({ ...ctx, clock }, options);

  if (!held) {
    progress({ phase: 'sending', messages: transfer.built.chunks.length });
    await transfer.preload();
  }

  const plan = planStart(io.clock.nowUs(), audio.clock, ctx.timeline, calibration);
  progress({ phase: 'scheduled', barSample: plan.barSample, inUs: plan.sendUs - io.clock.nowUs() });
  await sleepUntil(io.timers, plan.sendUs, abort, 'starting the take');
  const startReply = link.expect(
    (r) => r.message.type === 'PlaybackStarted' || (r.message.type === 'Status' && r.message.code !== 'Ok'),
    io.clock.nowUs() + 300_000,
    abort,
  );
  const sentUs = link.command({ type: 'StartPlayback' });
  const reply = await startReply;
  if (reply?.message.type === 'Status') {
    throw new CaptureError('ARP_REFUSED', `the Arp refused Start: ${reply.message.code}`, reply.message.code === 'BufferEmpty' ? 'the buffer did not arrive; send the take again' : '');
  }
  // Where time 0 sounds: from the Arp's start timestamp through the clock model (exact), or — firmware without
  // PlaybackStarted — from when Start left plus the round trip (± USB jitter; the take's notes then correct it).
  let predictedStart = audio.clock.sampleAt(sentUs) + calibration.roundTripSamples;
  let startKnown = false;
  if (reply?.message.type === 'PlaybackStarted') {
    const expectedArp = clock.arpAtHost(sentUs);
    if (expectedArp !== undefined) {
      predictedStart = clock.predict(unwrapU28(expectedArp, reply.message.timeUs)) + (calibration.playbackOffsetSamples || 0);
      startKnown = true;
    }
  } else {
    io.log?.('the Arp did not send PlaybackStarted (firmware before PROTOCOL.md §3.4): the take is placed by its notes');
  }
  progress({ phase: 'playing', streamed: !transfer.done });
  try {
    await transfer.stream();
  } catch (err) {
    link.command({ type: 'StopPlayback' });
    throw err;
  }
  const samplesPerUs = clock.fit()?.samplesPerArpUs ?? calibration.samplesPerArpUs;
  const endSample = predictedStart + samplesPerUs * (transfer.built.durationUs + tailUs) + fs * 0.05;
  const waitUs = (endSample - audio.clock.sampleAt(io.clock.nowUs())) / (fs / 1e6) + 2_000_000;
  if (!(await audio.waitUntil(Math.ceil(endSample), io.clock.nowUs() + Math.max(waitUs, 1_000_000), abort))) {
    throw new CaptureError('NO_ONSET', 'the audio input stopped during the take', 'keep the audio device running while capturing');
  }
  const dropouts = audio.clock.dropouts - dropoutsBefore;
  const warning = dropouts > 0
    ? `${droppedOut(dropouts)} during the take (xruns): its timing may be off there; capture it again (a larger audio buffer or fewer programs running avoid dropouts)`
    : '';
  if (warning) io.log?.(warning);
  progress({ phase: 'aligning' });
  // A clean note is one the synth has fallen silent before: after its measured release.
  const quietUs = Math.max(40_000, (Number.isFinite(calibration.releaseMs) ? calibration.releaseMs * 1000 : 0) + 20_000);
  const alignment = alignTake(audio, transfer.built.events, predictedStart, samplesPerUs, { quietUs, ...options.align }, startKnown);
  if (alignment.method === 'predicted') {
    io.log?.('no clean note was heard in the take: it is placed by the calibration alone (± USB jitter)');
  }
  const length = Math.ceil((fs * (transfer.built.durationUs + tailUs)) / 1e6);
  const aligned = renderAligned(audio, alignment, length);
  const metadata: Record<string, unknown> = {
    vcpi: 'VintageCapture take v1',
    sampleRate: fs,
    timeZero: 'sample 0 is the performance time 0',
    barSample: plan.barSample,
    bpm: ctx.timeline.bpm,
    notes: take.notes.length,
    events: transfer.built.events.length,
    // What the Arp was told to play, µs from time 0: [timeUs, note, velocity (0: note-off)]. A listener (or a test)
    // can check the aligned audio against it without the session that recorded it.
    performance: transfer.built.events.map((e) => [e.timeUs, e.note, e.on ? e.velocity : 0]),
    calibration: {
      latencyMs: calibration.latencyMs,
      roundTripMs: calibration.roundTripMs,
      driftPpm: calibration.driftPpm,
      usbSendMs: calibration.usbSendMs,
      confidence: calibration.confidence,
    },
    alignment: {
      method: alignment.method,
      startCorrectionMs: (alignment.startCorrectionSamples / fs) * 1000,
      clockErrorSamples: clock.uncertainty(clock.fit()?.lastArpUs ?? 0),
      notesChecked: alignment.notes.length,
      timingErrorMs: alignment.errorMs,
      dropouts,
    },
  };
  const name = options.name ?? `take-bar${Math.round(plan.barSample)}.wav`;
  const file = io.takes?.write(name, encodeWav({ sampleRate: fs, channels: [aligned], metadata }));
  const captured: CapturedTake = { sampleRate: fs, audio: aligned, barSample: plan.barSample, alignment, transfer: transfer.stats, file, metadata, dropouts, warning };
  progress({ phase: 'done', take: captured });
  return captured;
}

/**
 * Sends anchor pings when the clock model could place the take's start more than maxErrorSamples off: no pings yet
 * in this session, or so long since the last ones that the slope's uncertainty has grown past it. (Within the take,
 * a long take measures the rate from its own notes.) Each anchor also lengthens the model's baseline, so the slope
 * sharpens as a session goes on.
 */
async function anchorIfNeeded(ctx: TakeContext & { clock: ArpClock }, options: Partial<TakeOptions>): Promise<void> {
  const { io, clock, audio } = ctx;
  const count = options.anchorPings ?? 8;
  const limit = options.maxErrorSamples ?? 0.5;
  const now = clock.arpAtHost(io.clock.nowUs());
  if (now !== undefined && clock.uncertainty(now + 2_000_000) <= limit) return;
  ctx.onProgress?.({ phase: 'anchoring', pings: count });
  const release = Number.isFinite(ctx.calibration.releaseMs) ? ctx.calibration.releaseMs * 1000 : 200_000;
  const o = { ...DEFAULT_CALIBRATION, intervalUs: Math.max(250_000, 100_000 + release + 100_000) };
  const pingCtx = { io, link: ctx.link, audio, ...(ctx.abort ? { abort: ctx.abort } : {}) };
  // The calibration's noise floor, once the input is quiet again (a note may still be dying away); a profile
  // without one measures it now.
  const known = Number.isFinite(ctx.calibration.noiseRms) && Number.isFinite(ctx.calibration.noisePeak);
  const noise = known ? { rms: ctx.calibration.noiseRms, peak: ctx.calibration.noisePeak } : await measureNoise(pingCtx, 100_000);
  await waitForSilence(pingCtx, noise);
  const pings = await runPings(pingCtx, count, noise, o, now);
  clock.add(refinePingOnsets(audio, pings).pings);
  if (clock.size === 0) {
    throw new CaptureError('NO_ONSET', "the synth's note was not heard while anchoring the take", "check the synth's MIDI and audio cables and its level");
  }
}

/**
 * Sends a recorded take to the Arp ahead of playing it: Vintage Mode, then the Load and the Appends that fit, each
 * verified. playAndCapture() given this transfer (ctx.preloaded) starts without sending again while the Arp still
 * holds it (its Status shows the same count and sum); longer takes stream the rest while playing.
 */
export async function sendTake(io: CoreIo, link: ArpLink, take: RecordedTake, abort?: AbortToken, options: Partial<TransferOptions> = {}): Promise<TakeTransfer> {
  const status = await link.status(300_000, abort);
  if (!status) throw new CaptureError('NO_ACK', 'the Arp does not answer', "check the Arp's USB cable and port");
  if (status.flags.playing) throw new CaptureError('BUSY', 'the Arp is playing', 'stop it (capture abort) before sending a take');
  if (!status.flags.vintage) link.command({ type: 'EnterVintageMode' });
  const transfer = new TakeTransfer(io, link, take.notes, options, abort);
  await transfer.preload();
  return transfer;
}
