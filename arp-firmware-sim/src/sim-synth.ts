// A simulated vintage synth: DIN MIDI in, mono audio out. A plain oscillator per voice with a linear
// attack/decay/sustain/release envelope, a configurable audio-path latency (MIDI received → sound at the output) and
// a seeded noise floor, so latency calibration and capture can be tested end to end without hardware.
//
// Deterministic: the output depends only on the messages, the options and the sample index. Blocks must be rendered
// in order (process(start, n) with start ≥ the end of the previous block; a gap is rendered and discarded), and any
// block size gives the same samples. Threading: single-threaded; no allocation per sample.
import { MidiStreamDecoder } from '@vcpi/protocol';
import type { DinRecord } from './virtual-board.js';

export type Waveform = 'sine' | 'saw' | 'square' | 'triangle';

export interface SimSynthOptions {
  /** Hz, default 48 000 */
  sampleRate?: number;
  /** audio-path latency from the end of a MIDI message to sound at the output, ms (default 3); or use latencySamples */
  latencyMs?: number;
  latencySamples?: number;
  /** envelope, ms: attack default 2, decay 200, release 100; sustain level 0-1 default 0.7 */
  attackMs?: number;
  decayMs?: number;
  sustain?: number;
  releaseMs?: number;
  /** default 'saw' */
  waveform?: Waveform;
  /** peak amplitude of one voice at velocity 127, default 0.25 */
  gain?: number;
  /** RMS of the noise floor, dBFS (default −80); −Infinity for none */
  noiseFloorDb?: number;
  /** seed of the noise, default 1 */
  seed?: number;
  /** MIDI channel 1-16 to listen on, or 'omni' (default) */
  channel?: number | 'omni';
  /** voices before the oldest is stolen, default 16 */
  maxVoices?: number;
}

interface NoteEvent {
  sample: number;
  /** 0 note-off, 1 note-on, 2 all notes off */
  kind: 0 | 1 | 2;
  note: number;
  velocity: number;
  seq: number;
}

interface Voice {
  note: number;
  amp: number;
  phase: number;
  inc: number;
  /** 0 attack, 1 decay, 2 sustain, 3 release, 4 idle */
  stage: number;
  level: number;
  releaseStep: number;
  started: number;
}

const IDLE = 4;

/** lowbias32: a 32-bit integer hash, for noise that depends only on the sample index. */
function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function positive(name: string, v: number, allowZero = true): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(`SimSynth: ${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(v)}`);
  }
  return v;
}

export class SimSynth {
  readonly sampleRate: number;
  readonly latencySamples: number;
  private readonly attack: number;
  private readonly decay: number;
  private readonly sustain: number;
  private readonly release: number;
  private readonly waveform: Waveform;
  private readonly gain: number;
  private readonly noiseAmp: number;
  private readonly seedKey: number;
  private readonly channel: number | 'omni';
  private readonly voices: Voice[];
  private readonly decoder = new MidiStreamDecoder();
  private queue: NoteEvent[] = [];
  private seq = 0;
  private position = 0;
  /** note events that arrived after their sample had been rendered (applied at once) */
  lateEvents = 0;

  /** @throws RangeError naming the option for a value out of range */
  constructor(options: SimSynthOptions = {}) {
    this.sampleRate = positive('sampleRate', options.sampleRate ?? 48_000, false);
    if (options.latencyMs !== undefined && options.latencySamples !== undefined) {
      throw new RangeError('SimSynth: give latencyMs or latencySamples, not both');
    }
    this.latencySamples =
      options.latencySamples !== undefined
        ? positive('latencySamples', options.latencySamples)
        : (positive('latencyMs', options.latencyMs ?? 3) * this.sampleRate) / 1000;
    const ms = (name: string, v: number): number => Math.max(1, Math.round((positive(name, v) * this.sampleRate) / 1000));
    this.attack = ms('attackMs', options.attackMs ?? 2);
    this.decay = ms('decayMs', options.decayMs ?? 200);
    this.release = ms('releaseMs', options.releaseMs ?? 100);
    this.sustain = positive('sustain', options.sustain ?? 0.7);
    if (this.sustain > 1) throw new RangeError(`SimSynth: sustain must be 0-1, got ${this.sustain}`);
    const waveform = options.waveform ?? 'saw';
    if (!['sine', 'saw', 'square', 'triangle'].includes(waveform)) throw new RangeError(`SimSynth: waveform must be sine, saw, square or triangle, got ${String(waveform)}`);
    this.waveform = waveform;
    this.gain = positive('gain', options.gain ?? 0.25);
    const db = options.noiseFloorDb ?? -80;
    if (typeof db !== 'number' || Number.isNaN(db) || db === Infinity) throw new RangeError(`SimSynth: noiseFloorDb must be a number or -Infinity, got ${String(db)}`);
    this.noiseAmp = db === -Infinity ? 0 : 10 ** (db / 20);
    this.seedKey = hash32((options.seed ?? 1) >>> 0);
    const ch = options.channel ?? 'omni';
    if (ch !== 'omni' && (!Number.isInteger(ch) || ch < 1 || ch > 16)) throw new RangeError(`SimSynth: channel must be 1-16 or 'omni', got ${String(ch)}`);
    this.channel = ch;
    const maxVoices = options.maxVoices ?? 16;
    if (!Number.isInteger(maxVoices) || maxVoices < 1) throw new RangeError(`SimSynth: maxVoices must be an integer >= 1, got ${maxVoices}`);
    this.voices = Array.from({ length: maxVoices }, () => ({ note: 0, amp: 0, phase: 0, inc: 0, stage: IDLE, level: 0, releaseStep: 0, started: 0 }));
  }

  /**
   * The (fractional) sample position at which a message that finished arriving at `atUs` is heard, latency
   * included. A note starts between samples like a real one: its envelope and phase are those of the time elapsed
   * since this position.
   */
  onsetSample(atUs: number): number {
    return (atUs * this.sampleRate) / 1e6 + this.latencySamples;
  }

  /** MIDI bytes that finished arriving at `atUs` (µs on the same time line as sample 0 = 0 µs). */
  midi(bytes: Uint8Array, atUs: number): void {
    const sample = this.onsetSample(atUs);
    for (const m of this.decoder.push(bytes)) {
      if (m.type !== 'NoteOn' && m.type !== 'NoteOff' && m.type !== 'ControlChange') continue;
      if (this.channel !== 'omni' && m.channel !== this.channel) continue;
      if (m.type === 'ControlChange') {
        if (m.controller === 120 || m.controller === 123) this.schedule({ sample, kind: 2, note: 0, velocity: 0, seq: 0 });
      } else if (m.type === 'NoteOn' && m.velocity > 0) {
        this.schedule({ sample, kind: 1, note: m.note, velocity: m.velocity, seq: 0 });
      } else {
        this.schedule({ sample, kind: 0, note: m.note, velocity: 0, seq: 0 });
      }
    }
  }

  /** A DIN message from the simulated Arp (its end time is when the synth has it). */
  receive(record: DinRecord): void {
    this.midi(record.bytes, record.endUs);
  }

  /** Sounding voices (not idle). */
  get activeVoices(): number {
    return this.voices.filter((v) => v.stage !== IDLE).length;
  }

  /**
   * Renders `frames` samples starting at sample `blockStart` into `out` (or a new array).
   * @throws RangeError when blockStart is before the end of the previous block
   */
  process(blockStart: number, frames: number, out: Float32Array = new Float32Array(frames)): Float32Array {
    if (!Number.isInteger(blockStart) || blockStart < this.position) {
      throw new RangeError(`SimSynth.process: block start ${blockStart} is before the next sample to render, ${this.position}`);
    }
    if (!Number.isInteger(frames) || frames < 0 || out.length < frames) throw new RangeError(`SimSynth.process: bad frame count ${frames} for an output of ${out.length}`);
    while (this.position < blockStart) this.renderSample();
    for (let i = 0; i < frames; i++) out[i] = this.renderSample();
    return out;
  }

  private schedule(e: NoteEvent): void {
    e.seq = this.seq++;
    if (e.sample < this.position) {
      this.lateEvents++;
      e.sample = this.position;
    }
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1] as NoteEvent).sample > e.sample) i--;
    this.queue.splice(i, 0, e);
  }

  /** Applies `e` at sample `n` (the first sample at or after e.sample). */
  private apply(e: NoteEvent, n: number): void {
    if (e.kind === 2) {
      for (const v of this.voices) if (v.stage !== IDLE) this.startRelease(v);
      return;
    }
    if (e.kind === 0) {
      for (const v of this.voices) if (v.stage < 3 && v.note === e.note) this.startRelease(v);
      return;
    }
    let voice = this.voices.find((v) => v.stage === IDLE);
    if (!voice) voice = this.voices.reduce((a, b) => (b.started < a.started ? b : a));
    voice.note = e.note;
    voice.amp = (this.gain * e.velocity) / 127;
    // The part of a sample between the note's start and sample n has already passed.
    const elapsed = n - e.sample;
    voice.inc = (440 * 2 ** ((e.note - 69) / 12)) / this.sampleRate;
    voice.phase = (voice.inc * elapsed) % 1;
    voice.stage = 0;
    voice.level = Math.min(1, elapsed / this.attack);
    voice.started = e.seq;
  }

  private startRelease(v: Voice): void {
    v.stage = 3;
    v.releaseStep = v.level / this.release;
  }

  private renderSample(): number {
    const n = this.position;
    while (this.queue.length > 0 && (this.queue[0] as NoteEvent).sample <= n) this.apply(this.queue.shift() as NoteEvent, n);
    let sum = 0;
    for (const v of this.voices) {
      if (v.stage === IDLE) continue;
      sum += v.amp * v.level * this.osc(v.phase);
      v.phase += v.inc;
      if (v.phase >= 1) v.phase -= 1;
      this.advanceEnvelope(v);
    }
    if (this.noiseAmp > 0) {
      // Irwin–Hall: the sum of 4 uniforms, scaled to unit variance: Gaussian enough for a noise floor.
      const base = (n * 4) >>> 0;
      let u = 0;
      for (let k = 0; k < 4; k++) u += hash32((base + k) ^ this.seedKey) / 4294967296;
      sum += (u - 2) * Math.sqrt(3) * this.noiseAmp;
    }
    this.position = n + 1;
    return sum;
  }

  private osc(phase: number): number {
    switch (this.waveform) {
      case 'sine':
        return Math.sin(2 * Math.PI * phase);
      case 'saw':
        return 2 * phase - 1;
      case 'square':
        return phase < 0.5 ? 1 : -1;
      default:
        return phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase;
    }
  }

  private advanceEnvelope(v: Voice): void {
    switch (v.stage) {
      case 0:
        v.level += 1 / this.attack;
        if (v.level >= 1) {
          v.level = 1;
          v.stage = 1;
        }
        return;
      case 1:
        v.level -= (1 - this.sustain) / this.decay;
        if (v.level <= this.sustain) {
          v.level = this.sustain;
          v.stage = 2;
        }
        return;
      case 3:
        v.level -= v.releaseStep;
        if (v.level <= 0) {
          v.level = 0;
          v.stage = IDLE;
        }
        return;
      default:
    }
  }
}
