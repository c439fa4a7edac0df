import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bestLag, detectOnset, estimatePeriod, fitLine, quantile, resampleLinearMap, robustFitLine, sampleAt } from '@vcpi/capture-plugin';
import { seeded } from '@vcpi/arp-firmware-sim';

const fs = 48_000;

/** A note with a linear attack starting at fractional sample t0, plus seeded noise. */
function note(t0: number, attackSamples: number, noise: number, seed: number, n = 24_000, freq = 261.63): Float32Array {
  const r = seeded(seed);
  const x = new Float32Array(n);
  const phase = r() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    let g = 0;
    for (let k = 0; k < 4; k++) g += r();
    x[i] = (g - 2) * Math.sqrt(3) * noise;
    const dt = i - t0;
    if (dt >= 0) x[i] = (x[i] as number) + 0.5 * (attackSamples > 0 ? Math.min(1, dt / attackSamples) : 1) * Math.sin((2 * Math.PI * freq * dt) / fs + phase);
  }
  return x;
}

function onsetErrors(attackMs: number, noise: number): number[] {
  const errs: number[] = [];
  for (let seed = 1; seed <= 30; seed++) {
    const t0 = 6000 + seed * 37.37;
    const est = detectOnset(note(t0, (attackMs * fs) / 1000, noise, seed), 4000, 20_000, 500);
    errs.push(est ? est.position - t0 : Number.POSITIVE_INFINITY);
  }
  return errs;
}

test('onset: fast attack (≤ 0.5 ms) at −60 dB noise: median |error| < 0.5 sample, max < 5', () => {
  for (const attack of [0, 0.5]) {
    const e = onsetErrors(attack, 1e-3).map(Math.abs);
    assert.ok(quantile(e, 0.5) < 0.5, `attack ${attack} ms: median ${quantile(e, 0.5)}`);
    assert.ok(Math.max(...e) < 5, `attack ${attack} ms: max ${Math.max(...e)}`);
  }
});

test('onset: slow attacks (20, 50 ms) are found by the envelope, unbiased within a few samples', () => {
  for (const attack of [20, 50]) {
    const e = onsetErrors(attack, 1e-3);
    const mean = e.reduce((a, b) => a + b, 0) / e.length;
    assert.ok(Math.abs(mean) < 2, `attack ${attack} ms: mean error ${mean}`);
    assert.ok(quantile(e.map(Math.abs), 0.5) < 4, `attack ${attack} ms: median |error| ${quantile(e.map(Math.abs), 0.5)}`);
  }
});

test('onset: silence and noise alone give no onset', () => {
  const x = note(1e9, 0, 1e-3, 3);
  assert.is(detectOnset(x, 4000, 20_000, 500), undefined);
});

test('period of a sine and a saw; none for noise', () => {
  const sine = Float32Array.from({ length: 8192 }, (_, i) => Math.sin((2 * Math.PI * i) / 183.5));
  assert.ok(Math.abs((estimatePeriod(sine, 0, 4096) as number) - 183.5) < 0.2);
  const saw = Float32Array.from({ length: 8192 }, (_, i) => ((i / 91.75) % 1) * 2 - 1);
  assert.ok(Math.abs((estimatePeriod(saw, 0, 4096) as number) - 91.75) < 0.3);
  const r = seeded(9);
  const noise = Float32Array.from({ length: 8192 }, () => r() - 0.5);
  assert.is(estimatePeriod(noise, 0, 4096), undefined);
});

test('bestLag measures a fractional shift', () => {
  const a = note(100, 0, 0, 1, 4096);
  for (const shift of [0, 3.25, -7.5, 12.8]) {
    const b = Float32Array.from({ length: 4096 }, (_, i) => sampleAt(a, i - shift));
    const lag = bestLag(a, 200, b, 200, 2048, 32);
    assert.ok(Math.abs(lag.lag - shift) < 0.05, `shift ${shift}: got ${lag.lag}`);
    assert.ok(lag.peak > 0.99);
  }
});

test('line fits: exact, robust against an outlier, errors on degenerate input', () => {
  const xs = [0, 1, 2, 3, 4, 5, 6, 7];
  const ys = xs.map((x) => 3 + 0.5 * x);
  const f = fitLine(xs, ys);
  assert.ok(Math.abs(f.slope - 0.5) < 1e-12 && Math.abs(f.intercept - 3) < 1e-12);
  const noisy = [...ys];
  noisy[4] = (noisy[4] as number) + 40;
  const r = robustFitLine(xs, noisy);
  assert.ok(Math.abs(r.slope - 0.5) < 1e-9, `slope ${r.slope}`);
  assert.not.ok(r.kept.includes(4));
  assert.throws(() => fitLine([1, 1], [2, 3]), /all x values are equal/);
  assert.throws(() => fitLine([1], [2]), /at least 2 points/);
});

test('drift-corrected resampling follows a sine to 1e-3', () => {
  const f = 1000;
  const src = Float32Array.from({ length: 48_000 }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs));
  const step = 1 + 100e-6;
  const out = resampleLinearMap(src, 10.3, step, new Float32Array(40_000));
  let worst = 0;
  for (let k = 0; k < out.length; k++) worst = Math.max(worst, Math.abs((out[k] as number) - Math.sin((2 * Math.PI * f * (10.3 + k * step)) / fs)));
  assert.ok(worst < 1e-3, `worst ${worst}`);
});

test.run();
