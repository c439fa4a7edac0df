// Records the incoming MIDI performance with sample-accurate positions relative to where recording started on the
// host's transport. Notes still held when recording stops end there.
import { MidiStreamDecoder, type PerformanceNote } from '@vcpi/protocol';
import { CaptureError } from '../errors.js';

export interface RecordedTake {
  sampleRate: number;
  /** audio sample position (host timeline) where the take's time 0 is */
  startSample: number;
  /** notes in seconds from time 0 */
  notes: PerformanceNote[];
  /** seconds from time 0 to where recording stopped */
  lengthSeconds: number;
}

export class PerformanceRecorder {
  private readonly decoder = new MidiStreamDecoder();
  private readonly held = new Map<number, { start: number; velocity: number }>();
  private readonly notes: PerformanceNote[] = [];
  private startSample: number | undefined;

  constructor(private readonly sampleRate: number) {}

  get recording(): boolean {
    return this.startSample !== undefined;
  }

  /** Starts recording; `startSample` is the take's time 0 on the host timeline (e.g. the bar where record was armed). */
  start(startSample: number): void {
    this.startSample = startSample;
    this.notes.length = 0;
    this.held.clear();
    this.decoder.reset();
  }

  /** A MIDI message (complete bytes) at absolute sample position `sample`. Ignored while not recording. */
  midi(bytes: Uint8Array, sample: number): void {
    if (this.startSample === undefined) return;
    const t = (sample - this.startSample) / this.sampleRate;
    for (const m of this.decoder.push(bytes)) {
      if (m.type !== 'NoteOn' && m.type !== 'NoteOff') continue;
      const key = m.note;
      const isOn = m.type === 'NoteOn' && m.velocity > 0;
      const open = this.held.get(key);
      if (open) {
        // A new note-on of a held pitch ends the held one there (the Arp's synth has one voice per pitch too).
        this.close(key, open, t);
      }
      if (isOn && t >= 0) this.held.set(key, { start: t, velocity: m.velocity });
    }
  }

  private close(note: number, open: { start: number; velocity: number }, end: number): void {
    this.held.delete(note);
    if (end > open.start) this.notes.push({ note, velocity: open.velocity, start: open.start, duration: end - open.start });
  }

  /** Stops at `stopSample`; returns the take. @throws CaptureError EMPTY_TAKE when no note was played */
  stop(stopSample: number): RecordedTake {
    if (this.startSample === undefined) throw new CaptureError('EMPTY_TAKE', 'recording was not started');
    const end = (stopSample - this.startSample) / this.sampleRate;
    for (const [note, open] of [...this.held]) this.close(note, open, Math.max(end, open.start + 1e-3));
    const take: RecordedTake = {
      sampleRate: this.sampleRate,
      startSample: this.startSample,
      notes: [...this.notes].sort((a, b) => a.start - b.start || a.note - b.note),
      lengthSeconds: end,
    };
    this.startSample = undefined;
    if (take.notes.length === 0) throw new CaptureError('EMPTY_TAKE', 'no notes were recorded', 'play the performance on the MIDI input routed to this plugin while recording');
    return take;
  }
}
