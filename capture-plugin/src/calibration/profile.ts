// Calibration profiles: one per Arp + synth setup, kept in the injected storage and reused until the user
// calibrates again. What is kept is what stays true across sessions (latencies, drift, the verdict); the clock anchor
// of a calibration is only valid while the Arp and the audio device keep running, so a session re-anchors.
import { CaptureError } from '../errors.js';
import type { Storage } from '../io.js';
import type { CalibrationResult } from './calibration-types.js';

export const PROFILE_VERSION = 1;

export interface CalibrationProfile {
  version: number;
  /** the setup's name, chosen by the user (e.g. "Juno-60 via Scarlett in 1") */
  setup: string;
  /** when it was measured (ISO 8601) */
  measuredAt: string;
  result: Omit<CalibrationResult, 'pings'>;
}

const key = (setup: string): string => `vintagecapture/profile/${setup}`;

export function saveProfile(storage: Storage, setup: string, result: CalibrationResult, measuredAt: string): CalibrationProfile {
  if (!setup.trim()) throw new CaptureError('INVALID_ARGUMENT', 'a calibration profile needs a setup name');
  const { pings: _pings, ...rest } = result;
  const profile: CalibrationProfile = { version: PROFILE_VERSION, setup, measuredAt, result: rest };
  storage.write(key(setup), JSON.stringify(profile, null, 2));
  const names = listProfiles(storage);
  if (!names.includes(setup)) storage.write('vintagecapture/profiles', JSON.stringify([...names, setup]));
  return profile;
}

/** @throws CaptureError BAD_PROFILE naming the setup and what is wrong */
export function loadProfile(storage: Storage, setup: string): CalibrationProfile | undefined {
  const text = storage.read(key(setup));
  if (text === undefined) return undefined;
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch (err) {
    throw new CaptureError('BAD_PROFILE', `profile "${setup}" is not valid JSON: ${(err as Error).message}`, 'calibrate again to replace it');
  }
  const obj = p as Partial<CalibrationProfile>;
  if (!obj || typeof obj !== 'object' || obj.version !== PROFILE_VERSION || typeof obj.result !== 'object' || obj.result === null) {
    throw new CaptureError('BAD_PROFILE', `profile "${setup}" has version ${String(obj?.version)}, expected ${PROFILE_VERSION}`, 'calibrate again to replace it');
  }
  for (const field of ['sampleRate', 'latencySamples', 'roundTripSamples', 'samplesPerArpUs', 'driftPpm'] as const) {
    if (typeof obj.result[field] !== 'number' || !Number.isFinite(obj.result[field])) {
      throw new CaptureError('BAD_PROFILE', `profile "${setup}": result.${field} is not a number`, 'calibrate again to replace it');
    }
  }
  return obj as CalibrationProfile;
}

export function listProfiles(storage: Storage): string[] {
  const text = storage.read('vintagecapture/profiles');
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}
