// Record → Arp → synth → aligned capture, after the performance is recorded: send the take (verified), start the Arp
// so time 0 sounds on a bar, stream the rest, capture the input from before the start to after the tail, align it,
// check every note's timing, write the WAV take.
import type { AbortToken } from '../abort.js';
import type { ArpLink } from '../arp/arp-link.js';
import type { AudioInput } from '../audio/audio-input.js';
import type { CalibrationResult } from '../calibration/calibration-types.js';
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
  onProgress?: (p: TakeProgress) => void;
  abort?: AbortToken;
}

export interface TakeOptions {
  /** audio kept after the last event, µs (default 2 s: the synth's release) */
  tailUs: number;
  /** a name for the WAV file (default take-<bar>.wav) */
  name?: string;
  transfer?: Partial<TransferOptions>;
  align?: Partial<AlignOptions>;
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
  if (status.flags.playing) {
    link.command({ type: 'StopPlayback' });
  }
  if (!status.flags.vintage) link.command({ type: 'EnterVintageMode' });

  const transfer = new TakeTransfer(io, link, take.notes, options.transfer, abort);
  progress({ phase: 'sending', messages: transfer.built.chunks.length });
  await transfer.preload();

  const plan = planStart(io.clock.nowUs(), audio.clock, ctx.timeline, calibration);
  progress({ phase: 'scheduled', barSample: plan.barSample, inUs: plan.sendUs - io.clock.nowUs() });
  await sleepUntil(io.timers, plan.sendUs, abort, 'starting the take');
  const startReply = link.expect((r) => r.message.type === 'Status' && r.message.code !== 'Ok', io.clock.nowUs() + 50_000, abort);
  const sentUs = link.command({ type: 'StartPlayback' });
  const refused = await startReply;
  if (refused?.message.type === 'Status') {
    throw new CaptureError('ARP_REFUSED', `the Arp refused Start: ${refused.message.code}`, refused.message.code === 'BufferEmpty' ? 'the buffer did not arrive; send the take again' : '');
  }
  // Where time 0 should sound, given when Start actually left.
  const predictedStart = audio.clock.sampleAt(sentUs) + calibration.roundTripSamples;
  progress({ phase: 'playing', streamed: !transfer.done });
  try {
    await transfer.stream();
  } catch (err) {
    link.command({ type: 'StopPlayback' });
    throw err;
  }
  const samplesPerUs = calibration.samplesPerArpUs;
  const endSample = predictedStart + samplesPerUs * (transfer.built.durationUs + tailUs) + fs * 0.05;
  const waitUs = (endSample - audio.clock.sampleAt(io.clock.nowUs())) / (fs / 1e6) + 2_000_000;
  if (!(await audio.waitUntil(Math.ceil(endSample), io.clock.nowUs() + Math.max(waitUs, 1_000_000), abort))) {
    throw new CaptureError('NO_ONSET', 'the audio input stopped during the take', 'keep the audio device running while capturing');
  }
  progress({ phase: 'aligning' });
  const alignment = alignTake(audio, transfer.built.events, predictedStart, samplesPerUs, options.align);
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
      notesChecked: alignment.notes.length,
      timingErrorMs: alignment.errorMs,
    },
  };
  const name = options.name ?? `take-bar${Math.round(plan.barSample)}.wav`;
  const file = io.takes?.write(name, encodeWav({ sampleRate: fs, channels: [aligned], metadata }));
  const captured: CapturedTake = { sampleRate: fs, audio: aligned, barSample: plan.barSample, alignment, transfer: transfer.stats, file, metadata };
  progress({ phase: 'done', take: captured });
  return captured;
}
