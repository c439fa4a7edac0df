// MIDI ports of an engine (engine.midi), through RtMidi in the addon (ALSA sequencer and JACK MIDI). Instrument
// inputs feed the engine's MIDI scheduler natively (stamped on arrival, sample-accurate, never through JS);
// control inputs deliver their messages to JS from a dispatcher thread, batched, with their native arrival time.
import type { NativeLive, NativeMidiPortInfo, NativeMidiPortList, NativeMidiPortState } from './load-addon.js';

export type MidiApi = 'alsa' | 'jack';
/** 'instrument': channel messages go to the engine (routing → slots); SysEx and system messages still reach JS.
 *  'control': everything goes to JS (control surfaces, the Arp's SysEx). */
export type MidiInputMode = 'instrument' | 'control';
export type MidiPortInfo = NativeMidiPortInfo;
/** Ports per direction; `problems` says which API could not be listed and why. */
export type MidiPortList = NativeMidiPortList;
/** An opened port with its counters; `present` is false once the port it connected to is gone (unplugged). */
export type MidiPortState = NativeMidiPortState;

/** An opened port: pass it (or its id) to send(), close(), clock.enable(). */
export interface MidiPort {
  readonly id: number;
  readonly direction: 'input' | 'output';
  readonly api: MidiApi;
  readonly name: string;
  readonly virtual: boolean;
  readonly mode?: MidiInputMode;
}

/** A message from a control-mode input (or a non-channel message from an instrument input). */
export interface ControlMidiMessage {
  port: number;
  /** Arrival on the engine clock (Engine.nowNs()), stamped natively. */
  timeNs: number;
  bytes: Uint8Array;
}

export type ControlHandler = (message: ControlMidiMessage) => void;

export interface OpenInputOptions {
  mode: MidiInputMode;
  /** Only this API's ports; default both (ALSA first). */
  api?: MidiApi;
  /** Receives this port's control messages (as well as onControl()). */
  onMessage?: ControlHandler;
}

function portOf(state: NativeMidiPortState): MidiPort {
  const port: MidiPort = { id: state.id, direction: state.direction, api: state.api, name: state.name, virtual: state.virtual };
  return state.mode === undefined ? port : { ...port, mode: state.mode };
}

export interface OutputOptions {
  api?: MidiApi;
  /**
   * How a JACK output delivers: 'frame' (default) — the engine's own JACK client writes a message at the frame of
   * its time (the MIDI clock's ticks land on their Link time; sends go out at the next cycle's first frame);
   * 'rtmidi' — RtMidi's JACK output, everything at the next cycle's first frame (kept for comparison).
   */
  jackDelivery?: 'frame' | 'rtmidi';
}

export class MidiPorts {
  readonly #live: () => NativeLive;
  readonly #handlers = new Map<number, ControlHandler>();
  #global: ControlHandler | undefined;
  #installed = false;

  /** @internal Created by Engine; use engine.midi. */
  constructor(live: () => NativeLive) {
    this.#live = live;
  }

  /** The system's MIDI ports now. Never rejects for a missing API: see `problems`. */
  async ports(): Promise<MidiPortList> {
    return this.#live().midiPorts();
  }

  /**
   * Opens an input by index (in ports().inputs) or by name substring (case-insensitive).
   * @throws EngineError ERR_MIDI_PORT_NOT_FOUND (lists the ports there are), ERR_MIDI_PORT, ERR_TOO_MANY_PORTS
   *   (at most 7 instrument inputs), ERR_BAD_ARGUMENT, ERR_CLOSED
   */
  async openInput(port: number | string, options: OpenInputOptions): Promise<MidiPort> {
    this.#install();
    const state = await this.#live().openMidiInput(typeof port === 'number' ? port : -1, typeof port === 'string' ? port : '',
      options.api ?? '', options.mode);
    if (options.onMessage !== undefined) this.#handlers.set(state.id, options.onMessage);
    return portOf(state);
  }

  /** Opens an output by index (in ports().outputs) or name substring. @throws EngineError as openInput */
  async openOutput(port: number | string, options: OutputOptions = {}): Promise<MidiPort> {
    const state = await this.#live().openMidiOutput(typeof port === 'number' ? port : -1, typeof port === 'string' ? port : '',
      options.api ?? '', options.jackDelivery);
    return portOf(state);
  }

  /** Creates a port other programs send to (JACK by default; tests use these as stand-in devices). */
  async createVirtualInput(name: string, options: OpenInputOptions): Promise<MidiPort> {
    this.#install();
    const state = await this.#live().createVirtualInput(options.api ?? 'jack', name, options.mode);
    if (options.onMessage !== undefined) this.#handlers.set(state.id, options.onMessage);
    return portOf(state);
  }

  /** Creates a port other programs receive from (JACK by default). */
  async createVirtualOutput(name: string, options: OutputOptions = {}): Promise<MidiPort> {
    return portOf(await this.#live().createVirtualOutput(options.api ?? 'jack', name, options.jackDelivery));
  }

  /**
   * Sends one complete message (channel, system or SysEx F0…F7) to an output. A frame-accurate JACK output writes it
   * exactly one JACK period after `fromNs` (engine clock, Engine.nowNs(); default: now), at that time's frame, so its
   * delay is known (a `fromNs` more than a period old makes it late: the next cycle's first frame). ALSA and RtMidi's
   * JACK delivery send it now.
   * @throws EngineError ERR_BAD_MIDI, ERR_MIDI_PORT_NOT_OPEN, ERR_MIDI_PORT, ERR_BAD_ARGUMENT (fromNs)
   */
  send(port: MidiPort | number, bytes: readonly number[] | Uint8Array, fromNs?: number): void {
    this.#live().sendMidiOut(typeof port === 'number' ? port : port.id, bytes, fromNs);
  }

  /** Closes a port (and stops the clock on it). @throws EngineError ERR_MIDI_PORT_NOT_OPEN */
  async close(port: MidiPort | number): Promise<void> {
    const id = typeof port === 'number' ? port : port.id;
    await this.#live().closeMidiPort(id);
    this.#handlers.delete(id);
  }

  /** Opened ports with counters and whether they are still present (a new listing each call). */
  async states(): Promise<MidiPortState[]> {
    return this.#live().midiPortStates();
  }

  /** Receives every control message of every input (null: stop). */
  onControl(handler: ControlHandler | null): void {
    this.#global = handler ?? undefined;
    this.#install();
  }

  /** Messages delivered to JS and batches dropped because JS fell behind. */
  controlStats(): { delivered: number; dropped: number } {
    return this.#live().controlStats();
  }

  #install(): void {
    if (this.#installed) return;
    this.#installed = true;
    this.#live().setControlHandler((messages) => {
      for (const message of messages) {
        this.#handlers.get(message.port)?.(message);
        this.#global?.(message);
      }
    });
  }
}
