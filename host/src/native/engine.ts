// Typed wrapper over the native audio engine (native/engine). Thin by design: it names things, converts plugin
// references to the addon's flat arguments, and documents the thread rules; the engine does the work.
//
// Message-thread operations (load, remove, move, parameters, state, summary, render, close) return Promises and
// never block the JS thread. Mixer, routing and MIDI calls are lock-free and synchronous. The live side (audio
// devices, MIDI ports, Link, MIDI clock) is created on first use of engine.audio/midi/link/clock.
// Errors are `Error`s with a stable `code` (see EngineErrorCode) and the underlying library's message.
import { AudioControl, type AudioStatus } from './audio.js';
import { LinkControl, type LinkStatus } from './link.js';
import { MidiClock, type ClockStatus } from './midi-clock.js';
import { MidiPorts, type MidiPortState } from './midi-ports.js';
import {
  loadAddon,
  addonDirectory,
  type NativeEngine,
  type NativeLive,
  type NativeEngineStats,
  type NativeMallocStats,
  type NativeEngineSummary,
  type NativeParameterInfo,
  type NativePluginSummary,
  type NativeRenderEvent,
  type NativeSlotSummary,
  type NativeTransport,
} from './load-addon.js';
import { join } from 'node:path';

export type PluginSummary = NativePluginSummary;
export type ParameterInfo = NativeParameterInfo;
export type SlotSummary = NativeSlotSummary;
export type EngineSummary = NativeEngineSummary;
export type EngineStats = NativeEngineStats;
export type MallocStats = NativeMallocStats;
/** The position hosted plugins were last given (engine.transport()). */
export type TransportStatus = NativeTransport;
/** A MIDI event for render(): at an exact sample `offset`, or arriving `timeNs` after the render's start. */
export type RenderEvent = NativeRenderEvent;
export type MidiPolicy = 'timestamp' | 'block-start';

export type EngineErrorCode =
  | 'ERR_BAD_ARGUMENT' | 'ERR_BAD_SLOT' | 'ERR_BAD_INDEX' | 'ERR_BAD_CHANNEL' | 'ERR_BAD_VALUE' | 'ERR_BAD_MIDI'
  | 'ERR_BAD_STATE' | 'ERR_NO_PLUGIN' | 'ERR_UNKNOWN_PARAMETER' | 'ERR_PLUGIN_NOT_FOUND' | 'ERR_NOT_A_PLUGIN'
  | 'ERR_PLUGIN_LOAD' | 'ERR_PLUGIN_CRASHED' | 'ERR_PLUGIN_TIMEOUT' | 'ERR_PROBE' | 'ERR_MIDI_QUEUE_FULL'
  | 'ERR_BUSY' | 'ERR_CLOSED' | 'ERR_ADDON_MISSING' | 'ERR_AUDIO_DEVICE' | 'ERR_AUDIO_SAMPLE_RATE' | 'ERR_RECORDING'
  | 'ERR_MIDI_PORT' | 'ERR_MIDI_PORT_NOT_FOUND' | 'ERR_MIDI_PORT_NOT_OPEN' | 'ERR_TOO_MANY_PORTS';

/** An error thrown or rejected by the engine. */
export interface EngineError extends Error {
  code: EngineErrorCode;
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** A plugin in the engine: a slot's instrument, one of its inserts (0-based), or a master effect (0-based). */
export type PluginRef = { slot: number; insert?: number } | { master: number };

/** Where load() puts a plugin. `position` (0-based) inserts into a chain; omitted: appended. */
export type LoadTarget =
  | { slot: number; as: 'instrument' }
  | { slot: number; as: 'insert'; position?: number }
  | { master: true; position?: number };

export interface EngineOptions {
  /** Hz; default 48000. */
  sampleRate?: number;
  /** Frames per processing block (and the MIDI scheduling delay); default 256. */
  blockSize?: number;
  /** Where successful plugin probes are remembered; default ~/.cache/vcpi/plugin-probe.json. */
  probeCachePath?: string;
  /** How long a plugin may take to load in the probe before it counts as hung; default 20000. */
  probeTimeoutMs?: number;
}

/** The addon's number for the master chain (slots are 1..8, so 0 and 9 stay bad slots). */
const MASTER_CHAIN = -1;

function flatRef(ref: PluginRef): [number, number] {
  if ('master' in ref) return [MASTER_CHAIN, ref.master];
  return [ref.slot, ref.insert ?? -1];
}

/** Everything live at once (engine.status()). */
export interface EngineStatus {
  audio: AudioStatus;
  midi: MidiPortState[];
  link: LinkStatus;
  clock: ClockStatus;
  control: { delivered: number; dropped: number };
}

export class Engine {
  readonly sampleRate: number;
  readonly blockSize: number;
  /** Live audio: devices, start/stop, input routing, WAV tap, status. */
  readonly audio: AudioControl;
  /** MIDI ports: list, open (instrument/control), virtual ports, send, presence. */
  readonly midi: MidiPorts;
  /** Ableton Link: enable, tempo, quantum, start/stop sync, beat/phase. */
  readonly link: LinkControl;
  /** MIDI clock (24 PPQN) to outputs, phase-locked to Link. */
  readonly clock: MidiClock;
  readonly #native: NativeEngine;
  #live: NativeLive | undefined;

  /** @throws EngineError ERR_BAD_ARGUMENT (bad options), ERR_ADDON_MISSING (addon not built). */
  constructor(options: EngineOptions = {}) {
    const addon = loadAddon();
    this.sampleRate = options.sampleRate ?? 48000;
    this.blockSize = options.blockSize ?? 256;
    this.#native = new addon.Engine(this.sampleRate, this.blockSize, options.probeCachePath ?? '',
      options.probeTimeoutMs ?? 20000, join(addonDirectory(), 'vcpi-plugin-probe'));
    const live = (): NativeLive => {
      this.#live ??= new addon.Live(this.#native);
      return this.#live;
    };
    this.audio = new AudioControl(live);
    this.midi = new MidiPorts(live);
    this.link = new LinkControl(live);
    this.clock = new MidiClock(live);
  }

  /** Audio, MIDI ports (with presence), Link and clock status together. @throws EngineError ERR_CLOSED */
  async status(): Promise<EngineStatus> {
    return {
      audio: this.audio.status(),
      midi: await this.midi.states(),
      link: this.link.status(),
      clock: this.clock.status(),
      control: this.midi.controlStats(),
    };
  }

  /**
   * The transport every hosted plugin reads as its play head, as the audio thread last positioned a block: Link's
   * beat when Link is enabled, else the internal tempo advancing with the samples processed (offline renders too).
   */
  transport(): TransportStatus {
    return this.#native.transport();
  }

  /**
   * The engine's tempo: what plugins see when Link is off and offline renders run at. Once the live side exists
   * this is Link's tempo (engine.link.setTempo: peers follow), which the MIDI clock runs at too.
   * @throws EngineError ERR_BAD_VALUE (outside 20..999)
   */
  setTempo(bpm: number): void {
    if (this.#live === undefined) this.#native.setTempo(bpm);
    else this.#live.linkSetTempo(bpm);
  }

  /**
   * Beats per bar of the transport (the time signature's numerator over 4) and, once the live side exists, of
   * Link's phase and the clock's Start. @throws EngineError ERR_BAD_VALUE (outside 1..64)
   */
  setQuantum(beats: number): void {
    if (this.#live === undefined) this.#native.setQuantum(beats);
    else this.#live.linkSetQuantum(beats);
  }

  /** The engine's monotonic clock in ns (the time base of sendMidi's `timeNs`). */
  static nowNs(): number {
    return loadAddon().nowNs();
  }

  /**
   * Loads a VST3 (path to a .vst3 bundle) or LV2 plugin (URI, or path to an .lv2 bundle). A plugin not seen
   * before is first loaded in a child process, so one that crashes rejects with ERR_PLUGIN_CRASHED.
   * @throws EngineError ERR_PLUGIN_NOT_FOUND, ERR_NOT_A_PLUGIN, ERR_PLUGIN_LOAD, ERR_PLUGIN_CRASHED,
   *   ERR_PLUGIN_TIMEOUT, ERR_BAD_SLOT, ERR_BAD_INDEX, ERR_CLOSED
   */
  async load(plugin: string, target: LoadTarget): Promise<PluginSummary> {
    if ('master' in target) return this.#native.load(plugin, MASTER_CHAIN, true, target.position ?? -1);
    if (target.as === 'instrument') return this.#native.load(plugin, target.slot, false, -1);
    return this.#native.load(plugin, target.slot, true, target.position ?? -1);
  }

  /** @throws EngineError ERR_BAD_SLOT, ERR_BAD_INDEX, ERR_NO_PLUGIN */
  async remove(ref: PluginRef): Promise<void> {
    return this.#native.remove(...flatRef(ref));
  }

  /** Moves an effect within a slot's insert chain or the master chain. @throws EngineError ERR_BAD_SLOT, ERR_BAD_INDEX */
  async move(chain: number | 'master', from: number, to: number): Promise<void> {
    return this.#native.move(chain === 'master' ? MASTER_CHAIN : chain, from, to);
  }

  /** The plugin's user-facing parameters. @throws EngineError ERR_BAD_SLOT, ERR_BAD_INDEX, ERR_NO_PLUGIN */
  async parameters(ref: PluginRef): Promise<ParameterInfo[]> {
    return this.#native.parameters(...flatRef(ref));
  }

  /**
   * Sets a parameter (by name or index among parameters()) in native units, or normalised 0..1.
   * @throws EngineError ERR_UNKNOWN_PARAMETER, ERR_BAD_VALUE, ERR_BAD_SLOT, ERR_BAD_INDEX, ERR_NO_PLUGIN
   */
  async setParameter(ref: PluginRef, parameter: string | number, value: number, options: { normalised?: boolean } = {}): Promise<ParameterInfo> {
    const [slot, index] = flatRef(ref);
    return this.#native.setParameter(slot, index, parameter, value, options.normalised ?? false);
  }

  /**
   * The plugin's full state, base64. A parameter change reaches an LV2 plugin at once; a VST3 gets it with the
   * next processed block (render or live audio), so render before reading a VST3's state after changing it.
   */
  async getState(ref: PluginRef): Promise<string> {
    return this.#native.getState(...flatRef(ref));
  }

  /** Restores a state from getState(). @throws EngineError ERR_BAD_STATE and the reference errors */
  async setState(ref: PluginRef, state: string): Promise<void> {
    const [slot, index] = flatRef(ref);
    return this.#native.setState(slot, index, state);
  }

  /** What is loaded where, the mixer settings and the total latency. */
  async summary(): Promise<EngineSummary> {
    return this.#native.summary();
  }

  /**
   * Renders `frames` offline: interleaved stereo (L, R, L, R, …). Deterministic for the same graph and events.
   * @throws EngineError ERR_BAD_ARGUMENT, ERR_BAD_MIDI, ERR_BUSY (another render runs), ERR_CLOSED
   */
  async render(frames: number, events: readonly RenderEvent[] = [], options: { originNs?: number } = {}): Promise<Float32Array> {
    return options.originNs === undefined ? this.#native.render(frames, events) : this.#native.render(frames, events, options.originNs);
  }

  /**
   * Stops the clock and the audio device, closes the MIDI ports, leaves Link and destroys every plugin (on the
   * engine's message thread). Later operations reject with ERR_CLOSED.
   */
  async close(): Promise<void> {
    try {
      await this.#native.close();
    } finally {
      this.#live?.dispose();
    }
  }

  /** Slot gain 0..1 (smoothed). @throws EngineError ERR_BAD_SLOT, ERR_BAD_VALUE */
  setGain(slot: number, gain: number): void {
    this.#native.setGain(slot, gain);
  }

  /** @throws EngineError ERR_BAD_SLOT */
  setMute(slot: number, mute: boolean): void {
    this.#native.setMute(slot, mute);
  }

  /** When any slot is soloed only soloed slots sound; a muted slot stays silent. @throws EngineError ERR_BAD_SLOT */
  setSolo(slot: number, solo: boolean): void {
    this.#native.setSolo(slot, solo);
  }

  /** @throws EngineError ERR_BAD_VALUE */
  setMasterGain(gain: number): void {
    this.#native.setMasterGain(gain);
  }

  /** Routes MIDI channel 1..16 to slot 1..8 (several channels may share a slot). @throws EngineError ERR_BAD_CHANNEL, ERR_BAD_SLOT */
  route(channel: number, slot: number): void {
    this.#native.setRoute(channel, slot);
  }

  /** @throws EngineError ERR_BAD_CHANNEL */
  unroute(channel: number): void {
    this.#native.setRoute(channel, 0);
  }

  /** Slot of each channel 1..16 (index 0 = channel 1), 0 when unrouted. */
  routes(): number[] {
    return this.#native.routes();
  }

  /**
   * Queues a channel message that arrived at `timeNs` (Engine.nowNs() clock; default now). It sounds at that time
   * plus one block (the fixed scheduling delay), routed by its channel.
   * @throws EngineError ERR_BAD_MIDI, ERR_MIDI_QUEUE_FULL
   */
  sendMidi(bytes: readonly number[] | Uint8Array, timeNs?: number): void {
    if (timeNs === undefined) this.#native.sendMidi(bytes);
    else this.#native.sendMidi(bytes, timeNs);
  }

  /** Plays a note on a slot directly (bypassing routing). @throws EngineError ERR_BAD_SLOT, ERR_BAD_VALUE */
  testNote(slot: number, note: number, velocity = 100, durationMs = 500): void {
    this.#native.testNote(slot, note, velocity, durationMs);
  }

  /** 'timestamp' (default, sample-accurate) or 'block-start' (the seed's behaviour, for comparison). */
  setMidiPolicy(policy: MidiPolicy): void {
    this.#native.setMidiPolicy(policy);
  }

  /** Measures time inside plugins and in the whole block (stats().pluginNanos / totalNanos). */
  setMeasuring(on: boolean): void {
    this.#native.setMeasuring(on);
  }

  /** Counters: blocks, graph swaps, MIDI drops (queue, overflow, per block), late and unrouted events, timing. */
  stats(): EngineStats {
    return this.#native.stats();
  }

  resetTiming(): void {
    this.#native.resetTiming();
  }

  /**
   * glibc's malloc figures for the whole process (in use, held free, heap, mmapped): tells a leak (in use grows)
   * from memory malloc keeps (free grows) and from memory outside malloc (neither). Walks malloc's free lists under
   * their locks: for diagnosis, not for polling.
   */
  mallocStats(): MallocStats {
    return this.#native.mallocStats();
  }
}
