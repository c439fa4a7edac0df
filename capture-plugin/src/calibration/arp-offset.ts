// Where the Arp's clock sits on the audio clock, from the USB side of the pings. The onsets give the Arp's clock
// against the audio clock up to one unknown: the synth's latency. The USB messages pin that offset down, but only if
// the Arp's own delays are told apart from the wire's: it notices a Calibrate on its next USB read (up to a loop pass
// later) and writes the ACK when its loop gets there. The CalibrationTiming (PROTOCOL.md §3.5) says when the
// Calibrate can have arrived (after the last empty read, by the read that returned it) and when the ACK left, so
//   - each ping bounds (offset − one-way latency) to an interval; where most intervals overlap is the estimate, good
//     to a fraction of the Arp's loop pass once a dozen pings have fallen at different loop phases;
//   - each ACK gives (offset + one-way latency) to a timer step;
// and with the same latency both ways (USB's, or a JACK period each way) the two halves give the offset and the latency.
// Without CalibrationTiming (an Arp running the spec's firmware) the half round trip stands in, carrying half the loop's
// pick-up delay.
import type { ClockMap } from '../audio/clock-map.js';
import { median } from '../dsp/stats.js';
import type { Ping } from './calibration-types.js';

/** The Arp's timer step: monotonic_ns() advances at 16 384 Hz (PROTOCOL.md §3.3's times are read in these steps). */
export const ARP_TIMER_STEP_US = 1e6 / 16384;

/**
 * How long after its clock read the Arp does what the time stands for (starts the USB read, writes the ACK or the
 * note-on): one monotonic_ns() call on the Arp's SAMD51, an estimate (the device model's clock_read_us).
 */
export const ARP_CLOCK_READ_US = 10;

export interface ArpLine {
  /** the Arp's µs of the reference point */
  anchorArpUs: number;
  /** audio samples per Arp µs (the onset line's slope) */
  samplesPerArpUs: number;
}

export interface ArpOffset {
  /**
   * The audio sample at which the Arp's clock (as it would read if it were not rounded to timer steps) shows
   * `anchorArpUs`.
   */
  offsetSample: number;
  /** host ↔ Arp USB latency, one way, samples */
  oneWaySamples: number;
  /** how far the offset can be off from what the USB times bound it to (half the overlap's width), samples */
  boundSamples: number;
  /** pings whose CalibrationTiming bounded the offset */
  bracketed: number;
  method: 'arrival-window' | 'half-round-trip';
}

/** Where the audio clock stood when the ping left: as read while it ran, or from `clock` now. */
export const sentSampleOf = (p: Ping, clock: ClockMap): number => p.sentSample ?? clock.sampleAt(p.sentUs);
/** Where the audio clock stood when its ACK arrived. */
export const ackSampleOf = (p: Ping, clock: ClockMap): number => p.ackSample ?? clock.sampleAt(p.ackUs);

/** Arp µs → audio samples without the offset: the line's slope from the anchor. */
const along = (line: ArpLine, arpUs: number): number => line.samplesPerArpUs * (arpUs - line.anchorArpUs);

/**
 * The offset from pings with CalibrationTiming; undefined when fewer than 3 have it.
 * `clock`: host µs → audio samples.
 */
export function offsetFromTiming(pings: readonly Ping[], line: ArpLine, clock: ClockMap): ArpOffset | undefined {
  const timed = pings.filter((p): p is Ping & { timing: NonNullable<Ping['timing']> } => p.timing !== undefined);
  if (timed.length < 3) return undefined;
  const step = line.samplesPerArpUs * ARP_TIMER_STEP_US;
  const read = line.samplesPerArpUs * ARP_CLOCK_READ_US;
  // w = offset − one-way: the Calibrate arrived (sent + one-way) after the empty read began and no later than the
  // read that returned it began; each read begins a clock read after its time, which is rounded down by up to a step.
  const lows: number[] = [];
  const highs: number[] = [];
  for (const p of timed) {
    const sent = sentSampleOf(p, clock);
    lows.push(sent - along(line, p.timing.readArpUs) - step - read);
    highs.push(sent - along(line, p.timing.emptyArpUs) - read);
  }
  const overlap = deepestOverlap(lows, highs);
  // z = offset + one-way: the ACK left a clock read after its time, which is half a step late on average (rounded down).
  const z = median(timed.map((p) => ackSampleOf(p, clock) - along(line, p.timing.ackArpUs) - step / 2 - read));
  const w = (overlap.from + overlap.to) / 2;
  return {
    offsetSample: (w + z) / 2,
    oneWaySamples: (z - w) / 2,
    boundSamples: (overlap.to - overlap.from) / 4,
    bracketed: overlap.count,
    method: 'arrival-window',
  };
}

/**
 * The offset from the ACK round trips alone, half of it taken as the one-way latency: biased by half the Arp's
 * pick-up delay less half its ACK delay. `holdUs`: how long the Arp holds each ping before its ACK, on its clock.
 */
export function offsetFromRoundTrip(pings: readonly Ping[], line: ArpLine, clock: ClockMap, holdUs: number): ArpOffset {
  const holdSamples = line.samplesPerArpUs * holdUs;
  const oneWay = median(pings.map((p) => (ackSampleOf(p, clock) - sentSampleOf(p, clock) - holdSamples) / 2));
  // The Arp's timestamp, rounded down, is on average half a step before the moment it stands for.
  const step = line.samplesPerArpUs * ARP_TIMER_STEP_US;
  const offset = median(pings.map((p) => sentSampleOf(p, clock) + oneWay - along(line, p.arpUs) - step / 2));
  return { offsetSample: offset, oneWaySamples: oneWay, boundSamples: Number.NaN, bracketed: 0, method: 'half-round-trip' };
}

/**
 * The stretch covered by the most of the intervals [lows[i], highs[i]] (the first such stretch), and how many cover it.
 * With exact bounds every interval holds the true value, and the stretch is their intersection.
 */
export function deepestOverlap(lows: readonly number[], highs: readonly number[]): { from: number; to: number; count: number } {
  const edges: { x: number; d: number }[] = [];
  lows.forEach((lo, i) => {
    const hi = highs[i] as number;
    if (!(hi >= lo)) return; // an empty or NaN interval bounds nothing
    edges.push({ x: lo, d: 1 }, { x: hi, d: -1 });
  });
  if (edges.length === 0) return { from: Number.NaN, to: Number.NaN, count: 0 };
  // Openings before closings at the same x, so touching intervals count as overlapping there.
  edges.sort((a, b) => a.x - b.x || b.d - a.d);
  let depth = 0;
  let best = { from: Number.NaN, to: Number.NaN, count: 0 };
  edges.forEach((e, i) => {
    depth += e.d;
    if (e.d === 1 && depth > best.count) best = { from: e.x, to: (edges[i + 1] as { x: number }).x, count: depth };
  });
  return best;
}
