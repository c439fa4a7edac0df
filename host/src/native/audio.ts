// Live audio of an engine (engine.audio): devices, start/stop, device inputs routed to slots, a WAV tap of the
// master output, and status (load, callback time, xruns, real-time priority, a JACK server that went away).
import type { NativeAudioDevice, NativeAudioStatus, NativeLive, NativeRecordingStatus } from './load-addon.js';

export type AudioDeviceType = 'jack' | 'alsa' | 'null';
/** A device as audio.devices() lists it; `index` is what start({ index }) takes. */
export type AudioDevice = NativeAudioDevice;
/**
 * What was opened and how it runs. `xruns`: JACK's own count on JACK, late callbacks (> 1.8 periods) elsewhere.
 * `serverGone`: the device went away (JACK server stopped) and is being reopened every 500 ms.
 * `warning`: e.g. the audio thread is not real-time, or the device's buffer is larger than the engine's block.
 */
export type AudioStatus = NativeAudioStatus;
export type RecordingStatus = NativeRecordingStatus;

export interface AudioStartOptions {
  /** 'jack', 'alsa' or 'null' (runs in real time without a sound card); default: JACK, then ALSA. */
  type?: AudioDeviceType;
  /** A device by name substring (case-insensitive) or by index in devices(); default: the type's first. */
  device?: string | number;
  /** Frames per callback; default the engine's block size (JACK always uses the server's). */
  bufferSize?: number;
  /** How many device inputs to open at most (default 2). */
  inputs?: number;
}

export class AudioControl {
  readonly #live: () => NativeLive;

  /** @internal Created by Engine; use engine.audio. */
  constructor(live: () => NativeLive) {
    this.#live = live;
  }

  /** The devices of each type (JACK clients such as 'system', ALSA cards, and 'null'). */
  async devices(): Promise<AudioDevice[]> {
    return this.#live().audioDevices();
  }

  /**
   * Opens and starts a device at the engine's sample rate (stopping a running one first).
   * @throws EngineError ERR_AUDIO_DEVICE (what was tried, why it failed, what to try), ERR_AUDIO_SAMPLE_RATE
   *   (the device runs at another rate: create the Engine at that rate), ERR_BUSY (a render is running),
   *   ERR_BAD_ARGUMENT, ERR_CLOSED
   */
  async start(options: AudioStartOptions = {}): Promise<AudioStatus> {
    const device = options.device;
    return this.#live().startAudio(options.type ?? '', typeof device === 'string' ? device : '',
      typeof device === 'number' ? device : -1, options.bufferSize ?? 0, options.inputs ?? 2);
  }

  /** Stops and closes the device (renders are possible again). */
  async stop(): Promise<void> {
    return this.#live().stopAudio();
  }

  status(): AudioStatus {
    return this.#live().audioStatus();
  }

  /** Zeroes the max callback time and the load average. */
  resetPeaks(): void {
    this.#live().resetAudioPeaks();
  }

  /**
   * Feeds device inputs (1-based, as printed on the interface) to a slot's bus: its instrument (e.g. VintageCapture),
   * or its first effect when it has none, receives them. [n] feeds one input to both sides; null unroutes.
   * @throws EngineError ERR_BAD_SLOT, ERR_BAD_VALUE
   */
  routeInput(slot: number, inputs: readonly [number, number] | readonly [number] | null): void {
    if (inputs === null) {
      this.#live().setInputRoute(slot, -1, -1);
      return;
    }
    const left = inputs[0];
    const right = inputs.length > 1 ? (inputs[1] ?? left) : left;
    this.#live().setInputRoute(slot, left - 1, right - 1);
  }

  /** Input routes per slot (index 0 = slot 1): [left, right] 1-based, or null. */
  inputRoutes(): ([number, number] | null)[] {
    return this.#live().inputRoutes().map(([l, r]) => (l < 0 && r < 0 ? null : [l + 1, r + 1]));
  }

  /**
   * Records the master output to a WAV file (32-bit float, stereo) from the audio thread through a lock-free ring.
   * @throws EngineError ERR_RECORDING (not an absolute path, cannot write, already recording)
   */
  async record(path: string): Promise<void> {
    return this.#live().startRecording(path);
  }

  /** Stops recording and closes the file; says how many frames were written and dropped. */
  async stopRecording(): Promise<RecordingStatus> {
    return this.#live().stopRecording();
  }

  recording(): RecordingStatus {
    return this.#live().recordingStatus();
  }
}
