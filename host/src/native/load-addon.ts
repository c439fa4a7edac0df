// The one place that loads the native engine addon (@vcpi/native, built by scripts/setup.d/20-native.sh).
// Everything else in vcpi goes through the typed wrapper in engine.ts.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The addon's raw interface (flat arguments; engine.ts gives it a typed, object-shaped API). */
export interface NativeEngine {
  load(plugin: string, slot: number, insert: boolean, position: number): Promise<NativePluginSummary>;
  remove(slot: number, index: number): Promise<void>;
  move(slot: number, from: number, to: number): Promise<void>;
  parameters(slot: number, index: number): Promise<NativeParameterInfo[]>;
  setParameter(slot: number, index: number, parameter: string | number, value: number, normalised: boolean): Promise<NativeParameterInfo>;
  getState(slot: number, index: number): Promise<string>;
  setState(slot: number, index: number, state: string): Promise<void>;
  summary(): Promise<NativeEngineSummary>;
  render(frames: number, events: readonly NativeRenderEvent[], originNs?: number): Promise<Float32Array>;
  close(): Promise<void>;
  setGain(slot: number, gain: number): void;
  setMute(slot: number, mute: boolean): void;
  setSolo(slot: number, solo: boolean): void;
  setMasterGain(gain: number): void;
  setRoute(channel: number, slot: number): void;
  routes(): number[];
  sendMidi(bytes: readonly number[] | Uint8Array, timeNs?: number): void;
  testNote(slot: number, note: number, velocity: number, durationMs: number): void;
  setMidiPolicy(policy: 'timestamp' | 'block-start'): void;
  setMeasuring(on: boolean): void;
  stats(): NativeEngineStats;
  resetTiming(): void;
}

export interface NativePluginSummary {
  name: string;
  format: 'VST3' | 'LV2';
  identifier: string;
  isInstrument: boolean;
  inputs: number;
  outputs: number;
  latency: number;
}

export interface NativeParameterInfo {
  index: number;
  name: string;
  unit: string;
  value: number;
  text: string;
  min: number;
  max: number;
  normalised: number;
  steps: number;
}

export interface NativeSlotSummary {
  slot: number;
  instrument: NativePluginSummary | null;
  inserts: NativePluginSummary[];
  gain: number;
  mute: boolean;
  solo: boolean;
}

export interface NativeEngineSummary {
  slots: NativeSlotSummary[];
  master: NativePluginSummary[];
  masterGain: number;
  latency: number;
}

export interface NativeEngineStats {
  blocks: number;
  graphSwaps: number;
  midiQueueDrops: number;
  midiOverflowDrops: number;
  midiBlockDrops: number;
  midiLate: number;
  midiUnrouted: number;
  samplePosition: number;
  pluginNanos: number;
  totalNanos: number;
}

export type NativeRenderEvent =
  | { offset: number; data: readonly number[] | Uint8Array; slot?: number }
  | { timeNs: number; data: readonly number[] | Uint8Array; slot?: number };

export interface NativeAddon {
  Engine: new (sampleRate: number, blockSize: number, probeCachePath: string, probeTimeoutMs: number, probeExecutable: string) => NativeEngine;
  nowNs(): number;
}

let cached: NativeAddon | undefined;

/** Directory of the built addon and its helper executable (vcpi-plugin-probe). */
export function addonDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vcpi/native/package.json')), 'build', 'Release');
}

/**
 * Loads vcpi_engine.node once.
 * @throws Error (code ERR_ADDON_MISSING) when the addon is not built.
 */
export function loadAddon(): NativeAddon {
  if (cached !== undefined) return cached;
  const path = join(addonDirectory(), 'vcpi_engine.node');
  if (!existsSync(path)) {
    const error = new Error(`native engine: ${path} does not exist; build it with 'bash scripts/setup.sh'`);
    Object.assign(error, { code: 'ERR_ADDON_MISSING' });
    throw error;
  }
  const require = createRequire(import.meta.url);
  cached = require(path) as NativeAddon;
  return cached;
}
