// Aligns a captured take to the performance. The Arp plays event i at its own start time + t_i, which the audio
// hears at start + samplesPerUs·t_i (samplesPerUs: the Arp's crystal against the audio clock). Where time 0 sounds
// comes from the Arp's own start timestamp through the session's clock model ('timestamp'), which holds whatever the
// take contains; without it (older firmware) the onsets of the take's clean notes (a note after a silence) pin it
// ('onsets'), and with neither, the Start's send time and the round trip ('predicted', ± USB jitter). Long takes
// measure the rate from their own notes. The notes' residuals are the Arp + synth path's timing error.
import type { BufferEvent } from '@vcpi/protocol';
import type { AudioInput } from '../audio/audio-input.js';
import { resampleLinearMap } from '../dsp/interpolate.js';
import { detectOnset } from '../dsp/onset.js';
import { robustFitLine } from '../dsp/linear-fit.js';
import { absSpread, median, type Spread } from '../dsp/stats.js';

export interface AlignOptions {
  /** ± search around each note's predicted position without the Arp's timestamp, µs (default 20 ms: USB jitter) */
  searchUs: number;
  /** ± search with the Arp's timestamp, µs (default 2 ms) */
  knownSearchUs: number;
  /** clean notes needed to correct the timestamp's start by the notes' median offset (default 4) */
  minNotesForOffset: number;
  /** the largest such correction, µs (default 500: more means a note was mistaken, keep the timestamp) */
  maxOffsetUs: number;
  /** silence in the performance before a note for it to count as clean, µs (default 40 ms; the take session uses
   * the calibration's measured release + 20 ms, so the synth has gone quiet too) */
  quietUs: number;
  /** noise measured before the search window, µs (default 5 ms) */
  noiseUs: number;
  /** clean notes needed to measure the Arp's clock rate from the take itself (default 8) */
  minNotesForRate: number;
  /** ... spread over at least this long, µs (default 5 s) */
  minSpanForRateUs: number;
}

export const DEFAULT_ALIGN: AlignOptions = {
  searchUs: 20_000,
  knownSearchUs: 2_000,
  minNotesForOffset: 4,
  maxOffsetUs: 500,
  quietUs: 40_000,
  noiseUs: 5_000,
  minNotesForRate: 8,
  minSpanForRateUs: 5_000_000,
};

export interface NoteTiming {
  /** performance time of the note-on, µs */
  timeUs: number;
  note: number;
  /** where the sound starts, absolute audio sample */
  onset: number;
  /** onset − aligned prediction, samples (+: late) */
  errorSamples: number;
}

export interface Alignment {
  /** absolute audio sample where the take's time 0 sounds */
  startSample: number;
  /** audio samples per performance µs (the take's own measurement when it has enough notes, else the calibration's) */
  samplesPerUs: number;
  /** the Arp's clock against the audio clock as this take measured it, ppm (+: the Arp runs fast) */
  driftPpm: number;
  method: 'timestamp' | 'onsets' | 'predicted';
  /** predicted − found start, samples: the Start command's USB jitter and scheduling error */
  startCorrectionSamples: number;
  notes: NoteTiming[];
  /** |error| of the notes, samples and ms */
  errorSamples: Spread;
  errorMs: Spread;
}

/** Note-ons with at least `quietUs` of silence before them in the performance. */
export function cleanNoteOns(events: readonly BufferEvent[], quietUs: number): BufferEvent[] {
  const sounding = new Set<number>();
  let lastActivity = Number.NEGATIVE_INFINITY;
  const out: BufferEvent[] = [];
  for (const e of events) {
    if (e.on) {
      if (sounding.size === 0 && e.timeUs - lastActivity >= quietUs) out.push(e);
      sounding.add(e.note);
    } else {
      sounding.delete(e.note);
    }
    lastActivity = e.timeUs;
  }
  return out;
}

/**
 * `startKnown`: predictedStart comes from the Arp's start timestamp (keep it); otherwise it is a send-time guess
 * that the notes correct.
 */
export function alignTake(
  audio: AudioInput,
  events: readonly BufferEvent[],
  predictedStart: number,
  calibratedSamplesPerUs: number,
  options: Partial<AlignOptions> = {},
  startKnown = false,
): Alignment {
  let samplesPerUs = calibratedSamplesPerUs;
  const o = { ...DEFAULT_ALIGN, ...options };
  const fs = audio.sampleRate;
  // With the Arp's timestamp the prediction is good to a fraction of a millisecond: look close, so the tail of a
  // note before cannot be taken for this one. Without it, the Start's USB jitter must be covered.
  const searchUs = startKnown ? o.knownSearchUs : o.searchUs;
  const search = Math.round((searchUs * fs) / 1e6);
  const noiseLen = Math.round((o.noiseUs * fs) / 1e6);
  const found: { e: BufferEvent; onset: number }[] = [];
  const after = Math.round((o.searchUs * fs) / 1e6);
  for (const e of cleanNoteOns(events, o.quietUs)) {
    const expected = predictedStart + samplesPerUs * e.timeUs;
    const from = Math.floor(expected - search - noiseLen);
    const x = audio.read(from, noiseLen + search + after + 4800);
    const est = detectOnset(x, noiseLen, noiseLen + search + after, 0);
    if (est) found.push({ e, onset: from + est.position });
  }
  const method = startKnown ? 'timestamp' : found.length > 0 ? 'onsets' : 'predicted';
  let startSample = method === 'onsets' ? median(found.map((f) => f.onset - samplesPerUs * f.e.timeUs)) : predictedStart;
  // A long take measures the Arp's clock rate better than the calibration's seconds did: with enough notes spread
  // over enough time, the take's own line (robust to odd notes) gives the rate (and, without a timestamp, the start).
  const span = found.length ? (found[found.length - 1] as { e: BufferEvent }).e.timeUs - (found[0] as { e: BufferEvent }).e.timeUs : 0;
  if (found.length >= o.minNotesForRate && span >= o.minSpanForRateUs) {
    if (startKnown) {
      // The rate from the notes' own line (its intercept is free, so the start's small error cannot tilt it); the
      // start is then corrected below by the notes' median offset.
      const fit = robustFitLine(found.map((f) => f.e.timeUs), found.map((f) => f.onset));
      if (Math.abs(fit.slope / samplesPerUs - 1) < 500e-6) samplesPerUs = fit.slope;
    } else {
      const fit = robustFitLine(found.map((f) => f.e.timeUs), found.map((f) => f.onset));
      // Keep the calibration's rate when the take's disagrees wildly (a wrong note matched, a broken take).
      if (Math.abs(fit.slope / samplesPerUs - 1) < 500e-6) {
        startSample = fit.intercept;
        samplesPerUs = fit.slope;
      }
    }
  }
  // The timestamp places the notes as the calibration pings sounded; the Arp's playback loop may be consistently a
  // little later or earlier than its calibration reply (a few tens of µs). Enough clean notes measure that offset.
  if (startKnown && found.length >= o.minNotesForOffset) {
    const offset = median(found.map((f) => f.onset - (startSample + samplesPerUs * f.e.timeUs)));
    if (Math.abs(offset) <= (o.maxOffsetUs * fs) / 1e6) startSample += offset;
  }
  const notes = found.map((f) => ({
    timeUs: f.e.timeUs,
    note: f.e.note,
    onset: f.onset,
    errorSamples: f.onset - (startSample + samplesPerUs * f.e.timeUs),
  }));
  const errorSamples = absSpread(notes.map((n) => n.errorSamples));
  const toMs = (s: number): number => (s / fs) * 1000;
  return {
    startSample,
    samplesPerUs,
    driftPpm: (fs / 1e6 / samplesPerUs - 1) * 1e6,
    method,
    startCorrectionSamples: predictedStart - startSample,
    notes,
    errorSamples,
    errorMs: { p50: toMs(errorSamples.p50), p99: toMs(errorSamples.p99), max: toMs(errorSamples.max) },
  };
}

/** The aligned take: output sample n is performance time n/fs, drift removed. */
export function renderAligned(audio: AudioInput, alignment: Alignment, lengthSamples: number): Float32Array {
  const fs = audio.sampleRate;
  const step = (alignment.samplesPerUs * 1e6) / fs;
  const from = Math.floor(alignment.startSample) - 4;
  const source = audio.read(from, Math.ceil(step * lengthSamples) + 12);
  return resampleLinearMap(source, alignment.startSample - from, step, new Float32Array(lengthSamples));
}
