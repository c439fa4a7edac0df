// The simulated Arp board: true time in nanoseconds, the board's quantised and drifting monotonic clock, the USB
// MIDI ports, the DIN UART with its serialisation, and the main loop. The twin of
// firmware/tests/virtual_board.py: the same model, costs and seeded jitter, so for one seed both run the firmware
// logic on the same timeline.
//
// Costs: each monotonic_ns() call advances time by clockReadUs; each USB read by usbReadUs plus usbByteUs per byte
// read (the parse); a UART write blocks until only uartFifoBytes remain to send (CircuitPython's SAMD
// busio.UART.write busy-waits); the rest of the main loop takes loopPeriodUs ± loopJitterUs.
import { deviceModel, type DeviceModel } from './device-model.js';
import { Mulberry32 } from './rng.js';

/** A 64-byte USB packet carries 16 USB-MIDI events of 3 MIDI bytes. */
export const DEFAULT_READ_CHUNK = 48;

/** A DIN message as it went over the wire: true simulation time, µs. */
export interface DinRecord {
  bytes: Uint8Array;
  /** first bit on the wire */
  startUs: number;
  /** last bit on the wire: when the synth has the whole message */
  endUs: number;
}

/** A USB message from the board to the host: true simulation time of the write, µs. */
export interface UsbRecord {
  bytes: Uint8Array;
  atUs: number;
}

export interface BoardListeners {
  onDin?: (record: DinRecord) => void;
  onUsbOut?: (record: UsbRecord) => void;
}

interface Fragment {
  at: number;
  bytes: Uint8Array;
}

export class VirtualBoard {
  readonly model: DeviceModel;
  /** true time since the simulation started, ns */
  t = 0;
  nextIteration = 0;
  iterations = 0;
  clockReads = 0;
  private readonly clockStep: number;
  private readonly clockRead: number;
  private readonly ppm: number;
  private readonly boot: number;
  private readonly byteNs: number;
  private readonly fifo: number;
  private readonly usbRead: number;
  private readonly usbByte: number;
  private readonly period: number;
  private readonly jitter: number;
  private readonly rng: Mulberry32;
  private readonly usbIn: Fragment[] = [];
  private usbHead = 0;
  private lineFree = 0;
  private readonly listeners: BoardListeners;

  /** @throws RangeError for a bad model parameter */
  constructor(model: Partial<DeviceModel> = {}, seed = 1, listeners: BoardListeners = {}) {
    const m = deviceModel(model);
    this.model = m;
    this.clockStep = 1e9 / m.clockHz;
    this.clockRead = Math.round(m.clockReadUs * 1000);
    this.ppm = m.driftPpm;
    this.boot = Math.round(m.bootUs * 1000);
    this.byteNs = Math.round(10e9 / m.dinBaud);
    this.fifo = m.uartFifoBytes;
    this.usbRead = Math.round(m.usbReadUs * 1000);
    this.usbByte = Math.round(m.usbByteUs * 1000);
    this.period = Math.round(m.loopPeriodUs * 1000);
    this.jitter = Math.round(m.loopJitterUs * 1000);
    this.rng = new Mulberry32(seed);
    this.listeners = listeners;
  }

  get nowUs(): number {
    return this.t / 1000;
  }

  /** DIN byte time, µs (320 at 31 250 baud). */
  get dinByteUs(): number {
    return this.byteNs / 1000;
  }

  // --- the board's clock ---------------------------------------------------------------------------------------

  /** time.monotonic_ns() on the board: ns since boot, in 1/clockHz steps, drifting by driftPpm. */
  monotonicNs(): number {
    const t = this.t;
    const local = this.boot + t + (this.ppm ? Math.trunc((t * this.ppm) / 1e6) : 0);
    const value = Math.floor(Math.floor(local / this.clockStep) * this.clockStep);
    this.t = t + this.clockRead;
    this.clockReads++;
    return value;
  }

  // --- USB -----------------------------------------------------------------------------------------------------

  /** The host sends `bytes` at `atUs`; the board's reads return them `chunk` bytes at a time. @throws RangeError */
  hostSend(bytes: Uint8Array, atUs: number, chunk = DEFAULT_READ_CHUNK): void {
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`hostSend: chunk must be an integer >= 1, got ${chunk}`);
    if (!Number.isFinite(atUs)) throw new RangeError(`hostSend: atUs must be a finite number, got ${atUs}`);
    const at = Math.round(atUs * 1000);
    for (let i = 0; i < bytes.length; i += chunk) this.usbIn.push({ at, bytes: bytes.slice(i, i + chunk) });
  }

  /** usb_midi.ports[0].readinto(): one received fragment (at most `max` bytes) or 0. */
  usbReadinto(buf: Uint8Array, max: number): number {
    let n = 0;
    const frag = this.usbIn[this.usbHead];
    if (frag !== undefined && frag.at <= this.t) {
      n = Math.min(frag.bytes.length, max, buf.length);
      buf.set(frag.bytes.subarray(0, n));
      if (n === frag.bytes.length) {
        this.usbIn[this.usbHead] = undefined as unknown as Fragment;
        this.usbHead++;
        if (this.usbHead > 1024 && this.usbHead * 2 > this.usbIn.length) {
          this.usbIn.splice(0, this.usbHead);
          this.usbHead = 0;
        }
      } else {
        frag.bytes = frag.bytes.subarray(n);
      }
    }
    this.t += this.usbRead + n * this.usbByte;
    return n;
  }

  /** Fragments sent by the host and not yet read. */
  get usbPending(): number {
    return this.usbIn.length - this.usbHead;
  }

  /** usb_midi.ports[1].write(). */
  usbWrite(bytes: Uint8Array): void {
    this.listeners.onUsbOut?.({ bytes: bytes.slice(), atUs: this.t / 1000 });
  }

  // --- DIN UART ------------------------------------------------------------------------------------------------

  /** busio.UART.write(): queued behind what is still on the wire; blocks until uartFifoBytes remain. */
  uartWrite(bytes: Uint8Array): void {
    const start = Math.max(this.t, this.lineFree);
    const end = start + bytes.length * this.byteNs;
    this.lineFree = end;
    this.listeners.onDin?.({ bytes: bytes.slice(), startUs: start / 1000, endUs: end / 1000 });
    this.t = Math.max(this.t, end - this.fifo * this.byteNs);
  }

  // --- main loop -----------------------------------------------------------------------------------------------

  private loopRest(): number {
    const j = this.jitter;
    return this.period + (j > 0 ? (this.rng.nextU32() % (2 * j + 1)) - j : 0);
  }

  /** Runs main-loop passes (`step()`, then the rest of the loop) while a pass starts at or before `endUs`. */
  runUntil(endUs: number, step: () => void): void {
    const end = Math.round(endUs * 1000);
    while (this.nextIteration <= end) {
      if (this.t < this.nextIteration) this.t = this.nextIteration;
      step();
      this.iterations++;
      this.nextIteration = this.t + this.loopRest();
    }
  }
}
