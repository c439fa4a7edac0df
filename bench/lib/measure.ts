// Tiny benchmark helpers: warm up, then time enough iterations for a stable median; print a table with ratios to a
// chosen reference row, so figures measured in the same run can be compared side by side.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  label: string;
  /** median µs per call */
  medianUs: number;
  /** best µs per call */
  minUs: number;
  iterations: number;
}

export function measure(label: string, fn: () => void, minMs = 300): Measurement {
  for (let i = 0; i < 20; i++) fn();
  const samples: number[] = [];
  const until = performance.now() + minMs;
  let iterations = 0;
  while (performance.now() < until || samples.length < 15) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) * 1000);
    iterations++;
  }
  samples.sort((a, b) => a - b);
  return { label, medianUs: samples[samples.length >> 1] as number, minUs: samples[0] as number, iterations };
}

export function printTable(rows: Measurement[], reference: string): void {
  const ref = rows.find((r) => r.label === reference) ?? rows[0];
  const w = Math.max(...rows.map((r) => r.label.length));
  console.log(`${'case'.padEnd(w)}  ${'median µs'.padStart(10)}  ${'best µs'.padStart(9)}  ${'× ref'.padStart(6)}  runs`);
  for (const r of rows) {
    const ratio = ref ? (r.medianUs / ref.medianUs).toFixed(2) : '-';
    console.log(`${r.label.padEnd(w)}  ${r.medianUs.toFixed(1).padStart(10)}  ${r.minUs.toFixed(1).padStart(9)}  ${ratio.padStart(6)}  ${r.iterations}`);
  }
}
