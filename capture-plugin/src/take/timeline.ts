// The host's musical timeline in audio samples: tempo, bar length, and where beat 0 falls. The plugin fills it from
// the host's transport (or Link); tests make one up.

export interface Timeline {
  sampleRate: number;
  bpm: number;
  beatsPerBar: number;
  /** audio sample position of beat 0 (may be fractional, or negative) */
  originSample: number;
}

export const samplesPerBar = (t: Timeline): number => (t.sampleRate * 60 * t.beatsPerBar) / t.bpm;

/** The first bar boundary at or after `sample`. */
export function nextBarSample(t: Timeline, sample: number): number {
  const len = samplesPerBar(t);
  return t.originSample + Math.ceil((sample - t.originSample) / len - 1e-9) * len;
}

/** Bar number (0-based, fractional) at `sample`. */
export const barAt = (t: Timeline, sample: number): number => (sample - t.originSample) / samplesPerBar(t);
