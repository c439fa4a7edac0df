// The Arp plays a buffer from its own loop, which may send a note a few tens of µs later (or earlier) than it
// answers a ping. A short probe measures that once per calibration: four notes after silence, started with
// PlaybackStarted's timestamp, each heard against where the ping line puts it. Takes add the median offset.
import { encodeLoadBuffer, unwrapU28, type BufferEvent } from '@vcpi/protocol';
import { detectOnset } from '../dsp/onset.js';
import { median } from '../dsp/stats.js';
import { CaptureError } from '../errors.js';
import type { ArpClock } from './arp-clock.js';
import { ACK_AFTER_US } from './calibration-fit.js';
import { ditherUs, waitForSilence, type PingContext } from './ping-series.js';
import type { NoiseStats } from '../dsp/onset.js';

export interface PlaybackProbe {
  /** median (heard − predicted) of the probe's notes, samples */
  offsetSamples: number;
  notesHeard: number;
}

/** Undefined when the Arp does not send PlaybackStarted (firmware before PROTOCOL.md §3.4) or no note was heard. */
export async function probePlayback(ctx: PingContext, clock: ArpClock, releaseUs: number, noise: NoiseStats, notes = 8): Promise<PlaybackProbe | undefined> {
  const { io, link, audio, abort } = ctx;
  await waitForSilence(ctx, noise);
  const fs = audio.sampleRate;
  const gap = Math.round(ACK_AFTER_US + (Number.isFinite(releaseUs) ? releaseUs : 200_000) + 100_000);
  const events: BufferEvent[] = [];
  for (let i = 0; i < notes; i++) {
    // Dithered like the pings, so the timer's rounding averages out.
    const t = 50_000 + i * gap + Math.round(ditherUs(i));
    events.push({ timeUs: t, note: 60, velocity: 127, on: true });
    events.push({ timeUs: t + ACK_AFTER_US, note: 60, velocity: 0, on: false });
  }
  const loaded = link.expect((r) => r.message.type === 'Status', io.clock.nowUs() + 300_000, abort, 'calibration');
  link.send(encodeLoadBuffer(events));
  const status = (await loaded)?.message;
  if (status?.type !== 'Status' || status.code !== 'Ok') {
    throw new CaptureError('ARP_REFUSED', `the Arp refused the playback probe: ${status?.type === 'Status' ? status.code : 'no Status'}`, 'try calibrating again');
  }
  const started = link.expect((r) => r.message.type === 'PlaybackStarted' || (r.message.type === 'Status' && r.message.code !== 'Ok'), io.clock.nowUs() + 300_000, abort, 'calibration');
  const sentUs = link.command({ type: 'StartPlayback' });
  const reply = (await started)?.message;
  const expectedArp = clock.arpAtHost(sentUs);
  if (reply?.type !== 'PlaybackStarted' || expectedArp === undefined) {
    link.command({ type: 'StopPlayback' });
    return undefined;
  }
  const start = unwrapU28(expectedArp, reply.timeUs);
  const last = events[events.length - 1] as BufferEvent;
  const end = Math.ceil(clock.predict(start + last.timeUs)) + Math.round(0.2 * fs);
  await audio.waitUntil(end, io.clock.nowUs() + (last.timeUs + 2_000_000), abort);
  const noiseLen = Math.round(0.02 * fs);
  const search = Math.round(0.002 * fs);
  const offsets: number[] = [];
  for (const e of events) {
    if (!e.on) continue;
    const expected = clock.predict(start + e.timeUs);
    const from = Math.floor(expected - search - noiseLen);
    const x = audio.read(from, noiseLen + search + Math.round(0.02 * fs) + 4800);
    const est = detectOnset(x, noiseLen, noiseLen + search + Math.round(0.02 * fs), 0);
    if (est) offsets.push(from + est.position - expected);
  }
  return offsets.length ? { offsetSamples: median(offsets), notesHeard: offsets.length } : undefined;
}
