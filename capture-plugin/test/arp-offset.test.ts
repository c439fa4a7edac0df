// The Arp's clock placed on the audio clock from the pings' USB times (arp-offset.ts), on a hand-built model of the
// exchange: a host that sends pings, USB one way in U µs, an Arp that notices a Calibrate only on its next loop pass
// and stamps in 61 µs timer steps, a synth that sounds L after the note-on's last DIN bit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClockMap, DEFAULT_CALIBRATION, deepestOverlap, fitCalibration, quantile, type Ping } from '@vcpi/capture-plugin';
import { seeded } from '@vcpi/arp-firmware-sim';

const FS = 48_000;
const STEP_US = 1e6 / 16384;

interface Exchange {
  /** µs one way, both ways */
  usbUs: number;
  /** the Arp's loop pass, µs, ± a quarter */
  loopUs: number;
  /** the synth: last DIN bit → sound at the input, µs */
  latencyUs: number;
  driftPpm: number;
  seed: number;
}

/** A clock map for host µs → samples along sample = 0.048·h + 1000. */
function hostClock(): ClockMap {
  const clock = new ClockMap(FS);
  for (let k = 0; k < 16; k++) clock.add(k * 5333, 1000 + (k * 5333 * FS) / 1e6);
  return clock;
}

function pings(x: Exchange, withTiming: boolean, count = DEFAULT_CALIBRATION.pings): Ping[] {
  const r = seeded(x.seed);
  const arpAt = (hostUs: number): number => 1_000_000 + hostUs * (1 + x.driftPpm / 1e6);
  const stamp = (hostUs: number): number => Math.floor(arpAt(hostUs) / STEP_US) * STEP_US;
  const sample = (hostUs: number): number => 1000 + (hostUs * FS) / 1e6;
  const out: Ping[] = [];
  for (let i = 0; i < count; i++) {
    const sentUs = 200_000 + i * 400_000 + r() * 244;
    const arrival = sentUs + x.usbUs;
    const pass = x.loopUs * (0.75 + r() * 0.5);
    // Each time is a clock read (10 µs) just before what it times.
    const readAt = arrival + r() * pass; // the next USB read after the Calibrate arrived
    const emptyAt = readAt - pass; // the one before, which found nothing
    const handled = readAt + 5 + 3 * 6; // the read, parsing three bytes: then the time t is read
    const dinStart = handled + 10;
    const ackClock = handled + 100_000 + r() * STEP_US + 330; // the spin's last step, the note-off's UART write
    out.push({
      index: i,
      sentUs,
      arpUs: stamp(handled),
      ackUs: ackClock + 10 + x.usbUs,
      ...(withTiming ? { timing: { emptyArpUs: stamp(emptyAt - 10), readArpUs: stamp(readAt - 10), ackArpUs: stamp(ackClock) } } : {}),
      onset: sample(dinStart + 960 + x.latencyUs),
      onsetMethod: 'envelope',
      amplitude: 0.5,
    });
  }
  return out;
}

const setups: Exchange[] = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => ({
  usbUs: seed % 2 ? 5333 : 1000,
  loopUs: 1000,
  latencyUs: 3000 + seed * 3700,
  driftPpm: (seed - 4) * 30,
  seed,
}));

test('with CalibrationTiming the latency comes out within 2 samples of the synth\'s (median under 1), the USB latency too', () => {
  const errors: number[] = [];
  for (const x of setups) {
    const result = fitCalibration(pings(x, true), FS, hostClock());
    const err = result.latencySamples - (x.latencyUs * FS) / 1e6;
    errors.push(Math.abs(err));
    assert.ok(Math.abs(err) <= 2, `seed ${x.seed}: latency off by ${err.toFixed(2)} samples`);
    assert.ok(Math.abs(result.usbSendMs * 1000 - x.usbUs) < 100, `seed ${x.seed}: one-way ${result.usbSendMs} ms for ${x.usbUs} µs`);
    assert.is(result.clockSync.method, 'arrival-window');
    assert.is(result.clockSync.bracketed, DEFAULT_CALIBRATION.pings);
    assert.ok(result.clockSync.boundMs < 0.1, `seed ${x.seed}: bound ±${result.clockSync.boundMs} ms`);
  }
  assert.ok(quantile(errors, 0.5) < 1, `median ${quantile(errors, 0.5)}`);
});

test('without it (an Arp on the spec\'s firmware) the half round trip stands in, off by up to half a loop pass', () => {
  let worst = 0;
  for (const x of setups) {
    const result = fitCalibration(pings(x, false), FS, hostClock());
    assert.is(result.clockSync.method, 'half-round-trip');
    worst = Math.max(worst, Math.abs(result.latencySamples - (x.latencyUs * FS) / 1e6));
    assert.ok(worst < (x.loopUs * 1.25 * FS) / 1e6 / 2 + 2, `seed ${x.seed}: off by ${worst}`);
  }
  // The pick-up delay is what CalibrationTiming removes: here it shows.
  assert.ok(worst > 2, `worst ${worst}`);
});

test('deepestOverlap: the intersection when all overlap, the most-covered stretch otherwise', () => {
  assert.equal(deepestOverlap([0, 2, 1], [5, 6, 3]), { from: 2, to: 3, count: 3 });
  assert.equal(deepestOverlap([0, 10, 11], [1, 12, 13]), { from: 11, to: 12, count: 2 });
  assert.equal(deepestOverlap([0, 1], [1, 2]), { from: 1, to: 1, count: 2 });
  assert.is(deepestOverlap([5], [4]).count, 0);
  assert.is(deepestOverlap([], []).count, 0);
});

test.run();
