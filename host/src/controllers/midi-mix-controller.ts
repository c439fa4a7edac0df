// The Akai MIDI Mix as linkvst's mixer: faders → slot gain and master gain, three knobs per strip → the first three
// real parameters of the slot's instrument (scaled to each parameter's range), MUTE → mute, REC ARM → solo. The host
// lights the buttons' LEDs to match the state whatever changed it; faders and knobs use soft takeover after the
// state changed elsewhere; SEND ALL (the whole set of controls at once) takes everything over.
import type { MidiMessage } from '@vcpi/protocol';
import type { Change, Host } from '../core/host.js';
import type { ParameterInfo } from '../native/engine.js';
import { ALL_CONTINUOUS_CC, FADER_CC, KNOB_CC, MASTER_FADER_CC, MIDI_MIX_CHANNEL, MUTE_NOTE, REC_ARM_NOTE, controlForCc, controlForNote } from './midi-mix-map.js';
import { move, newTakeover, retarget, type Takeover } from './soft-takeover.js';

export interface MidiSink {
  send(bytes: Uint8Array): void;
}

export interface MidiMixOptions {
  /** ms clock (injected in tests) */
  nowMs: () => number;
  /** distinct controls within `sendAllWindowMs` that mean SEND ALL was pressed (default 20 within 60 ms) */
  sendAllControls: number;
  sendAllWindowMs: number;
  /** errors from applying a control (shown by the CLI) */
  onError: (message: string) => void;
}

const toCc = (v: number, min: number, max: number): number => (max === min ? 0 : Math.round(((v - min) / (max - min)) * 127));

/** The value a CC position means for a parameter: its native range, snapped to its steps. */
export function scaleToParameter(cc: number, p: Pick<ParameterInfo, 'min' | 'max' | 'steps'>): number {
  const f = Math.min(127, Math.max(0, cc)) / 127;
  if (p.steps > 1) return p.min + (Math.round(f * (p.steps - 1)) * (p.max - p.min)) / (p.steps - 1);
  return p.min + f * (p.max - p.min);
}

export class MidiMixController {
  private readonly o: MidiMixOptions;
  private readonly takeover = new Map<number, Takeover>();
  /** first three real parameters of each slot's instrument */
  private readonly params = new Map<number, ParameterInfo[]>();
  private readonly recent: { cc: number; value: number; at: number }[] = [];
  private sendAllUntil = -Infinity;
  private applying = 0;
  private readonly listener = (c: Change): void => this.onHostChange(c);
  private readonly pending = new Map<string, { slot: number; p: ParameterInfo; value: number }>();
  private draining = false;

  constructor(
    private readonly host: Host,
    private readonly out: MidiSink,
    options: Partial<MidiMixOptions> = {},
  ) {
    this.o = { nowMs: () => Date.now(), sendAllControls: 20, sendAllWindowMs: 60, onError: () => undefined, ...options };
    for (const cc of ALL_CONTINUOUS_CC) this.takeover.set(cc, newTakeover());
  }

  /** On (re)connect: lights every LED to the state, and takes over softly from where the host is. */
  async connect(): Promise<void> {
    this.host.events.on('changed', this.listener);
    this.refreshLeds();
    for (let slot = 1; slot <= 8; slot++) {
      retarget(this.tk(FADER(slot)), Math.round(this.host.slot(slot).gain * 127));
      await this.loadParams(slot);
    }
    retarget(this.tk(MASTER_FADER_CC), Math.round(this.host.masterGain * 127));
  }

  disconnect(): void {
    this.host.events.off('changed', this.listener);
  }

  /** Every mute and rec-arm LED to match the state. */
  refreshLeds(): void {
    for (let slot = 1; slot <= 8; slot++) this.leds(slot);
  }

  private leds(slot: number): void {
    const s = this.host.slot(slot);
    const ch = 0x90 | (MIDI_MIX_CHANNEL - 1);
    this.out.send(Uint8Array.of(ch, MUTE_NOTE[slot - 1] as number, s.mute ? 127 : 0));
    this.out.send(Uint8Array.of(ch, REC_ARM_NOTE[slot - 1] as number, s.solo ? 127 : 0));
  }

  private tk(cc: number): Takeover {
    return this.takeover.get(cc) as Takeover;
  }

  private async loadParams(slot: number): Promise<void> {
    const inst = this.host.slot(slot).instrument;
    if (!inst || inst.missing) {
      this.params.delete(slot);
      return;
    }
    try {
      const ps = (await this.host.parameters({ slot })).slice(0, 3);
      this.params.set(slot, ps);
      ps.forEach((p, row) => retarget(this.tk(KNOB(slot, row)), toCc(p.value, p.min, p.max)));
    } catch {
      this.params.delete(slot);
    }
  }

  private onHostChange(c: Change): void {
    if (c.kind === 'mixer') {
      this.leds(c.slot);
      if (!this.applying) retarget(this.tk(FADER(c.slot)), Math.round(this.host.slot(c.slot).gain * 127));
    } else if (c.kind === 'master') {
      if (!this.applying) retarget(this.tk(MASTER_FADER_CC), Math.round(this.host.masterGain * 127));
    } else if (c.kind === 'slot') {
      this.leds(c.slot);
      if (!this.applying) void this.loadParams(c.slot);
    } else if (c.kind === 'session') {
      void this.connect();
    }
  }

  /** A message from the MIDI Mix's port. Notes and CCs on other channels are ignored. */
  async receive(m: MidiMessage): Promise<void> {
    if ((m.type === 'NoteOn' || m.type === 'NoteOff' || m.type === 'ControlChange') && m.channel !== MIDI_MIX_CHANNEL) return;
    if (m.type === 'NoteOn' && m.velocity > 0) return this.button(m.note);
    if (m.type === 'ControlChange') return this.control(m.controller, m.value);
    // A release (note-off, or note-on with velocity 0) does nothing.
  }

  private button(note: number): void {
    const c = controlForNote(note);
    if (!c || (c.kind !== 'mute' && c.kind !== 'solo')) return;
    const s = this.host.slot(c.slot);
    if (c.kind === 'mute') this.host.setMute(c.slot, !s.mute);
    else this.host.setSolo(c.slot, !s.solo);
  }

  private async control(cc: number, value: number): Promise<void> {
    const c = controlForCc(cc);
    if (!c) return;
    const now = this.o.nowMs();
    this.noteForSendAll(cc, value, now);
    const forced = now <= this.sendAllUntil;
    const t = this.tk(cc);
    if (forced) {
      t.last = value;
      t.engaged = true;
    } else if (!move(t, value)) return;
    await this.apply(c, value);
  }

  private noteForSendAll(cc: number, value: number, now: number): void {
    this.recent.push({ cc, value, at: now });
    while (this.recent.length && (this.recent[0] as { at: number }).at < now - this.o.sendAllWindowMs) this.recent.shift();
    if (now <= this.sendAllUntil) return;
    const distinct = new Set(this.recent.map((r) => r.cc));
    if (distinct.size >= this.o.sendAllControls) {
      // SEND ALL: the hardware's positions become the host's, including the controls already seen in this burst.
      this.sendAllUntil = now + this.o.sendAllWindowMs;
      for (const r of this.recent) {
        const t = this.tk(r.cc);
        t.last = r.value;
        t.engaged = true;
        const c = controlForCc(r.cc);
        if (c) void this.apply(c, r.value);
      }
    }
  }

  private async apply(c: NonNullable<ReturnType<typeof controlForCc>>, value: number): Promise<void> {
    this.applying++;
    try {
      if (c.kind === 'fader') this.host.setGain(c.slot, value / 127);
      else if (c.kind === 'master') this.host.setMasterGain(value / 127);
      else if (c.kind === 'knob') {
        const p = this.params.get(c.slot)?.[c.row];
        if (p) this.queueParameter(c.slot, p, scaleToParameter(value, p));
      }
    } finally {
      this.applying--;
    }
  }

  /** Knob moves come faster than plugins take parameters: keep the latest per knob, apply one at a time. */
  private queueParameter(slot: number, p: ParameterInfo, value: number): void {
    this.pending.set(`${slot}/${p.name}`, { slot, p, value });
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      while (this.pending.size) {
        const [key, job] = this.pending.entries().next().value as [string, { slot: number; p: ParameterInfo; value: number }];
        this.pending.delete(key);
        this.applying++;
        try {
          await this.host.setParameter({ slot: job.slot }, job.p.name, job.value);
        } catch (err) {
          this.o.onError(`MIDI Mix knob → slot ${job.slot} ${job.p.name}: ${(err as Error).message}`);
        } finally {
          this.applying--;
        }
      }
      this.draining = false;
    })();
  }

  /** Resolves once queued knob changes have reached the plugins (tests, and before a save). */
  async idle(): Promise<void> {
    while (this.draining) await new Promise((r) => setTimeout(r, 1));
  }
}

const FADER = (slot: number): number => FADER_CC[slot - 1] as number;
const KNOB = (slot: number, row: number): number => (KNOB_CC[slot - 1] as readonly number[])[row] as number;
