// What a calibration measures and reports.

export interface CalibrationOptions {
  /** pings (default 24: the Arp's arrival windows, PROTOCOL.md §3.5, close to ±1 sample from about 20, see arp-offset.ts) */
  pings: number;
  /** time from one ping to the next, µs (default 400 000: the 100 ms note plus the synth's release) */
  intervalUs: number;
  /** longest Arp → synth → input latency searched for, µs (default 500 000) */
  maxLatencyUs: number;
  /** how long to wait for each ACK after sending, µs (default 600 000; the Arp sends it after the 100 ms note) */
  ackTimeoutUs: number;
  /** silence measured before the first ping, µs (default 300 000) */
  noiseUs: number;
  /** samples after an onset analysed for its attack (default 4800: 100 ms at 48 kHz) */
  analysisSamples: number;
}

export const DEFAULT_CALIBRATION: CalibrationOptions = {
  pings: 24,
  intervalUs: 400_000,
  maxLatencyUs: 500_000,
  ackTimeoutUs: 600_000,
  noiseUs: 300_000,
  analysisSamples: 4800,
};

/** One ping as observed. Times: host µs, the Arp's µs (unwrapped), audio samples (fractional). */
export interface Ping {
  index: number;
  /** host µs when CC 104 left */
  sentUs: number;
  /** the Arp's µs (mod 2^28 unwrapped onto one line) when it received CC 104 */
  arpUs: number;
  /** host µs when the ACK arrived */
  ackUs: number;
  /**
   * Audio samples at sentUs and ackUs, read from the audio clock while the ping ran (absent: read at the fit). Read
   * then, an xrun or a device restart later in the calibration cannot move them.
   */
  sentSample?: number;
  ackSample?: number;
  /** the Arp's own timing of the ping (CalibrationTiming, PROTOCOL.md §3.5), unwrapped like arpUs; absent from an Arp without it */
  timing?: PingTiming;
  /** audio sample where the synth's note starts; NaN when no onset was found */
  onset: number;
  onsetMethod: 'envelope' | 'crossing' | 'none';
  /** the note's amplitude (peak) */
  amplitude: number;
}

/** The Arp's µs (unwrapped): the Calibrate arrived after `emptyArpUs` and by `readArpUs`; the ACK left at `ackArpUs`. */
export interface PingTiming {
  emptyArpUs: number;
  readArpUs: number;
  ackArpUs: number;
}

export type Confidence = 'good' | 'fair' | 'poor';

export interface CalibrationResult {
  sampleRate: number;
  /** pings used / sent */
  pingsUsed: number;
  pingsSent: number;
  /**
   * Arp clock → audio position of the synth's sound: onset(arpUs) = anchorSample + samplesPerArpUs·(arpUs − anchorArpUs).
   * The anchor is the Arp's clock since its boot: valid while the Arp and the audio device keep running.
   */
  anchorArpUs: number;
  anchorSample: number;
  samplesPerArpUs: number;
  /** one standard error of samplesPerArpUs */
  slopeSigma: number;
  /** the Arp's crystal against the audio clock: + means the Arp's clock runs fast */
  driftPpm: number;
  /** one standard error of driftPpm */
  driftSigmaPpm: number;
  /** how long the synth keeps sounding after a note-off (its release), median over pings, ms; NaN when unknown */
  releaseMs: number;
  /**
   * How much later (+) a note the Arp plays from its buffer sounds than the ping line predicts (its playback loop
   * against its ping reply), measured by a short probe; 0 when the Arp cannot be probed (no PlaybackStarted).
   */
  playbackOffsetSamples: number;
  playbackOffsetMs: number;
  /** the input's noise floor while silent (RMS and peak, linear), which later anchor pings are measured against */
  noiseRms: number;
  noisePeak: number;
  /** note-on leaving the Arp's DIN port (end of its 3 bytes) → sound at the input: the synth + audio path */
  latencySamples: number;
  latencyMs: number;
  /** host sending a command → the synth's sound at the input, median over pings */
  roundTripSamples: number;
  roundTripMs: number;
  /** host → Arp one-way USB latency, and its jitter (p50 |deviation| from the fit, the Arp's pick-up delay included) */
  usbSendMs: number;
  /**
   * How the Arp's clock was placed on the host's: from the Arp's arrival windows and ACK times (CalibrationTiming),
   * with how far the windows leave it open (±boundMs) and how many pings bounded it; or from half the ACK round trip
   * (an Arp without CalibrationTiming: off by half its loop's pick-up delay, up to ~0.5 ms).
   */
  clockSync: { method: 'arrival-window' | 'half-round-trip'; boundMs: number; bracketed: number };
  usbJitterMs: number;
  /** residuals of the Arp → audio fit: how consistently the sound follows the Arp's clock */
  spreadSamples: { p50: number; max: number };
  /** the first ping alone, as a naive measurement would take it: host send → onset */
  singlePingRoundTripSamples: number;
  confidence: Confidence;
  /** what the verdict is based on, in words */
  verdict: string;
  pings: Ping[];
}
