// VintageCapture as a plugin sees it: one object with the shell's inputs (bytes from the Arp, input audio blocks, the
// performance's MIDI, the host's transport, timers), the user's actions (calibrate, record, play, abort), and what
// the editor and the host's parameters show. State (profile, Arp port, takes) is a JSON string the host saves.
import { AbortToken } from '../abort.js';
import { ArpLink } from '../arp/arp-link.js';
import { AudioInput } from '../audio/audio-input.js';
import { ArpClock } from '../calibration/arp-clock.js';
import { runCalibration, type CalibrationProgress } from '../calibration/calibration-wizard.js';
import type { CalibrationResult } from '../calibration/calibration-types.js';
import { CaptureError } from '../errors.js';
import type { CoreIo } from '../io.js';
import { PerformanceRecorder, type RecordedTake } from '../take/performance-recorder.js';
import { playAndCapture, sendTake, type CapturedTake, type TakeProgress } from '../take/take-session.js';
import type { TakeTransfer } from '../take/take-transfer.js';
import { nextBarSample, type Timeline } from '../take/timeline.js';
import type { PluginHost } from './plugin-host.js';

export type Mode = 'idle' | 'calibrating' | 'recording' | 'sending' | 'playing';

export interface PluginStatus {
  mode: Mode;
  /** what is happening, for the editor and the CLI */
  message: string;
  /** 0..1 of the running operation */
  progress: number;
  calibrated: boolean;
  latencyMs: number;
  driftPpm: number;
  /** the last take's timing error (p99, ms) */
  takeErrorMs: number;
  /** the last failure, with what to do about it */
  error: { code: string; message: string; hint: string } | undefined;
  takes: string[];
}

export interface PluginState {
  version: 1;
  arpPort: string;
  calibration: Omit<CalibrationResult, 'pings'> | undefined;
  takes: string[];
  /**
   * What the plugin is doing as the state is read, for hosts without an editor (linkvst's `capture` commands show
   * its message, progress and the last error with its hint). Informational: setState ignores it.
   */
  status?: Pick<PluginStatus, 'mode' | 'message' | 'progress' | 'error'>;
}

export class VintageCapture {
  private readonly io: CoreIo;
  readonly link: ArpLink;
  readonly audio: AudioInput;
  private readonly recorder: PerformanceRecorder;
  private readonly timers = new Map<number, () => void>();
  private nextTimer = 1;
  private abortToken: AbortToken | undefined;
  private clock: ArpClock | undefined;
  private calibration: Omit<CalibrationResult, 'pings'> | undefined;
  private recorded: RecordedTake | undefined;
  /** the recorded take as sent to the Arp by send() (play() starts it without sending again) */
  private sent: { take: RecordedTake; transfer: TakeTransfer } | undefined;
  private timeline: Timeline;
  private lastTake: CapturedTake | undefined;
  private status: PluginStatus;
  /** the Arp's port name (the shell opens it; kept in the state) */
  arpPort = '';
  /** called whenever the status changes (the shell updates parameters and the editor) */
  onStatus: (s: PluginStatus) => void = () => undefined;

  constructor(
    private readonly host: PluginHost,
    readonly sampleRate: number,
  ) {
    this.io = {
      clock: { nowUs: () => host.nowUs() },
      timers: {
        setAt: (atUs, fn) => {
          const id = this.nextTimer++;
          this.timers.set(id, fn);
          host.setTimer(id, atUs);
          return id;
        },
        clear: (id) => {
          if (this.timers.delete(id)) host.clearTimer(id);
        },
      },
      sendToArp: (bytes) => host.sendToArp(bytes),
      storage: { read: () => undefined, write: () => undefined },
      takes: { write: (name, bytes) => host.writeFile(name, bytes) },
      log: (m) => host.log(m),
    };
    this.link = new ArpLink(this.io);
    this.audio = new AudioInput(sampleRate, this.io.timers);
    this.recorder = new PerformanceRecorder(sampleRate);
    this.timeline = { sampleRate, bpm: 120, beatsPerBar: 4, originSample: 0 };
    this.status = { mode: 'idle', message: 'not calibrated', progress: 0, calibrated: false, latencyMs: Number.NaN, driftPpm: Number.NaN, takeErrorMs: Number.NaN, error: undefined, takes: [] };
  }

  // --- inputs from the shell ---------------------------------------------------------------------------------------

  arpBytes(bytes: Uint8Array, hostUs: number): void {
    this.link.receive(bytes, hostUs);
  }

  /** The synth's return: a mono block starting at absolute sample `startSample`, which was at host time `hostUs`. */
  audioBlock(samples: Float32Array, startSample: number, hostUs: number): void {
    this.audio.write(samples, startSample, hostUs);
  }

  /** The performance: a MIDI message at absolute sample position `sample`. */
  midi(bytes: Uint8Array, sample: number): void {
    this.recorder.midi(bytes, sample);
  }

  /** The host's tempo and where beat 0 is on the audio sample line. */
  transport(bpm: number, beatsPerBar: number, originSample: number): void {
    if (bpm > 0 && beatsPerBar > 0) this.timeline = { sampleRate: this.sampleRate, bpm, beatsPerBar, originSample };
  }

  timer(id: number): void {
    const fn = this.timers.get(id);
    this.timers.delete(id);
    fn?.();
  }

  // --- the user's actions ------------------------------------------------------------------------------------------

  /** Runs the calibration wizard; resolves when it is done or failed (the status says which). */
  async calibrate(): Promise<void> {
    await this.run('calibrating', 'calibrating…', async (abort) => {
      const result = await runCalibration({
        io: this.io,
        link: this.link,
        audio: this.audio,
        abort,
        onProgress: (p: CalibrationProgress) => this.calibrationProgress(p),
      });
      this.calibration = result;
      this.clock = ArpClock.fromCalibration(result);
      this.update({ calibrated: true, latencyMs: result.latencyMs, driftPpm: result.driftPpm, message: `calibrated: ${result.verdict}` });
    });
  }

  /** Starts recording the performance at the next bar (or stops it when recording). */
  record(on: boolean): void {
    if (on) {
      if (this.status.mode !== 'idle') return this.fail(new CaptureError('BUSY', `cannot record while ${this.status.mode}`));
      const now = this.audio.clock.ready ? this.audio.clock.sampleAt(this.host.nowUs()) : 0;
      const start = nextBarSample(this.timeline, now);
      this.recorder.start(start);
      this.update({ mode: 'recording', message: 'recording (from the next bar)', error: undefined });
    } else if (this.status.mode === 'recording') {
      try {
        const now = this.audio.clock.sampleAt(this.host.nowUs());
        this.recorded = this.recorder.stop(now);
        this.sent = undefined;
        this.update({ mode: 'idle', message: `recorded ${this.recorded.notes.length} notes` });
      } catch (err) {
        this.update({ mode: 'idle' });
        this.fail(err);
      }
    }
  }

  /** Sends the recorded take to the Arp (verified) without playing it: play() then starts at once. */
  async send(): Promise<void> {
    const take = this.recorded;
    if (!take) return this.fail(new CaptureError('EMPTY_TAKE', 'nothing recorded yet', 'record a performance first'));
    await this.run('sending', 'sending the take…', async (abort) => {
      const transfer = await sendTake(this.io, this.link, take, abort);
      this.sent = { take, transfer };
      const held = transfer.heldEvents;
      const all = transfer.built.events.length;
      this.update({ message: `sent: the Arp holds ${held === all ? `all ${all}` : `${held} of ${all}`} events${held === all ? '' : ' (the rest stream while it plays)'}` });
    });
  }

  /** Sends the recorded take to the Arp (unless send() did and the Arp still holds it), plays it on a bar and captures the synth. */
  async play(): Promise<void> {
    const take = this.recorded;
    const calibration = this.calibration;
    if (!calibration) return this.fail(new CaptureError('NO_CALIBRATION', 'not calibrated', 'run the calibration first'));
    if (!take) return this.fail(new CaptureError('EMPTY_TAKE', 'nothing recorded yet', 'record a performance first'));
    await this.run('playing', 'sending the take…', async (abort) => {
      const captured = await playAndCapture(
        {
          io: this.io,
          link: this.link,
          audio: this.audio,
          timeline: this.timeline,
          calibration,
          abort,
          ...(this.clock ? { clock: this.clock } : {}),
          onProgress: (p: TakeProgress) => this.takeProgress(p),
          ...(this.sent?.take === take ? { preloaded: this.sent.transfer } : {}),
        },
        take,
      );
      this.lastTake = captured;
      this.sent = undefined; // playing empties the Arp's buffer
      const takes = captured.file ? [...this.status.takes, captured.file] : this.status.takes;
      this.update({ takeErrorMs: captured.alignment.errorMs.p99, takes, message: `captured ${captured.file ?? 'a take'}${captured.warning ? `; ${captured.warning}` : ''}` });
    });
  }

  abort(): void {
    this.abortToken?.abort();
  }

  // --- outputs -------------------------------------------------------------------------------------------------------

  getStatus(): PluginStatus {
    return { ...this.status, takes: [...this.status.takes] };
  }

  /** The last aligned take and the host timeline sample where its time 0 belongs (the shell plays it there). */
  takeAudio(): { audio: Float32Array; barSample: number } | undefined {
    return this.lastTake && { audio: this.lastTake.audio, barSample: this.lastTake.barSample };
  }

  getState(): string {
    const { mode, message, progress, error } = this.status;
    const state: PluginState = {
      version: 1,
      arpPort: this.arpPort,
      calibration: this.calibration,
      takes: this.status.takes,
      status: { mode, message, progress, error },
    };
    return JSON.stringify(state);
  }

  /** Restores a state from getState(); a bad one is reported in the status and changes nothing. */
  setState(json: string): void {
    try {
      const s = JSON.parse(json) as Partial<PluginState>;
      if (s.version !== 1) throw new CaptureError('BAD_PROFILE', `plugin state version ${String(s.version)} is not 1`);
      this.arpPort = typeof s.arpPort === 'string' ? s.arpPort : '';
      this.calibration = s.calibration && typeof s.calibration.samplesPerArpUs === 'number' ? s.calibration : undefined;
      this.clock = undefined;
      const takes = Array.isArray(s.takes) ? s.takes.filter((t): t is string => typeof t === 'string') : [];
      const c = this.calibration;
      this.update({
        calibrated: c !== undefined,
        latencyMs: c?.latencyMs ?? Number.NaN,
        driftPpm: c?.driftPpm ?? Number.NaN,
        takes,
        message: c ? 'calibration restored (the first take re-anchors the Arp clock)' : 'not calibrated',
      });
    } catch (err) {
      this.fail(err instanceof CaptureError ? err : new CaptureError('BAD_PROFILE', `the plugin state does not parse: ${(err as Error).message}`));
    }
  }

  // --- internals -----------------------------------------------------------------------------------------------------

  private async run(mode: Mode, message: string, body: (abort: AbortToken) => Promise<void>): Promise<void> {
    if (this.status.mode !== 'idle') return this.fail(new CaptureError('BUSY', `cannot start while ${this.status.mode}`));
    const abort = new AbortToken();
    this.abortToken = abort;
    this.update({ mode, message, progress: 0, error: undefined });
    try {
      await body(abort);
      this.update({ mode: 'idle', progress: 1 });
    } catch (err) {
      this.update({ mode: 'idle', progress: 0 });
      this.fail(err);
    } finally {
      this.abortToken = undefined;
    }
  }

  private calibrationProgress(p: CalibrationProgress): void {
    if (p.phase === 'ping') this.update({ progress: p.ping / (p.of + 2), message: `ping ${p.ping}/${p.of}${p.heard ? '' : ' (not heard)'}` });
    else this.update({ message: `calibration: ${p.phase}` });
  }

  private takeProgress(p: TakeProgress): void {
    const steps: Record<TakeProgress['phase'], number> = { anchoring: 0.05, sending: 0.15, scheduled: 0.25, playing: 0.4, aligning: 0.9, done: 1 };
    this.update({ progress: steps[p.phase], message: `take: ${p.phase}` });
  }

  private update(s: Partial<PluginStatus>): void {
    this.status = { ...this.status, ...s };
    this.onStatus(this.getStatus());
  }

  private fail(err: unknown): void {
    const e = err instanceof CaptureError ? err : new CaptureError('INVALID_ARGUMENT', err instanceof Error ? err.message : String(err));
    const message = e.hint ? e.message.slice(0, e.message.length - e.hint.length - 3) : e.message;
    this.update({ error: { code: e.code, message, hint: e.hint }, message: `failed: ${message}` });
    this.host.log(`VintageCapture: ${e.message}`);
  }
}
