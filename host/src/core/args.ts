// Parsing what the user typed: slots 1-8 and channels 1-16 as printed on the hardware, gains 0-1, numbers. Every
// failure names the argument and the value and carries the usage.
import { HostError } from './host-error.js';

export const SLOTS = 8;

/** Splits a command line into words; "double" or 'single' quotes keep spaces (paths, parameter names). */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
    }
  }
  if (quote) throw new HostError('USAGE', `unterminated ${quote} quote`);
  if (has || cur) out.push(cur);
  return out;
}

function integer(text: string | undefined, what: string, min: number, max: number, usage: string, code: 'BAD_SLOT' | 'BAD_CHANNEL' | 'BAD_VALUE'): number {
  if (text === undefined) throw new HostError('USAGE', `missing ${what}`, usage);
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n)) throw new HostError(code, `${what} must be a whole number ${min}-${max}, got "${text}"`, usage);
  if (n < min || n > max) throw new HostError(code, `${what} must be ${min}-${max}, got ${n}`, usage);
  return n;
}

export const parseSlot = (text: string | undefined, usage: string): number => integer(text, 'slot', 1, SLOTS, usage, 'BAD_SLOT');
export const parseChannel = (text: string | undefined, usage: string): number => integer(text, 'MIDI channel', 1, 16, usage, 'BAD_CHANNEL');
export const parseIndex = (text: string | undefined, what: string, max: number, usage: string): number =>
  integer(text, what, 1, Math.max(1, max), usage, 'BAD_VALUE');
export const parseIntIn = (text: string | undefined, what: string, min: number, max: number, usage: string): number => integer(text, what, min, max, usage, 'BAD_VALUE');

/** A finite number, optionally within [min, max]. */
export function parseNumber(text: string | undefined, what: string, usage: string, min = -Infinity, max = Infinity): number {
  if (text === undefined) throw new HostError('USAGE', `missing ${what}`, usage);
  const n = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) throw new HostError('BAD_VALUE', `${what} must be a number, got "${text}"`, usage);
  if (n < min || n > max) throw new HostError('BAD_VALUE', `${what} must be ${min}-${max}, got ${n}`, usage);
  return n;
}

export const parseGain = (text: string | undefined, usage: string): number => parseNumber(text, 'gain', usage, 0, 1);

/** @throws HostError USAGE when there are more than `n` arguments */
export function noMoreThan(args: readonly string[], n: number, usage: string): void {
  if (args.length > n) throw new HostError('USAGE', `unexpected "${args.slice(n).join(' ')}"`, usage);
}
