// Modular microsecond arithmetic for 28-bit timestamps (PROTOCOL.md §3.2, §3.3): the Arp's ACK clock and Append
// timestamps wrap every 2^28 µs (~268 s), so consumers compare them with modular differences.
import { U28_MODULUS } from './constants.js';
import type { U28 } from './types.js';

const HALF = U28_MODULUS / 2;

/** `t` modulo 2^28, for any integer (also negative). */
export function wrapU28(t: number): U28 {
  const m = t % U28_MODULUS;
  return m < 0 ? m + U28_MODULUS : m;
}

/** (a − b) mod 2^28, in [0, 2^28): how far `a` is ahead of `b` going forward. */
export function diffU28(a: U28, b: U28): number {
  return wrapU28(a - b);
}

/** (a − b) as the nearest signed difference, in [−2^27, 2^27). */
export function signedDiffU28(a: U28, b: U28): number {
  const d = diffU28(a, b);
  return d >= HALF ? d - U28_MODULUS : d;
}

/**
 * Extends a wrapped timestamp to a full time line: the value congruent to `wrapped` (mod 2^28) nearest to
 * `reference` (an already unwrapped time). Correct while the true distance from the reference is under 2^27 µs.
 */
export function unwrapU28(reference: number, wrapped: U28): number {
  return reference + signedDiffU28(wrapped, wrapU28(reference));
}
