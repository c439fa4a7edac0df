// A whole studio on a virtual clock: the host (this process's capture core), USB MIDI with latency and jitter, the
// simulated Arp (arp-firmware-sim) playing on its own drifting clock, DIN to a synth, and the audio interface
// delivering the synth's sound in blocks. Time moves only in `run*`, so every test is exact and repeatable.
import { ArpSimulator } from '../../../arp-firmware-sim/src/arp-simulator.js';
import type { DeviceModel } from '../../../arp-firmware-sim/src/device-model.js';
import type { CoreIo, Storage, TakeWriter } from '@vcpi/capture-plugin';
import { ToneSynth, type ToneSynthOptions } from './tone-synth.js';

export interface RigOptions {
  sampleRate: number;
  blockSize: number;
  /** one-way USB latency, µs, each direction */
  usbLatencyUs: number;
  /** extra uniform random latency per USB message, 0..usbJitterUs (order is kept) */
  usbJitterUs: number;
  arpModel: Partial<DeviceModel>;
  synth: Partial<ToneSynthOptions>;
  seed: number;
  /** false: the Arp's USB cable is out (nothing reaches it, nothing comes back) */
  arpConnected: boolean;
  /** false: the DIN cable to the synth is out */
  synthConnected: boolean;
  /** the synth's latency varies per note by ± this, µs (a jittery path) */
  synthJitterUs: number;
  /** flips a bit in this many of the next LoadBuffer/AppendBuffer messages sent to the Arp (tests resends) */
  corruptBuffers: number;
}

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

export class VirtualRig {
  readonly o: RigOptions;
  readonly arp: ArpSimulator;
  readonly synth: ToneSynth;
  readonly io: CoreIo;
  readonly files = new Map<string, Uint8Array>();
  readonly store = new Map<string, string>();
  /** true time = host time = audio time, µs */
  now = 0;
  /** messages the host has sent to the Arp */
  sentToArp = 0;
  /** receivers the test connects to the core */
  onArpBytes: (bytes: Uint8Array, hostUs: number) => void = () => undefined;
  onAudio: (block: Float32Array, startSample: number, hostUs: number) => void = () => undefined;
  private queue: Pending[] = [];
  private seq = 0;
  private rng: number;
  private lastToArp = 0;
  private lastToHost = 0;
  private nextBlock = 0;
  private timerIds = new Map<number, Pending>();

  constructor(options: Partial<RigOptions> = {}) {
    this.o = { sampleRate: 48_000, blockSize: 256, usbLatencyUs: 1000, usbJitterUs: 0, arpModel: {}, synth: {}, seed: 1, arpConnected: true, synthConnected: true, synthJitterUs: 0, corruptBuffers: 0, ...options };
    this.rng = (this.o.seed * 2654435761) >>> 0;
    this.synth = new ToneSynth({ sampleRate: this.o.sampleRate, seed: this.o.seed, ...this.o.synth });
    this.arp = new ArpSimulator({
      model: this.o.arpModel,
      seed: this.o.seed,
      record: true,
      onDin: (r) => {
        if (this.o.synthConnected) this.synth.din(r.bytes, r.endUs + (this.o.synthJitterUs ? (this.jitter01() * 2 - 1) * this.o.synthJitterUs : 0));
      },
      onUsbOut: (r) => {
        if (!this.o.arpConnected) return;
        const at = Math.max(this.lastToHost, r.atUs + this.o.usbLatencyUs + this.jitter());
        this.lastToHost = at;
        const bytes = r.bytes.slice();
        this.schedule(at, () => this.onArpBytes(bytes, at));
      },
    });
    const storage: Storage = { read: (k) => this.store.get(k), write: (k, v) => void this.store.set(k, v) };
    const takes: TakeWriter = {
      write: (name, bytes) => {
        this.files.set(name, bytes);
        return `virtual:${name}`;
      },
    };
    this.io = {
      clock: { nowUs: () => this.now },
      timers: {
        setAt: (at, fn) => {
          const p = this.schedule(Math.max(at, this.now), fn);
          this.timerIds.set(p.seq, p);
          return p.seq;
        },
        clear: (id) => {
          const p = this.timerIds.get(id);
          if (p) p.fn = () => undefined;
          this.timerIds.delete(id);
        },
      },
      sendToArp: (bytes) => {
        this.sentToArp++;
        if (!this.o.arpConnected) return;
        const at = Math.max(this.lastToArp, this.now + this.o.usbLatencyUs + this.jitter());
        this.lastToArp = at;
        const copy = bytes.slice();
        if (this.o.corruptBuffers > 0 && copy[0] === 0xf0 && copy[1] === 0x7d && (copy[2] === 0x01 || copy[2] === 0x04) && copy.length > 8) {
          this.o.corruptBuffers--;
          copy[8] = ((copy[8] as number) ^ 0x01) & 0x7f;
        }
        this.arp.hostSend(copy, { atUs: at });
      },
      storage,
      takes,
    };
  }

  private jitter01(): number {
    this.rng = (Math.imul(this.rng, 1664525) + 1013904223) >>> 0;
    return this.rng / 4294967296;
  }

  private jitter(): number {
    return this.o.usbJitterUs > 0 ? this.jitter01() * this.o.usbJitterUs : 0;
  }

  private schedule(at: number, fn: () => void): Pending {
    const p = { at, seq: ++this.seq, fn };
    this.queue.push(p);
    return p;
  }

  private blockEndUs(k: number): number {
    return (((k + 1) * this.o.blockSize) / this.o.sampleRate) * 1e6;
  }

  /** Runs the world until `endUs`, letting the core's promises settle after every event. */
  async runUntil(endUs: number): Promise<void> {
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      const blockAt = this.blockEndUs(this.nextBlock);
      const t = Math.min(next ? next.at : Number.POSITIVE_INFINITY, blockAt);
      if (t > endUs) break;
      this.arp.runUntil(t);
      this.now = Math.max(this.now, t);
      if (next && next.at <= blockAt) {
        this.queue.shift();
        this.timerIds.delete(next.seq);
        next.fn();
      } else {
        const start = this.nextBlock * this.o.blockSize;
        const block = this.synth.render(new Float32Array(this.o.blockSize), start);
        this.nextBlock++;
        this.onAudio(block, start, (start / this.o.sampleRate) * 1e6);
      }
      await new Promise<void>((r) => setImmediate(r));
    }
    this.arp.runUntil(endUs);
    this.now = Math.max(this.now, endUs);
  }

  /** Runs until `promise` settles (or `limitUs` of virtual time passes: then throws naming what it waited for). */
  async until<T>(promise: Promise<T>, limitUs = 120_000_000, what = 'the operation'): Promise<T> {
    let settled = false;
    let value: T | undefined;
    let error: unknown;
    promise.then(
      (v) => {
        settled = true;
        value = v;
      },
      (e: unknown) => {
        settled = true;
        error = e;
      },
    );
    const end = this.now + limitUs;
    while (!settled && this.now < end) await this.runUntil(Math.min(end, this.now + 10_000));
    if (!settled) throw new Error(`virtual rig: ${what} did not finish within ${limitUs / 1e6} s of virtual time`);
    if (error !== undefined) throw error;
    return value as T;
  }

  /** The Arp clock reading (µs since its boot, unwrapped) at true time `us`: for checking calibrations. */
  arpClockAt(us: number): number {
    const m = this.arp.board.model;
    return m.bootUs + us * (1 + m.driftPpm / 1e6);
  }
}
