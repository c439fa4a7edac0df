// A stand-in vintage synth for tests: DIN note-ons/offs at true times → one mono input signal. Each note is an
// oscillator (phase 0 at its start, as a synth that retriggers) under a linear attack / sustain / linear release
// envelope; seeded Gaussian noise floor. The sound of a note received at time t starts at t + latency exactly, so a
// test knows the true onset of every note.

export interface ToneSynthOptions {
  sampleRate: number;
  /** DIN message complete → sound at the input, µs (the synth's and the audio path's latency together) */
  latencyUs: number;
  attackUs: number;
  releaseUs: number;
  /** noise floor RMS (linear) */
  noise: number;
  waveform: 'sine' | 'saw';
  seed: number;
}

interface Voice {
  note: number;
  amp: number;
  /** fractional sample where it starts */
  start: number;
  /** fractional sample where its release starts */
  end: number;
}

export class ToneSynth {
  readonly o: ToneSynthOptions;
  private readonly voices: Voice[] = [];
  private rngState: number;
  /** true onsets, samples, one per note-on */
  readonly onsets: { note: number; sample: number }[] = [];

  constructor(options: Partial<ToneSynthOptions> = {}) {
    this.o = { sampleRate: 48_000, latencyUs: 5_000, attackUs: 0, releaseUs: 20_000, noise: 1e-4, waveform: 'sine', seed: 1, ...options };
    this.rngState = this.o.seed >>> 0;
  }

  private toSample(us: number): number {
    return ((us + this.o.latencyUs) * this.o.sampleRate) / 1e6;
  }

  /** A complete DIN message at true time `atUs`. */
  din(bytes: Uint8Array, atUs: number): void {
    const status = (bytes[0] as number) & 0xf0;
    const note = bytes[1] as number;
    const vel = bytes[2] as number;
    const at = this.toSample(atUs);
    if (status === 0x90 && vel > 0) {
      for (const v of this.voices) if (v.note === note && v.end > at) v.end = at;
      this.voices.push({ note, amp: (0.5 * vel) / 127, start: at, end: Number.POSITIVE_INFINITY });
      this.onsets.push({ note, sample: at });
    } else if (status === 0x80 || status === 0x90) {
      for (const v of this.voices) if (v.note === note && v.end === Number.POSITIVE_INFINITY && v.start <= at) v.end = at;
    } else if (status === 0xb0 && (note === 123 || note === 120)) {
      for (const v of this.voices) if (v.end > at) v.end = at;
    }
  }

  private gauss(): number {
    let s = 0;
    for (let k = 0; k < 4; k++) {
      this.rngState = (this.rngState + 0x6d2b79f5) >>> 0;
      let t = this.rngState;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      s += ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    return (s - 2) * Math.sqrt(3);
  }

  /** Renders samples [start, start + out.length). Call with consecutive blocks (the noise is a stream). */
  render(out: Float32Array, start: number): Float32Array {
    const fs = this.o.sampleRate;
    const attack = (this.o.attackUs * fs) / 1e6;
    const release = (this.o.releaseUs * fs) / 1e6;
    for (let i = 0; i < out.length; i++) out[i] = this.gauss() * this.o.noise;
    for (const v of this.voices) {
      const f = 440 * 2 ** ((v.note - 69) / 12);
      const from = Math.max(start, Math.ceil(v.start));
      const to = Math.min(start + out.length, Math.ceil(v.end + release));
      for (let n = from; n < to; n++) {
        const dt = n - v.start;
        let env = attack > 0 ? Math.min(1, dt / attack) : 1;
        if (n >= v.end) {
          const sustainAtEnd = attack > 0 ? Math.min(1, (v.end - v.start) / attack) : 1;
          env = sustainAtEnd * Math.max(0, 1 - (n - v.end) / release);
        }
        const phase = (f * dt) / fs;
        const osc = this.o.waveform === 'sine' ? Math.sin(2 * Math.PI * phase) : 2 * (phase - Math.floor(phase + 0.5));
        (out as Float32Array)[n - start] = (out[n - start] as number) + v.amp * env * osc;
      }
    }
    // Forget voices that have finished.
    for (let i = this.voices.length - 1; i >= 0; i--) {
      const v = this.voices[i] as Voice;
      if (v.end + release < start + out.length) this.voices.splice(i, 1);
    }
    return out;
  }
}
