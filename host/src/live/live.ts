// The live side of linkvst in one place: the audio device (chosen at start, restartable), the controllers, Link and
// the clock — what the audio, MIDI and Link commands and `status` use.
import type { Host } from '../core/host.js';
import { HostError, describeError } from '../core/host-error.js';
import type { AudioChoice } from './audio-choice.js';
import { MidiDevices } from './midi-devices.js';
import { ArpStandIn } from './arp-stand-in.js';
import { jackPorts, newAudioPorts } from '../arp-sim/jack-tools.js';

export class Live {
  readonly devices: MidiDevices;
  /** the Arp: found, or the simulated one standing in */
  readonly arp = new ArpStandIn();
  /** our JACK input ports while audio runs on JACK (what the simulated Arp's synth is wired to) */
  jackInputs: string[] = [];

  constructor(
    readonly host: Host,
    public audio: AudioChoice,
    private readonly options: { bufferSize: number; inputs: number },
  ) {
    this.devices = new MidiDevices(host);
  }

  /** Starts (or restarts) audio; `device` overrides the choice (an index, a name, or "none"). Returns the seed's line. */
  async startAudio(device?: string): Promise<string> {
    const engine = this.host.engine;
    let type = this.audio.type;
    let dev = this.audio.device;
    if (device !== undefined) {
      if (device === 'none') type = 'null';
      else dev = /^\d+$/.test(device) ? Number(device) : device;
    }
    let status;
    const wantsJack = type !== 'null' && type !== 'alsa';
    const before = wantsJack ? listJackPorts() : [];
    try {
      status = await engine.audio.start({ type, ...(dev !== undefined ? { device: dev } : {}), bufferSize: this.options.bufferSize, inputs: this.options.inputs });
    } catch (err) {
      throw new HostError('UNAVAILABLE', `audio: ${describeError(err)}`);
    }
    this.host.audioRunning = true;
    this.jackInputs = status.type === 'jack' ? newAudioPorts(before, listJackPorts()).inputs : [];
    if (this.audio.record && !engine.audio.recording().recording) await engine.audio.record(this.audio.record);
    const line = `[Audio] Started  sr=${status.sampleRate}  buf=${status.bufferSize}  ch=${status.outputs}`;
    const where = status.type === 'null' ? (this.audio.record ? `  → ${this.audio.record}` : '  (no output device)') : `  ${status.type}: ${status.device}`;
    return `${line}${where}${status.warning ? `\n[Audio] ${status.warning}` : ''}`;
  }

  async stopAudio(): Promise<void> {
    const engine = this.host.engine;
    if (engine.audio.recording().recording) await engine.audio.stopRecording();
    await engine.audio.stop();
    this.host.audioRunning = false;
  }

  /** status: audio, MIDI, Link, clock. */
  statusLines(): string[] {
    const e = this.host.engine;
    const a = e.audio.status();
    const lines: string[] = [];
    if (a.running || a.serverGone) {
      lines.push(
        `[Audio] ${a.serverGone ? 'JACK SERVER GONE (reconnecting)' : 'running'}  ${a.type}: ${a.device}  sr=${a.sampleRate}  buf=${a.bufferSize}  in=${a.inputs} out=${a.outputs}`,
        `        load ${a.loadPercent.toFixed(1)} %  callback mean ${(a.callbackMeanUs / 1000).toFixed(2)} ms, max ${(a.callbackMaxUs / 1000).toFixed(2)} ms  xruns ${a.xruns}  ${a.realtime ? `real-time (${a.priority})` : 'NOT real-time'}`,
      );
      if (a.warning) lines.push(`        ${a.warning}`);
    } else lines.push(`[Audio] stopped  (${this.audio.reason})`);
    lines.push('[MIDI]', ...this.devices.statusLines());
    lines.push(`[Arp] ${this.arp.summary}`);
    const l = e.link.status().app;
    lines.push(`[Link] ${l.enabled ? 'enabled' : 'off'}  tempo ${l.tempo.toFixed(1)}  peers ${l.peers}  beat ${l.beat.toFixed(2)}  ${l.playing ? 'playing' : 'stopped'}`);
    const c = e.clock.status();
    lines.push(`[Clock] ${c.running ? `sending to ${c.ports.length} port${c.ports.length === 1 ? '' : 's'}  ticks ${c.ticks}` : 'off'}`);
    return lines;
  }
}

/** JACK's ports now, or none when there is no server or no jack_lsp. */
function listJackPorts(): string[] {
  try {
    return jackPorts();
  } catch {
    return [];
  }
}
