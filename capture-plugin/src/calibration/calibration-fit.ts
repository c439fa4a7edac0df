// From observed pings to a calibration: the Arp's clock against the audio clock (a robust line through the onsets,
// free of USB jitter because both ends are timed where the sound is made and heard), the drift between them, and the
// latencies a user and the take scheduler need.
import type { ClockMap } from '../audio/clock-map.js';
import { robustFitLine } from '../dsp/linear-fit.js';
import { absSpread, median } from '../dsp/stats.js';
import { CaptureError } from '../errors.js';
import { ARP_CLOCK_READ_US, ARP_TIMER_STEP_US, offsetFromRoundTrip, offsetFromTiming, sentSampleOf } from './arp-offset.js';
import type { CalibrationResult, Confidence, Ping } from './calibration-types.js';

/** A MIDI note-on on DIN: 3 bytes × 10 bits at 31 250 baud. */
export const DIN_NOTE_ON_US = 960;
/** A ping further than this from the calibration line is an outlier, µs. */
export const OUTLIER_US = 150;
/** The Arp sends the ACK after the 100 ms calibration note (PROTOCOL.md §5.5). */
export const ACK_AFTER_US = 100_000;

export function fitCalibration(
  pings: readonly Ping[],
  sampleRate: number,
  clock: ClockMap,
  releaseMs = Number.NaN,
  noise: { rms: number; peak: number } = { rms: Number.NaN, peak: Number.NaN },
): CalibrationResult {
  const used = pings.filter((p) => Number.isFinite(p.onset));
  if (used.length < 3) {
    throw new CaptureError(
      'NO_ONSET',
      `the synth's note was heard for ${used.length} of ${pings.length} pings`,
      "check the Arp's MIDI OUT → synth MIDI IN cable, the synth's MIDI channel, the synth's audio → interface input and its level",
    );
  }
  const anchorArpUs = (used[0] as Ping).arpUs;
  // The Arp timestamps in 61 µs steps (its timer), so residuals spread over ~3 samples by design: only pings
  // further than OUTLIER_US from the line are outliers.
  const fit = robustFitLine(
    used.map((p) => p.arpUs - anchorArpUs),
    used.map((p) => p.onset),
    4,
    3,
    (OUTLIER_US * sampleRate) / 1e6,
  );
  const nominal = sampleRate / 1e6;
  const samplesPerArpUs = fit.slope;
  const driftPpm = (nominal / samplesPerArpUs - 1) * 1e6;
  const residuals = fit.kept.map((i) => fit.residuals[i] as number);
  const keptX = fit.kept.map((i) => (used[i] as Ping).arpUs - anchorArpUs);
  const meanX = keptX.reduce((a, b) => a + b, 0) / keptX.length;
  const sxx = keptX.reduce((a, x) => a + (x - meanX) ** 2, 0);
  // Quantised timestamps keep the residual RMS from going below a timer step's share; never claim better.
  const slopeSigma = Math.max(fit.rms, (61.035 * sampleRate) / 1e6 / Math.sqrt(12)) / Math.sqrt(Math.max(sxx, 1));
  const spread = absSpread(residuals);

  // Host → Arp: the line through (sent, arpUs) carries the USB jitter (and the Arp's pick-up delay) in its residuals.
  const hostFit = robustFitLine(
    used.map((p) => p.sentUs - (used[0] as Ping).sentUs),
    used.map((p) => p.arpUs - anchorArpUs),
  );
  const jitterUs = absSpread(hostFit.kept.map((i) => hostFit.residuals[i] as number)).p50;
  // Where the Arp's clock sits on the audio clock: from the Arp's own timing of each ping when it sends it, from the
  // half round trip otherwise (arp-offset.ts).
  const line = { anchorArpUs, samplesPerArpUs };
  const offset = offsetFromTiming(used, line, clock) ?? offsetFromRoundTrip(used, line, clock, ACK_AFTER_US);
  const usbSendUs = offset.oneWaySamples / nominal;
  // The note-on starts a clock read after the ping's time (itself half a timer step late on average: it is rounded
  // down) and is in the synth DIN_NOTE_ON_US later; the onset line at the anchor less all that is the synth + audio path.
  const lead = samplesPerArpUs * (ARP_TIMER_STEP_US / 2 + ARP_CLOCK_READ_US);
  const latency = fit.intercept - offset.offsetSample - lead - DIN_NOTE_ON_US * nominal;
  const roundTrip = median(used.map((p) => p.onset - sentSampleOf(p, clock)));
  const first = used[0] as Ping;

  const ms = (samples: number): number => (samples / sampleRate) * 1000;
  let confidence: Confidence;
  let verdict: string;
  const lost = pings.length - used.length;
  if (spread.max > sampleRate * 0.002) {
    throw new CaptureError(
      'INCONSISTENT',
      `pings disagree by up to ${ms(spread.max).toFixed(2)} ms after fitting`,
      'the path is noisy or jittery: raise the synth level, use a patch with a sharp attack and no LFO/portamento, check the MIDI interface',
    );
  }
  const rejected = used.length - fit.kept.length;
  const counted = `${fit.kept.length}/${pings.length} pings used${lost ? `, ${lost} unheard` : ''}${rejected ? `, ${rejected} off the line` : ''}`;
  // One Arp timer step (61 µs) of spread is the expected floor.
  const tick = (61.035 * sampleRate) / 1e6;
  if (spread.max <= tick && lost === 0 && rejected === 0) {
    confidence = 'good';
    verdict = `all ${pings.length} pings agree within ${spread.max.toFixed(2)} samples`;
  } else if (spread.max <= 3 * tick && fit.kept.length >= Math.max(3, pings.length * 0.75)) {
    confidence = 'fair';
    verdict = `${counted}; they agree within ${spread.max.toFixed(1)} samples`;
  } else {
    confidence = 'poor';
    verdict = `${counted}; they disagree by up to ${spread.max.toFixed(1)} samples (${ms(spread.max).toFixed(2)} ms)`;
  }
  return {
    sampleRate,
    pingsUsed: fit.kept.length,
    pingsSent: pings.length,
    anchorArpUs,
    anchorSample: fit.intercept,
    samplesPerArpUs,
    slopeSigma,
    driftPpm,
    driftSigmaPpm: (slopeSigma / samplesPerArpUs) * 1e6,
    releaseMs,
    playbackOffsetSamples: 0,
    playbackOffsetMs: 0,
    noiseRms: noise.rms,
    noisePeak: noise.peak,
    latencySamples: latency,
    latencyMs: ms(latency),
    roundTripSamples: roundTrip,
    roundTripMs: ms(roundTrip),
    usbSendMs: usbSendUs / 1000,
    clockSync: { method: offset.method, boundMs: ms(offset.boundSamples), bracketed: offset.bracketed },
    usbJitterMs: jitterUs / 1000,
    spreadSamples: { p50: spread.p50, max: spread.max },
    singlePingRoundTripSamples: first.onset - sentSampleOf(first, clock),
    confidence,
    verdict,
    pings: [...pings],
  };
}
