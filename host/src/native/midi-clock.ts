// MIDI clock (engine.clock): 24 PPQN to enabled outputs from a native high-priority thread, tick k at the time of
// Link beat k/24; Start lands on a bar boundary of the Link quantum.
import type { NativeClockStatus, NativeLive } from './load-addon.js';
import type { MidiPort } from './midi-ports.js';

export type ClockStatus = NativeClockStatus;

/** A tick as the clock thread sent it (for measurements). */
export interface ClockTick {
  /** k: the tick of beat k/24. */
  index: number;
  /** Link's time for that beat when it was sent (engine clock, ns). */
  scheduledNs: number;
  /** When the clock thread sent it; to frame-accurate JACK outputs only: when it handed it over, `leadNs` early. */
  sentNs: number;
  /** How early it was meant to be handed over (one JACK period and a margin when every output is frame-accurate; else 0). */
  leadNs: number;
}

export class MidiClock {
  readonly #live: () => NativeLive;

  /** @internal Created by Engine; use engine.clock. */
  constructor(live: () => NativeLive) {
    this.#live = live;
  }

  /** Sends the clock to an output (the thread runs while any output is enabled). @throws EngineError ERR_MIDI_PORT_NOT_OPEN, ERR_TOO_MANY_PORTS */
  enable(port: MidiPort | number, on = true): void {
    this.#live().clockEnable(typeof port === 'number' ? port : port.id, on);
  }

  /** Sends Start just before the tick of the next bar boundary (Link quantum). */
  start(): void {
    this.#live().clockStart();
  }

  /** Sends Stop before the next tick. */
  stop(): void {
    this.#live().clockStop();
  }

  status(): ClockStatus {
    return this.#live().clockStatus();
  }

  /** The ticks sent since the last call (the log keeps the last 16384). */
  takeTicks(): ClockTick[] {
    const flat = this.#live().clockTicks();
    const ticks: ClockTick[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4)
      ticks.push({ index: flat[i] ?? 0, scheduledNs: flat[i + 1] ?? 0, sentNs: flat[i + 2] ?? 0, leadNs: flat[i + 3] ?? 0 });
    return ticks;
  }
}
