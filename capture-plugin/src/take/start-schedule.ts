// When to send Start (CC 100) so that the take's time 0 sounds on a bar boundary of the host's timeline: the next bar
// that leaves enough time, minus the calibrated round trip (host sends → synth sounds).
import type { ClockMap } from '../audio/clock-map.js';
import type { CalibrationResult } from '../calibration/calibration-types.js';
import { nextBarSample, type Timeline } from './timeline.js';

export interface StartPlan {
  /** host µs at which to send CC 100 */
  sendUs: number;
  /** audio sample of the bar where the take's time 0 will sound */
  barSample: number;
}

/** `leadUs`: the least time from now to the send (default 50 ms), so the timer is never late. */
export function planStart(now: number, clock: ClockMap, timeline: Timeline, calibration: Pick<CalibrationResult, 'roundTripSamples'>, leadUs = 50_000): StartPlan {
  const earliest = clock.sampleAt(now + leadUs) + calibration.roundTripSamples;
  const barSample = nextBarSample(timeline, earliest);
  return { sendUs: clock.hostUsAt(barSample - calibration.roundTripSamples), barSample };
}
