// linkvst's coordinator: the engine plus what the user sees (names, sources, missing plugins), one method per user
// action. Every state change is announced on `events` ('changed' with what changed), so the CLI, the daemon's other
// clients and the MIDI Mix LEDs all follow it, whatever the source.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isEngineError, type Engine, type ParameterInfo, type PluginRef } from '../native/engine.js';
import { SLOTS } from './args.js';
import { HostError } from './host-error.js';
import { emptySlot, engineIndex, type PluginEntry, type SlotModel } from './host-model.js';

export type Change =
  | { kind: 'slot'; slot: number }
  | { kind: 'mixer'; slot: number }
  | { kind: 'master' }
  | { kind: 'routing' }
  | { kind: 'tempo'; bpm: number }
  | { kind: 'session' };

/** Where a parameter command points: a slot's instrument, one of its inserts, or a master effect (1-based). */
export type Target = { slot: number } | { slot: number; fx: number } | { master: number };

export class Host {
  readonly events = new EventEmitter();
  readonly slots: SlotModel[] = Array.from({ length: SLOTS }, (_, i) => emptySlot(i + 1));
  readonly master: PluginEntry[] = [];
  masterGain = 1;
  bpm = 120;
  /** true while a live audio device (or the null device) drives the engine (set by the live side) */
  audioRunning = false;

  constructor(readonly engine: Engine) {}

  protected changed(c: Change): void {
    this.events.emit('changed', c);
  }

  slot(n: number): SlotModel {
    const s = this.slots[n - 1];
    if (!s) throw new HostError('BAD_SLOT', `slot must be 1-${SLOTS}, got ${n}`);
    return s;
  }

  /** The slot's display name: the instrument's name, or "slot n". */
  slotName(n: number): string {
    return this.slot(n).instrument?.name ?? `slot ${n}`;
  }

  /** A path the engine can load: absolute for files, unchanged for LV2 URIs. */
  static pluginSource(plugin: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(plugin) && !existsSync(plugin)) return plugin;
    return resolve(plugin.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
  }

  async loadInstrument(slot: number, plugin: string, name?: string): Promise<PluginEntry> {
    const s = this.slot(slot);
    const source = Host.pluginSource(plugin);
    const summary = await this.engineCall(() => this.engine.load(source, { slot, as: 'instrument' }));
    s.instrument = { plugin: source, name: name ?? summary.name, summary };
    this.changed({ kind: 'slot', slot });
    return s.instrument;
  }

  async loadEffect(target: number | 'master', plugin: string, name?: string): Promise<{ entry: PluginEntry; index: number }> {
    const source = Host.pluginSource(plugin);
    const chain = target === 'master' ? this.master : this.slot(target).inserts;
    const summary = await this.engineCall(() =>
      this.engine.load(source, target === 'master' ? { master: true } : { slot: target, as: 'insert' }),
    );
    const entry: PluginEntry = { plugin: source, name: name ?? summary.name, summary };
    chain.push(entry);
    this.changed(target === 'master' ? { kind: 'master' } : { kind: 'slot', slot: target });
    return { entry, index: chain.length };
  }

  /** Removes effect `index` (1-based) of a slot's chain or the master chain. */
  async removeEffect(target: number | 'master', index: number): Promise<PluginEntry> {
    const chain = target === 'master' ? this.master : this.slot(target).inserts;
    const entry = chain[index - 1];
    const where = target === 'master' ? 'the master chain' : `slot ${target}`;
    if (!entry) throw new HostError('NO_PLUGIN', `${where} has ${chain.length} effect${chain.length === 1 ? '' : 's'}; there is no effect ${index}`);
    if (!entry.missing) {
      const i = engineIndex(chain, index - 1);
      await this.engineCall(() => this.engine.remove(target === 'master' ? { master: i } : { slot: target, insert: i }));
    }
    chain.splice(index - 1, 1);
    this.changed(target === 'master' ? { kind: 'master' } : { kind: 'slot', slot: target });
    return entry;
  }

  /** The plugin a target names, and its engine reference. */
  resolve(target: Target): { entry: PluginEntry; ref: PluginRef; where: string } {
    if ('master' in target) {
      const entry = this.master[target.master - 1];
      if (!entry) throw new HostError('NO_PLUGIN', `the master chain has no effect ${target.master} (it has ${this.master.length})`);
      return { entry, ref: { master: engineIndex(this.master, target.master - 1) }, where: `master fx ${target.master}` };
    }
    const s = this.slot(target.slot);
    if ('fx' in target) {
      const entry = s.inserts[target.fx - 1];
      if (!entry) throw new HostError('NO_PLUGIN', `slot ${target.slot} has no effect ${target.fx} (it has ${s.inserts.length})`);
      return { entry, ref: { slot: target.slot, insert: engineIndex(s.inserts, target.fx - 1) }, where: `slot ${target.slot} fx ${target.fx}` };
    }
    if (!s.instrument) throw new HostError('NO_PLUGIN', `slot ${target.slot} is empty; load an instrument first`);
    return { entry: s.instrument, ref: { slot: target.slot }, where: `slot ${target.slot}` };
  }

  private live(target: Target): { entry: PluginEntry; ref: PluginRef; where: string } {
    const r = this.resolve(target);
    if (r.entry.missing) throw new HostError('NO_PLUGIN', `${r.where} (${r.entry.name}) is missing: ${r.entry.missing.reason}`);
    return r;
  }

  async parameters(target: Target): Promise<ParameterInfo[]> {
    const { ref } = this.live(target);
    return this.engineCall(() => this.engine.parameters(ref));
  }

  /** Sets a parameter by name (case-insensitive) or 1-based index, in native units. */
  async setParameter(target: Target, parameter: string, value: number): Promise<ParameterInfo> {
    const { ref, where } = this.live(target);
    const params = await this.engineCall(() => this.engine.parameters(ref));
    const byIndex = /^\d+$/.test(parameter) ? params[Number(parameter) - 1] : undefined;
    const p = byIndex ?? params.find((q) => q.name === parameter) ?? params.find((q) => q.name.toLowerCase() === parameter.toLowerCase());
    if (!p) {
      const names = params.map((q) => q.name).join(', ');
      throw new HostError('UNKNOWN_PARAMETER', `${where} has no parameter "${parameter}"${names ? `; it has: ${names}` : ''}`);
    }
    if (value < Math.min(p.min, p.max) || value > Math.max(p.min, p.max)) {
      throw new HostError('BAD_VALUE', `${p.name} must be ${p.min}-${p.max}, got ${value}`);
    }
    const info = await this.engineCall(() => this.engine.setParameter(ref, p.index, value));
    this.changed('master' in target ? { kind: 'master' } : { kind: 'slot', slot: target.slot });
    return info;
  }

  setGain(slot: number, gain: number): void {
    this.engine.setGain(slot, gain);
    this.slot(slot).gain = gain;
    this.changed({ kind: 'mixer', slot });
  }

  setMute(slot: number, mute: boolean): void {
    this.engine.setMute(slot, mute);
    this.slot(slot).mute = mute;
    this.changed({ kind: 'mixer', slot });
  }

  setSolo(slot: number, solo: boolean): void {
    this.engine.setSolo(slot, solo);
    this.slot(slot).solo = solo;
    this.changed({ kind: 'mixer', slot });
  }

  setMasterGain(gain: number): void {
    this.engine.setMasterGain(gain);
    this.masterGain = gain;
    this.changed({ kind: 'master' });
  }

  route(channel: number, slot: number): void {
    this.engine.route(channel, slot);
    this.changed({ kind: 'routing' });
  }

  unroute(channel: number): void {
    this.engine.unroute(channel);
    this.changed({ kind: 'routing' });
  }

  /** Slot of each routed channel. */
  routing(): { channel: number; slot: number }[] {
    return this.engine
      .routes()
      .map((slot, i) => ({ channel: i + 1, slot }))
      .filter((r) => r.slot > 0);
  }

  note(slot: number, note: number, velocity: number, durationMs: number): void {
    if (!this.slot(slot).instrument || this.slot(slot).instrument?.missing) throw new HostError('NO_PLUGIN', `slot ${slot} has no instrument to play`);
    this.engine.testNote(slot, note, velocity, durationMs);
  }

  setTempo(bpm: number): void {
    this.bpm = bpm;
    this.changed({ kind: 'tempo', bpm });
  }

  /** Removes every plugin and resets the mixer and routing (a restore starts from here). */
  async clear(): Promise<void> {
    for (const s of this.slots) {
      for (let i = s.inserts.length - 1; i >= 0; i--) {
        const fx = s.inserts[i] as PluginEntry;
        if (!fx.missing) await this.engineCall(() => this.engine.remove({ slot: s.slot, insert: engineIndex(s.inserts, i) }));
      }
      s.inserts = [];
      if (s.instrument && !s.instrument.missing) await this.engineCall(() => this.engine.remove({ slot: s.slot }));
      s.instrument = undefined;
      if (s.gain !== 1) this.setGain(s.slot, 1);
      if (s.mute) this.setMute(s.slot, false);
      if (s.solo) this.setSolo(s.slot, false);
      this.changed({ kind: 'slot', slot: s.slot });
    }
    for (let i = this.master.length - 1; i >= 0; i--) {
      if (!(this.master[i] as PluginEntry).missing) await this.engineCall(() => this.engine.remove({ master: engineIndex(this.master, i) }));
    }
    this.master.length = 0;
    this.setMasterGain(1);
    for (const r of this.routing()) this.engine.unroute(r.channel);
    this.changed({ kind: 'routing' });
  }

  /**
   * A VST3 takes a parameter change with its next processed block; without live audio, process one now so the
   * state read next holds it.
   */
  async flushParameters(): Promise<void> {
    if (!this.audioRunning) await this.engineCall(() => this.engine.render(this.engine.blockSize));
  }

  /** Status of the live side (audio device, MIDI ports, Link), one section per line group. */
  async statusLines(): Promise<string[]> {
    return [
      `[Audio] ${this.audioRunning ? 'running' : 'stopped'}  sr=${this.engine.sampleRate}  buf=${this.engine.blockSize}`,
      `[Link] tempo ${this.bpm.toFixed(1)}`,
    ];
  }

  async statusData(): Promise<Record<string, unknown>> {
    return {
      audio: { running: this.audioRunning, sampleRate: this.engine.sampleRate, blockSize: this.engine.blockSize },
      tempo: this.bpm,
      slots: this.slots,
      master: { gain: this.masterGain, chain: this.master },
      routing: this.routing(),
    };
  }

  /** Runs an engine call, turning its errors into HostErrors that keep the engine's message. */
  async engineCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isEngineError(err)) throw new HostError('ENGINE', err.message);
      throw err;
    }
  }
}
