// The simulated Arp as a stand-in device: the TypeScript twin of the firmware (RealTimeArp) behind two JACK MIDI
// ports (its USB side: what a host sends it, what it answers), its DIN output driving a synth plugin in an engine of
// its own, whose audio goes out on JACK ports like a synth into an audio interface — late by a chosen latency.
//
// Time: the Arp's clock is the engine clock (Engine.nowNs(), µs since the simulation started). A DIN message that
// leaves the simulated Arp at Arp time t sounds at engine time t + latency: it is handed to the engine's MIDI
// scheduler with that time (less the scheduler's fixed one-block delay), so the synth starts on the sample, whatever
// the event loop's lateness — as long as the latency exceeds one JACK period (the engine takes in a period's MIDI
// when that period's callback starts) plus that lateness: checked once the audio is open, and the default latency
// grows to it. Messages the engine still had to place late are counted (lateDinMessages).
// Host bytes enter the simulation at their native arrival time (stamped by the addon), or at the simulation's now
// when the event loop delivers them later than that.
//
// Threading: everything on the caller's event loop; the engine does the real-time part.
import { createWriteStream, type WriteStream } from 'node:fs';
import { M4_DEFAULTS, RealTimeArp, type DinRecord, type UsbRecord } from '@vcpi/arp-firmware-sim';
import { HostError } from '../core/host-error.js';
import { Engine } from '../native/engine.js';
import type { MidiPort } from '../native/midi-ports.js';
import { jackConnect, jackPorts, newAudioPorts } from './jack-tools.js';

export interface SimulatedArpOptions {
  /** the synth plugin the DIN output plays (VST3/LV2 path or LV2 URI) */
  synth: string;
  /**
   * the synth's audio reaches the JACK outputs this late after the DIN message ends, ms; undefined: the default,
   * DEFAULT_LATENCY_MS or, on a longer JACK period, the shortest that period allows
   */
  latencyMs: number | undefined;
  /** Hz: the JACK server's */
  sampleRate: number;
  /** base of the MIDI port names: "<name> in" (host → Arp), "<name> out" (Arp → host) */
  name: string;
  /** the simulator's loop-jitter seed */
  seed: number;
  /** how fast the simulated Arp's crystal runs against the machine's clock, ppm (+: fast) */
  driftPpm: number;
  /** JACK input ports to connect the synth's outputs to (left, right; one: both sides to it) */
  connect: string[];
  /** writes every DIN and USB message the Arp sends, one JSON object a line (Arp µs) */
  logPath: string | undefined;
  /** 'jack' (default) or 'null' (no audio ports: the synth runs on the null device, for trying the MIDI side) */
  audio: 'jack' | 'null';
  /** probe cache of the simulator's engine */
  probeCachePath?: string;
}

export interface SimulatedArpInfo {
  midiIn: string;
  midiOut: string;
  audioOutputs: string[];
  latencyMs: number;
  sampleRate: number;
  synth: string;
}

/** How late the event loop may hand over a DIN message and still have it placed on its sample, ms. */
const LOOP_MARGIN_MS = 4;
/** The latency when none is given (on a JACK period longer than 6 ms: that period plus LOOP_MARGIN_MS), ms. */
export const DEFAULT_LATENCY_MS = 10;
const ENGINE_BLOCK = 256;

export class SimulatedArp {
  private engine: Engine | undefined;
  private arp: RealTimeArp | undefined;
  private input: MidiPort | undefined;
  private output: MidiPort | undefined;
  private log: WriteStream | undefined;
  private dinLate = 0;
  /** host messages the simulation had already run past when the event loop delivered them: count, total µs, max µs */
  private readonly hostLate = { count: 0, totalUs: 0, maxUs: 0 };
  private latencyNs = 0;

  private constructor(private readonly options: SimulatedArpOptions) {}

  /**
   * The shortest latency the simulator can place exactly, ms: one JACK period (at least the engine's 256-frame
   * block) plus the event loop's margin. A DIN message must reach the engine before the callback of the period it
   * sounds in starts, and that callback starts up to a period before the message's time.
   */
  static minimumLatencyMs(sampleRate: number, periodFrames = ENGINE_BLOCK): number {
    return (Math.max(ENGINE_BLOCK, periodFrames) / sampleRate) * 1000 + LOOP_MARGIN_MS;
  }

  /**
   * Starts the engine, the synth, the ports and the simulation.
   * @throws HostError BAD_VALUE (latency too short), UNAVAILABLE (no JACK server, tools missing), ENGINE (synth)
   */
  static async start(options: SimulatedArpOptions): Promise<{ arp: SimulatedArp; info: SimulatedArpInfo }> {
    const min = SimulatedArp.minimumLatencyMs(options.sampleRate);
    if (options.latencyMs !== undefined && !(options.latencyMs >= min && options.latencyMs <= 1000)) {
      throw new HostError('BAD_VALUE', `arp-sim: --latency-ms must be ${min.toFixed(1)}-1000 at ${options.sampleRate} Hz (one block plus ${LOOP_MARGIN_MS} ms), got ${options.latencyMs}`);
    }
    const sim = new SimulatedArp(options);
    try {
      return { arp: sim, info: await sim.open() };
    } catch (err) {
      await sim.stop();
      throw err;
    }
  }

  /**
   * DIN messages not placed on their sample (0 in a healthy run): the engine placed them late (the event loop
   * handed them over after their period's callback had started), or its queue was full.
   */
  get lateDinMessages(): number {
    return this.dinLate + (this.engine?.stats().midiLate ?? 0);
  }

  private async open(): Promise<SimulatedArpInfo> {
    const o = this.options;
    const engine = new Engine({ sampleRate: o.sampleRate, blockSize: 256, ...(o.probeCachePath ? { probeCachePath: o.probeCachePath } : {}) });
    this.engine = engine;
    const synth = await engine.load(o.synth, { slot: 1, as: 'instrument' }).catch((err: Error) => {
      throw new HostError('ENGINE', `arp-sim: cannot load the synth ${o.synth}: ${err.message}`);
    });
    if (o.logPath) this.log = createWriteStream(o.logPath, { flags: 'w' });

    let audioOutputs: string[] = [];
    if (o.audio === 'jack') {
      const before = jackPorts();
      await engine.audio.start({ type: 'jack', inputs: 0 });
      audioOutputs = newAudioPorts(before, jackPorts()).outputs;
      if (o.connect.length) {
        if (audioOutputs.length === 0) throw new HostError('UNAVAILABLE', 'arp-sim: the engine opened no JACK outputs to connect');
        audioOutputs.forEach((port, i) => jackConnect(port, o.connect[Math.min(i, o.connect.length - 1)] as string));
      }
    } else {
      await engine.audio.start({ type: 'null' });
    }
    const period = engine.audio.status().bufferSize;
    const min = SimulatedArp.minimumLatencyMs(o.sampleRate, period);
    const latencyMs = o.latencyMs ?? Math.max(DEFAULT_LATENCY_MS, Math.ceil(min * 10) / 10);
    if (latencyMs < min) {
      throw new HostError('BAD_VALUE', `arp-sim: --latency-ms ${latencyMs} is too short for the JACK period of ${period} frames ` +
        `(${((period / o.sampleRate) * 1000).toFixed(1)} ms): it must be at least ${min.toFixed(1)} (one period plus ${LOOP_MARGIN_MS} ms)`);
    }
    this.latencyNs = latencyMs * 1e6;

    const dinChannel = 1;
    engine.route(dinChannel, 1);
    const blockNs = (engine.blockSize / o.sampleRate) * 1e9;
    const arp = new RealTimeArp({
      clock: { nowUs: () => Engine.nowNs() / 1000 },
      seed: o.seed,
      model: { driftPpm: o.driftPpm },
      dinChannel,
      onDin: (r: DinRecord) => this.din(r, blockNs),
      onUsbOut: (r: UsbRecord) => this.usb(r),
    });
    this.arp = arp;
    this.output = await engine.midi.createVirtualOutput(`${o.name} out`);
    this.input = await engine.midi.createVirtualInput(`${o.name} in`, {
      mode: 'control',
      onMessage: (m) => {
        // The simulated time at which the bytes arrived (native stamp), never before what the simulation has run.
        const arrivedUs = m.timeNs / 1000 - this.originUs();
        const atUs = Math.max(arrivedUs, arp.simulator.nowUs);
        if (atUs > arrivedUs) {
          this.hostLate.count++;
          this.hostLate.totalUs += atUs - arrivedUs;
          this.hostLate.maxUs = Math.max(this.hostLate.maxUs, atUs - arrivedUs);
        }
        arp.simulator.hostSend(m.bytes, { atUs });
      },
    });
    arp.start();
    return { midiIn: this.input.name, midiOut: this.output.name, audioOutputs, latencyMs, sampleRate: o.sampleRate, synth: synth.name };
  }

  /**
   * Host messages that reached the simulation after it had run past their arrival (the event loop delivered them
   * late): they are taken at the simulation's now, so the Arp sees them that much later than they arrived.
   */
  get lateHostMessages(): { count: number; meanUs: number; maxUs: number } {
    const { count, totalUs, maxUs } = this.hostLate;
    return { count, meanUs: count ? totalUs / count : 0, maxUs };
  }

  /** Engine-clock µs of simulated time 0. */
  private originUs(): number {
    const arp = this.arp as RealTimeArp;
    return Engine.nowNs() / 1000 - arp.simulatedNowUs;
  }

  private din(r: DinRecord, blockNs: number): void {
    const engine = this.engine;
    if (!engine) return;
    // The synth has the message when its last bit is in (endUs); it sounds `latency` later on the JACK outputs.
    const soundNs = (r.endUs + this.originUs()) * 1000 + this.latencyNs;
    try {
      engine.sendMidi(r.bytes, soundNs - blockNs);
    } catch {
      this.dinLate++; // a full queue: counted, the simulation goes on
    }
    // arpUs: the Arp's own clock (µs since its boot, drifting) at the first bit: what its timestamps count in.
    const arpUs = M4_DEFAULTS.bootUs + r.startUs * (1 + this.options.driftPpm / 1e6);
    this.log?.write(`${JSON.stringify({ din: Buffer.from(r.bytes).toString('hex'), startUs: r.startUs, endUs: r.endUs, arpUs })}\n`);
  }

  private usb(r: UsbRecord): void {
    if (this.engine && this.output) {
      try {
        // Timed from the simulated moment it left (the event loop hands it over later): a JACK output writes it
        // exactly one period after that, the delay the host's side of the port has too.
        this.engine.midi.send(this.output, r.bytes, (r.atUs + this.originUs()) * 1000);
      } catch {
        // the host side went away; the Arp keeps running as a real one would
      }
    }
    this.log?.write(`${JSON.stringify({ usb: Buffer.from(r.bytes).toString('hex'), atUs: r.atUs })}\n`);
  }

  /** Stops the simulation, closes the ports and the engine, flushes the log. */
  async stop(): Promise<void> {
    this.arp?.stop();
    this.arp = undefined;
    const engine = this.engine;
    this.engine = undefined;
    if (engine) {
      for (const p of [this.input, this.output]) if (p) await engine.midi.close(p).catch(() => undefined);
      await engine.close().catch(() => undefined);
    }
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  }
}
