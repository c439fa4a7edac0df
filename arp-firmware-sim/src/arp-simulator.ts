// The simulated Arp: the Vintage Mode firmware logic (VintageApp) on a VirtualBoard. Host side: hostSend() bytes
// into USB, read what comes back (usbOut) and what goes to the synth (din). Time only moves when runUntil() or
// advanceTime() runs the main loop, so a test controls it completely; RealTimeArp drives it from a real clock.
import { toHex } from '@vcpi/protocol';
import { VintageApp } from './arp-app.js';
import type { DeviceModel } from './device-model.js';
import { RecordingHooks, type ArpHooks } from './hooks.js';
import { DEFAULT_READ_CHUNK, VirtualBoard, type DinRecord, type UsbRecord } from './virtual-board.js';

export interface ArpSimulatorOptions {
  /** device model overrides (M4_DEFAULTS otherwise) */
  model?: Partial<DeviceModel>;
  /** seed of the main-loop jitter, default 1 */
  seed?: number;
  /** DIN output channel 1-16, default 1 */
  dinChannel?: number;
  /** the firmware's spin limit per tick, µs (default 2000; 0 = send on ticks only) */
  spinMaxUs?: number;
  /** hooks for the rest of the Arp firmware; default RecordingHooks (see `hooks`) */
  hooks?: ArpHooks;
  /** keep every DIN and USB message in `din` / `usbOut` (default true; off for long live runs) */
  record?: boolean;
  onDin?: (record: DinRecord) => void;
  onUsbOut?: (record: UsbRecord) => void;
}

export interface SendOptions {
  /** when the host sends, µs of simulation time; default now */
  atUs?: number;
  /** bytes per USB read on the board, default 48 (a full USB-MIDI packet) */
  chunk?: number;
}

/** Everything that left the board, with integer-ns times: the form the scenario runner and parity test compare. */
export interface Trace {
  usbOut: { hex: string; atNs: number }[];
  din: { hex: string; startNs: number; endNs: number }[];
  hooks: string[];
  forwarded: string[];
}

export class ArpSimulator {
  readonly board: VirtualBoard;
  readonly app: VintageApp;
  readonly hooks: ArpHooks;
  readonly din: DinRecord[] = [];
  readonly usbOut: UsbRecord[] = [];

  /** @throws RangeError for a bad model parameter, DIN channel or spin limit */
  constructor(options: ArpSimulatorOptions = {}) {
    const record = options.record ?? true;
    const { onDin, onUsbOut } = options;
    this.board = new VirtualBoard(options.model ?? {}, options.seed ?? 1, {
      onDin: (r) => {
        if (record) this.din.push(r);
        onDin?.(r);
      },
      onUsbOut: (r) => {
        if (record) this.usbOut.push(r);
        onUsbOut?.(r);
      },
    });
    this.hooks = options.hooks ?? new RecordingHooks();
    const board = this.board;
    this.app = new VintageApp(
      { readinto: (buf, max) => board.usbReadinto(buf, max) },
      { write: (bytes) => board.usbWrite(bytes) },
      { write: (bytes) => board.uartWrite(bytes) },
      () => board.monotonicNs(),
      {
        hooks: this.hooks,
        ...(options.dinChannel !== undefined ? { dinChannel: options.dinChannel } : {}),
        ...(options.spinMaxUs !== undefined ? { spinMaxUs: options.spinMaxUs } : {}),
      },
    );
  }

  get vintage(): VintageApp['vintage'] {
    return this.app.vintage;
  }

  /** Simulation time, µs. */
  get nowUs(): number {
    return this.board.nowUs;
  }

  /** The host sends bytes over USB. @throws RangeError for a bad chunk size or time */
  hostSend(bytes: Uint8Array, options: SendOptions = {}): void {
    this.board.hostSend(bytes, options.atUs ?? this.board.nowUs, options.chunk ?? DEFAULT_READ_CHUNK);
  }

  /** Runs the main loop up to `endUs` of simulation time. */
  runUntil(endUs: number): void {
    this.board.runUntil(endUs, () => this.app.step());
  }

  /** Runs the main loop for `ms` more milliseconds. */
  advanceTime(ms: number): void {
    this.runUntil(this.board.nowUs + ms * 1000);
  }

  trace(): Trace {
    const rec = this.hooks instanceof RecordingHooks ? this.hooks : undefined;
    return {
      usbOut: this.usbOut.map((r) => ({ hex: toHex(r.bytes), atNs: Math.round(r.atUs * 1000) })),
      din: this.din.map((r) => ({ hex: toHex(r.bytes), startNs: Math.round(r.startUs * 1000), endNs: Math.round(r.endUs * 1000) })),
      hooks: rec ? [...rec.calls] : [],
      forwarded: rec ? rec.forwarded.map((b) => toHex(b)) : [],
    };
  }
}
