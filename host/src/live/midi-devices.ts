// The two controllers by role: the Beatstep Pro (its notes and CCs go through the engine's channel routing, natively
// and sample-accurately; it gets MIDI clock and Start/Stop on its own output) and the MIDI Mix (control input for the
// mixer, LED output). Ports are opened by index or name part, found by name at start, watched every second: an
// unplugged device is shown missing and reopened (LEDs refreshed) when it comes back.
import { MidiStreamDecoder } from '@vcpi/protocol';
import { MidiMixController } from '../controllers/midi-mix-controller.js';
import type { Host } from '../core/host.js';
import { HostError, describeError } from '../core/host-error.js';
import type { MidiPort } from '../native/midi-ports.js';

export type Role = 'seq' | 'mix';

export const DEVICE_NAME: Record<Role, string> = { seq: 'Arturia BeatStep Pro', mix: 'MIDI Mix' };
const ROLE_LABEL: Record<Role, string> = { seq: 'Beatstep Pro', mix: 'MIDI Mix' };

interface Opened {
  /** what the user asked for (index or name part), to reopen by */
  spec: string | number;
  name: string;
  input: MidiPort;
  output: MidiPort | undefined;
  present: boolean;
  mix?: MidiMixController;
}

/**
 * A port's device part, comparable between its input and its output: the port after the client ("client:port"),
 * without ALSA's "24:0" address, direction words (in/out, capture/playback) and brackets.
 */
export function devicePart(name: string): string {
  const port = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  return port
    .toLowerCase()
    .replace(/\s*\d+:\d+\s*$/, '')
    .replace(/\b(capture|playback|input|output|in|out)\b/g, '')
    .replace(/[[\]()]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The output of the device an input belongs to: the same device part, or else one that names the searched device. */
export function matchingOutput<T extends { name: string }>(input: string, outputs: readonly T[], searched: string | undefined): T | undefined {
  const key = devicePart(input);
  return (
    outputs.find((o) => devicePart(o.name) === key) ??
    (searched ? outputs.find((o) => o.name.toLowerCase().includes(searched.toLowerCase())) : undefined)
  );
}

export class MidiDevices {
  private readonly opened = new Map<Role, Opened>();
  /** roles waiting for their device to appear (by name) */
  private readonly pending = new Map<Role, string>();
  /** Beatstep Pro clock on/off (on by default) */
  clockOn = true;
  private timer: NodeJS.Timeout | undefined;
  log: (line: string) => void = () => undefined;

  constructor(private readonly host: Host) {}

  get(role: Role): Opened | undefined {
    return this.opened.get(role);
  }

  /** Opens a role's device by index (in the input list) or name part. @throws HostError naming the ports there are */
  async open(role: Role, spec: string | number): Promise<Opened> {
    const midi = this.host.engine.midi;
    await this.close(role);
    let input: MidiPort;
    const decoder = new MidiStreamDecoder();
    let mix: MidiMixController | undefined;
    try {
      input = await midi.openInput(spec, {
        mode: role === 'seq' ? 'instrument' : 'control',
        ...(role === 'mix' ? { onMessage: (m) => { for (const msg of decoder.push(m.bytes)) void mix?.receive(msg); } } : {}),
      });
    } catch (err) {
      throw new HostError('UNAVAILABLE', `${ROLE_LABEL[role]}: ${describeError(err)}`);
    }
    const outputs = (await midi.ports()).outputs;
    const match = matchingOutput(input.name, outputs.filter((o) => o.api === input.api), typeof spec === 'string' ? spec : undefined);
    let output: MidiPort | undefined;
    if (match) {
      try {
        output = await midi.openOutput(match.index, { api: match.api });
      } catch (err) {
        this.log(`  ${ROLE_LABEL[role]}: no output (${describeError(err)})`);
      }
    }
    const opened: Opened = { spec, name: input.name, input, output, present: true };
    if (role === 'mix' && output) {
      const out = output;
      mix = new MidiMixController(this.host, { send: (b) => midi.send(out, b) }, { onError: (m) => this.log(`  ${m}`) });
      opened.mix = mix;
      await mix.connect();
    }
    if (role === 'seq' && output && this.clockOn) this.host.engine.clock.enable(output, true);
    this.opened.set(role, opened);
    return opened;
  }

  async close(role: Role): Promise<void> {
    const o = this.opened.get(role);
    if (!o) return;
    o.mix?.disconnect();
    this.opened.delete(role);
    for (const p of [o.input, o.output]) {
      if (!p) continue;
      try {
        await this.host.engine.midi.close(p);
      } catch {
        // gone with its device
      }
    }
  }

  /** At start: opens each role's device by the flag, or by its name when it is plugged in. Returns what happened. */
  async autoOpen(specs: Partial<Record<Role, string | undefined>>): Promise<string[]> {
    const lines: string[] = [];
    const ports = await this.host.engine.midi.ports();
    for (const role of ['seq', 'mix'] as Role[]) {
      const spec = specs[role];
      if (spec === 'none') continue;
      const wanted = spec ?? DEVICE_NAME[role];
      const byName = typeof wanted === 'string' && !/^\d+$/.test(wanted);
      if (byName && !ports.inputs.some((p) => p.name.toLowerCase().includes(wanted.toLowerCase()))) {
        lines.push(`[MIDI] ${ROLE_LABEL[role]}: not connected (looking for a port named "${wanted}")`);
        this.pending.set(role, wanted);
        continue;
      }
      try {
        const o = await this.open(role, byName ? wanted : Number(wanted));
        lines.push(`[MIDI] ${ROLE_LABEL[role]}: ${o.name}${o.output ? '' : ' (no output port)'}`);
      } catch (err) {
        lines.push(`[MIDI] ${ROLE_LABEL[role]}: ${describeError(err)}`);
      }
    }
    return lines;
  }

  /** Turns the Beatstep Pro clock on or off (also when it is connected later). */
  setClock(on: boolean): void {
    this.clockOn = on;
    const out = this.opened.get('seq')?.output;
    if (out) this.host.engine.clock.enable(out, on);
  }

  /** Checks presence once: marks missing devices, reopens ones that came back. */
  async poll(): Promise<void> {
    const states = await this.host.engine.midi.states();
    const present = new Map(states.map((s) => [s.id, s.present]));
    const ports = await this.host.engine.midi.ports();
    for (const role of ['seq', 'mix'] as Role[]) {
      const o = this.opened.get(role);
      if (o) {
        const here = present.get(o.input.id) ?? false;
        if (!here && o.present) {
          o.present = false;
          this.log(`[MIDI] ${ROLE_LABEL[role]} unplugged (${o.name}); it will be reopened when it comes back`);
        }
        // Back (the client part of its name may differ after a replug): reopen, which reconnects and relights.
        if (!o.present) {
          const back = ports.inputs.find((p) => devicePart(p.name) === devicePart(o.name));
          if (back) await this.reopen(role, back.name);
        }
      } else {
        const wanted = this.pending.get(role);
        if (wanted && ports.inputs.some((p) => p.name.toLowerCase().includes(wanted.toLowerCase()))) {
          this.pending.delete(role);
          await this.reopen(role, wanted);
        }
      }
    }
  }

  private async reopen(role: Role, name: string): Promise<void> {
    try {
      const o = await this.open(role, name);
      this.log(`[MIDI] ${ROLE_LABEL[role]} connected: ${o.name}`);
    } catch (err) {
      this.log(`[MIDI] ${ROLE_LABEL[role]}: ${describeError(err)}`);
    }
  }

  watch(intervalMs = 1000): void {
    this.stopWatching();
    this.timer = setInterval(() => void this.poll().catch((err: unknown) => this.log(`[MIDI] checking the devices failed: ${describeError(err)}`)), intervalMs);
    this.timer.unref();
  }

  stopWatching(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  statusLines(): string[] {
    return (['seq', 'mix'] as Role[]).map((role) => {
      const o = this.opened.get(role);
      if (!o) return `  ${ROLE_LABEL[role]}: ${this.pending.has(role) ? 'missing (waiting for it)' : 'not connected'}`;
      const clock = role === 'seq' ? `  clock ${this.clockOn && o.output ? 'on' : 'off'}` : '';
      return `  ${ROLE_LABEL[role]}: ${o.present ? 'connected' : 'MISSING'}  ${o.name}${clock}`;
    });
  }
}
