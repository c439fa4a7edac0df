// Running the simulated Arp in real time: a stand-in device for users without an Arp. The simulator keeps its own
// modelled time; RealTimeArp moves it along with a real clock on a timer, takes host bytes through send() and hands
// the board's USB replies and DIN messages to endpoint callbacks. The wiring to real MIDI ports comes later.
//
// Threading: everything runs on the caller's event loop (Node timers). Callbacks fire when the simulation reaches
// the message, at most one timer period after its simulated time; the record's times are the simulated ones.
import { performance } from 'node:perf_hooks';
import { ArpSimulator, type ArpSimulatorOptions } from './arp-simulator.js';
import type { DinRecord, UsbRecord } from './virtual-board.js';

/** A source of time in microseconds (monotonic). */
export interface Clock {
  nowUs(): number;
}

/** Microseconds of the process's monotonic clock (performance.now). */
export class RealClock implements Clock {
  nowUs(): number {
    return performance.now() * 1000;
  }
}

/** Timers as RealTimeArp uses them; injectable so a test can drive it without waiting. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface RealTimeArpOptions extends Omit<ArpSimulatorOptions, 'onDin' | 'onUsbOut'> {
  /** default RealClock */
  clock?: Clock;
  /** default Node's timers */
  timers?: Timers;
  /** how often the simulation catches up with the clock, ms (default 1) */
  periodMs?: number;
  /** the Arp's USB MIDI output (Status, ACK, identity replies) */
  onUsbOut?: (record: UsbRecord) => void;
  /** the Arp's DIN output, to a synth (SimSynth.receive) or a MIDI port */
  onDin?: (record: DinRecord) => void;
}

export class RealTimeArp {
  readonly simulator: ArpSimulator;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly periodMs: number;
  private origin = 0;
  private handle: unknown = undefined;
  private running = false;

  /** @throws RangeError for a bad period or simulator option */
  constructor(options: RealTimeArpOptions = {}) {
    const { clock, timers, periodMs, ...sim } = options;
    this.clock = clock ?? new RealClock();
    this.timers = timers ?? NODE_TIMERS;
    this.periodMs = periodMs ?? 1;
    if (!(this.periodMs > 0 && this.periodMs <= 1000)) throw new RangeError(`RealTimeArp: periodMs must be in (0, 1000], got ${String(periodMs)}`);
    this.simulator = new ArpSimulator({ record: false, ...sim });
  }

  /** Simulated time that corresponds to now, µs (0 at start()). */
  get simulatedNowUs(): number {
    return this.running ? this.clock.nowUs() - this.origin : this.simulator.nowUs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.origin = this.clock.nowUs() - this.simulator.nowUs;
    this.schedule();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  /** Bytes from the host to the Arp's USB MIDI input, arriving now. */
  send(bytes: Uint8Array): void {
    this.simulator.hostSend(bytes, { atUs: Math.max(this.simulatedNowUs, this.simulator.nowUs) });
  }

  /** Runs the simulation up to the clock's now (the timer calls this; a caller may too). */
  catchUp(): void {
    if (this.running) this.simulator.runUntil(this.clock.nowUs() - this.origin);
  }

  private schedule(): void {
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      if (!this.running) return;
      this.catchUp();
      this.schedule();
    }, this.periodMs);
  }
}
