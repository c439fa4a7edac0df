// A whole studio on a virtual clock, for testing a host against the Arp: USB MIDI with latency and jitter (order
// kept), the simulated Arp playing on its own drifting clock, DIN to a SimSynth, and an audio interface delivering
// the synth's sound in blocks. The host under test gets a clock, timers and a way to send to the Arp, and receives
// bytes from the Arp and audio blocks. Time moves only in `runUntil`/`until`, so every run is exact and repeatable;
// `onsets` says where every note really started, to check what the host measured.
import { ArpSimulator } from './arp-simulator.js';
import type { DeviceModel } from './device-model.js';
import { Mulberry32 } from './rng.js';
import { SimSynth, type SimSynthOptions } from './sim-synth.js';

export interface VirtualStudioOptions {
  sampleRate: number;
  blockSize: number;
  /** one-way USB latency, µs, each direction */
  usbLatencyUs: number;
  /** extra uniform random latency per USB message, 0..usbJitterUs (message order is kept) */
  usbJitterUs: number;
  arpModel: Partial<DeviceModel>;
  synth: SimSynthOptions;
  seed: number;
  /** false: the Arp's USB cable is out (nothing reaches it, nothing comes back) */
  arpConnected: boolean;
  /** false: the DIN cable to the synth is out */
  synthConnected: boolean;
  /** each note's latency varies by ± this, µs (a jittery path) */
  synthJitterUs: number;
  /** flips a bit in this many of the next LoadBuffer/AppendBuffer messages sent to the Arp (tests resends) */
  corruptBuffers: number;
}

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

export class VirtualStudio {
  readonly o: VirtualStudioOptions;
  readonly arp: ArpSimulator;
  readonly synth: SimSynth;
  /** true time = host time = audio time, µs */
  now = 0;
  /** messages the host has sent to the Arp */
  sentToArp = 0;
  /** where each note-on the synth received really starts sounding, samples (fractional) */
  readonly onsets: { note: number; sample: number }[] = [];
  /** the host's receivers */
  onArpBytes: (bytes: Uint8Array, hostUs: number) => void = () => undefined;
  onAudio: (block: Float32Array, startSample: number, hostUs: number) => void = () => undefined;
  readonly clock = { nowUs: (): number => this.now };
  readonly timers = {
    setAt: (at: number, fn: () => void): number => this.schedule(Math.max(at, this.now), fn).seq,
    clear: (id: number): void => {
      const p = this.queue.find((q) => q.seq === id);
      if (p) p.fn = () => undefined;
    },
  };
  private readonly queue: Pending[] = [];
  private seq = 0;
  private readonly rng: Mulberry32;
  private lastToArp = 0;
  private lastToHost = 0;
  private nextBlock = 0;

  /** @throws RangeError for a bad Arp model or synth option */
  constructor(options: Partial<VirtualStudioOptions> = {}) {
    this.o = {
      sampleRate: 48_000,
      blockSize: 256,
      usbLatencyUs: 1000,
      usbJitterUs: 0,
      arpModel: {},
      synth: {},
      seed: 1,
      arpConnected: true,
      synthConnected: true,
      synthJitterUs: 0,
      corruptBuffers: 0,
      ...options,
    };
    this.rng = new Mulberry32(this.o.seed * 7919 + 13);
    this.synth = new SimSynth({ sampleRate: this.o.sampleRate, seed: this.o.seed, ...this.o.synth });
    this.arp = new ArpSimulator({
      model: this.o.arpModel,
      seed: this.o.seed,
      onDin: (r) => {
        if (!this.o.synthConnected) return;
        const at = r.endUs + (this.o.synthJitterUs ? (this.rng.nextFloat() * 2 - 1) * this.o.synthJitterUs : 0);
        if (((r.bytes[0] as number) & 0xf0) === 0x90 && (r.bytes[2] as number) > 0) this.onsets.push({ note: r.bytes[1] as number, sample: this.synth.onsetSample(at) });
        this.synth.midi(r.bytes, at);
      },
      onUsbOut: (r) => {
        if (!this.o.arpConnected) return;
        const at = Math.max(this.lastToHost, r.atUs + this.o.usbLatencyUs + this.jitter());
        this.lastToHost = at;
        const bytes = r.bytes.slice();
        this.schedule(at, () => this.onArpBytes(bytes, at));
      },
    });
  }

  /** The host sends bytes to the Arp now. */
  sendToArp(bytes: Uint8Array): void {
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
  }

  private jitter(): number {
    return this.o.usbJitterUs > 0 ? this.rng.nextFloat() * this.o.usbJitterUs : 0;
  }

  private schedule(at: number, fn: () => void): Pending {
    const p = { at, seq: ++this.seq, fn };
    this.queue.push(p);
    return p;
  }

  private blockEndUs(k: number): number {
    return (((k + 1) * this.o.blockSize) / this.o.sampleRate) * 1e6;
  }

  /** Runs the world until `endUs`, letting the host's promises settle after every event. */
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
        next.fn();
      } else {
        const start = this.nextBlock * this.o.blockSize;
        const block = this.synth.process(start, this.o.blockSize);
        this.nextBlock++;
        this.onAudio(block, start, (start / this.o.sampleRate) * 1e6);
      }
      await new Promise<void>((r) => setImmediate(r));
    }
    this.arp.runUntil(endUs);
    this.now = Math.max(this.now, endUs);
  }

  /** Runs until `promise` settles; throws naming `what` when `limitUs` of virtual time pass first. */
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
    if (!settled) throw new Error(`virtual studio: ${what} did not finish within ${limitUs / 1e6} s of virtual time`);
    if (error !== undefined) throw error;
    return value as T;
  }
}
