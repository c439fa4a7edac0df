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
  mallocStats(): NativeMallocStats;
  resetTiming(): void;
  setTempo(bpm: number): void;
  setQuantum(beats: number): void;
  transport(): NativeTransport;
}

/** What the audio thread last handed the hosted plugins as their AudioPlayHead position (one block's start). */
export interface NativeTransport {
  bpm: number;
  /** ppq (quarter notes) of the block's first sample */
  beat: number;
  /** ppq of the last bar start: bar × quantum */
  barStartBeat: number;
  /** bars since beat 0 (floor(beat / quantum)) */
  bar: number;
  /** beats per bar (the time signature is round(quantum)/4) */
  quantum: number;
  playing: boolean;
  /** true when the position came from an enabled Link session, false: the internal tempo over samples */
  link: boolean;
  timeInSamples: number;
  /** the block's anchored time on the engine clock (Engine.nowNs()) */
  hostTimeNs: number;
  /** blocks positioned so far (0: none yet; the other fields are then the settings) */
  blocks: number;
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
  /** Plugin instances in existence: loaded, or removed and not yet freed. */
  plugins: number;
  /** Graph snapshots in existence: the audio thread's, a pending one, ones handed back and not yet freed. */
  graphs: number;
  /** malloc_trim(0) calls after plugins were freed (glibc; returns their freed heap memory to the system). */
  memoryTrims: number;
  memoryTrimNanos: number;
  midiQueueDrops: number;
  midiOverflowDrops: number;
  midiBlockDrops: number;
  midiLate: number;
  midiUnrouted: number;
  samplePosition: number;
  pluginNanos: number;
  totalNanos: number;
}

/** glibc's malloc figures for the whole process (mallinfo2), bytes. */
export interface NativeMallocStats {
  /** Handed out and not freed (heap chunks and mmapped blocks). */
  inUse: number;
  /** Held free inside malloc's heaps (resident until trimmed or reused). */
  free: number;
  /** Heap space malloc took from the system (in use + free, without mmapped blocks). */
  heap: number;
  /** Bytes and number of blocks mmapped on their own (requests at or above the mmap threshold). */
  mapped: number;
  mappedBlocks: number;
}

export type NativeRenderEvent =
  | { offset: number; data: readonly number[] | Uint8Array; slot?: number }
  | { timeNs: number; data: readonly number[] | Uint8Array; slot?: number };

export interface NativeAudioDevice {
  index: number;
  type: 'jack' | 'alsa' | 'null';
  name: string;
  inputs: number;
  outputs: number;
  sampleRates: number[];
  bufferSizes: number[];
}

export interface NativeAudioStatus {
  type: string;
  device: string;
  sampleRate: number;
  bufferSize: number;
  inputs: number;
  outputs: number;
  outputLatency: number;
  inputLatency: number;
  running: boolean;
  started: boolean;
  serverGone: boolean;
  realtime: boolean;
  priority: string;
  warning: string;
  error: string;
  callbacks: number;
  xruns: number;
  deviceXruns: number;
  callbackGaps: number;
  recoveries: number;
  clockResyncs: number;
  loadPercent: number;
  callbackMeanUs: number;
  callbackMaxUs: number;
  periodUs: number;
  /**
   * When things happened, on the engine's monotonic clock in ns (process.hrtime.bigint()'s clock; 0: not yet): the
   * longest callback since resetPeaks(), the last late callback (and its gap), the server's last xrun notice (JACK).
   */
  callbackMaxAtNs: number;
  lateCallbackAtNs: number;
  lateCallbackGapUs: number;
  jackXrunAtNs: number;
  /** The audio thread's kernel thread id (0 before the first callback). */
  threadId: number;
}

export interface NativeRecordingStatus {
  recording: boolean;
  path: string;
  frames: number;
  dropped: number;
}

export interface NativeMidiPortInfo {
  index: number;
  api: 'alsa' | 'jack';
  name: string;
}

export interface NativeMidiPortList {
  inputs: NativeMidiPortInfo[];
  outputs: NativeMidiPortInfo[];
  problems: string[];
}

export interface NativeMidiPortState {
  id: number;
  direction: 'input' | 'output';
  api: 'alsa' | 'jack';
  name: string;
  virtual: boolean;
  mode?: 'instrument' | 'control';
  present: boolean;
  received: number;
  toEngine: number;
  toControl: number;
  dropped: number;
  sent: number;
}

export interface NativeControlMessage {
  port: number;
  timeNs: number;
  bytes: Uint8Array;
}

export interface NativeLinkSnapshot {
  enabled: boolean;
  startStopSync: boolean;
  playing: boolean;
  tempo: number;
  beat: number;
  phase: number;
  quantum: number;
  peers: number;
  timeNs: number;
}

export interface NativeClockStatus {
  running: boolean;
  playing: boolean;
  startPending: boolean;
  startBeat: number;
  ticks: number;
  starts: number;
  stops: number;
  skipped: number;
  sendErrors: number;
  logDrops: number;
  maxLateUs: number;
  ports: number[];
  priority: string;
}

/** The live side of one engine (addon class Live). */
export interface NativeLive {
  audioDevices(): Promise<NativeAudioDevice[]>;
  startAudio(type: string, device: string, index: number, bufferSize: number, inputs: number): Promise<NativeAudioStatus>;
  stopAudio(): Promise<void>;
  audioStatus(): NativeAudioStatus;
  resetAudioPeaks(): void;
  setInputRoute(slot: number, left: number, right: number): void;
  inputRoutes(): [number, number][];
  startRecording(path: string): Promise<void>;
  stopRecording(): Promise<NativeRecordingStatus>;
  recordingStatus(): NativeRecordingStatus;
  midiPorts(): Promise<NativeMidiPortList>;
  openMidiInput(index: number, name: string, api: string, mode: 'instrument' | 'control'): Promise<NativeMidiPortState>;
  openMidiOutput(index: number, name: string, api: string, jackDelivery?: 'frame' | 'rtmidi'): Promise<NativeMidiPortState>;
  createVirtualInput(api: string, name: string, mode: 'instrument' | 'control'): Promise<NativeMidiPortState>;
  createVirtualOutput(api: string, name: string, jackDelivery?: 'frame' | 'rtmidi'): Promise<NativeMidiPortState>;
  sendMidiOut(port: number, bytes: readonly number[] | Uint8Array, fromNs?: number): void;
  closeMidiPort(port: number): Promise<void>;
  midiPortStates(): Promise<NativeMidiPortState[]>;
  setControlHandler(handler: ((messages: NativeControlMessage[]) => void) | null): void;
  controlStats(): { delivered: number; dropped: number };
  linkEnable(on: boolean): void;
  linkSetTempo(bpm: number): void;
  linkSetQuantum(beats: number): void;
  linkSetStartStopSync(on: boolean): void;
  linkSetPlaying(playing: boolean): void;
  linkStatus(): { app: NativeLinkSnapshot; audio: NativeLinkSnapshot };
  linkTimeAtBeat(beat: number): number;
  linkBeatAtTime(timeNs: number): number;
  clockEnable(port: number, on: boolean): void;
  clockStart(): void;
  clockStop(): void;
  clockStatus(): NativeClockStatus;
  clockTicks(): Float64Array;
  dispose(): void;
}

export interface NativeAddon {
  Engine: new (sampleRate: number, blockSize: number, probeCachePath: string, probeTimeoutMs: number, probeExecutable: string) => NativeEngine;
  Live: new (engine: NativeEngine) => NativeLive;
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
