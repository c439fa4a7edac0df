// mulberry32: a small seeded PRNG, bit for bit the same as firmware/tests/rng.py so a seed gives the same main-loop
// jitter in the simulator and in the firmware's host-side tests.
export class Mulberry32 {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** Next value, an integer in [0, 2^32). */
  nextU32(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Next value in [0, 1). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }
}

/** A seeded source of numbers in [0, 1) (Mulberry32), as a function: for tests and benchmarks of other packages. */
export function seeded(seed: number): () => number {
  const m = new Mulberry32(seed);
  return () => m.nextFloat();
}
