// devices, audio_start, audio_stop, input, midi_ports, midi_seq, midi_mix, clock, link, unlink, tempo.
import { parseIntIn, parseNumber, parseSlot } from '../core/args.js';
import { HostError } from '../core/host-error.js';
import type { Live } from '../live/live.js';
import { ok, slotWords, type Command, type CommandContext } from './command.js';

const live = (ctx: CommandContext): Live => {
  if (!ctx.live) throw new HostError('UNAVAILABLE', 'this linkvst runs without live audio and MIDI');
  return ctx.live;
};

/** Sets the tempo from a command's argument (when given): Link's (peers follow) and the session's. */
function setTempo(l: Live, text: string | undefined, usage: string): void {
  if (text === undefined) return;
  const bpm = parseNumber(text, 'bpm', usage, 20, 999);
  l.host.engine.link.setTempo(bpm);
  l.host.setTempo(bpm);
}

const INPUT = 'input <slot> <in> [in2] | input <slot> off';
const SEQ = 'midi_seq <port index|name part>';
const MIX = 'midi_mix <port index|name part>';
const TEMPO = 'tempo [bpm 20-999]';
const LINK = 'link [bpm 20-999]';

export const liveCommands: Command[] = [
  {
    name: 'devices',
    usage: 'devices',
    summary: 'List audio devices (JACK, ALSA, and the null device) with channels and sample rates',
    async run(ctx) {
      const devices = await live(ctx).host.engine.audio.devices();
      const lines = devices.map((d) => `  [${d.index}] ${d.type.padEnd(4)} ${d.name}  in ${d.inputs}  out ${d.outputs}  ${d.sampleRates.join('/')} Hz`);
      return ok(lines.length ? lines : ['  (no audio devices)'], devices);
    },
  },
  {
    name: 'audio_start',
    usage: 'audio_start [device index|name|none]',
    summary: 'Start (or restart) audio output',
    async run(ctx, args) {
      if (args.length > 1) throw new HostError('USAGE', 'audio_start takes one device (quote names with spaces)', 'audio_start [device]');
      return ok(await live(ctx).startAudio(args[0]));
    },
  },
  {
    name: 'audio_stop',
    usage: 'audio_stop',
    summary: 'Stop audio output',
    async run(ctx) {
      await live(ctx).stopAudio();
      return ok('[Audio] Stopped');
    },
  },
  {
    name: 'input',
    usage: INPUT,
    summary: 'Feed audio inputs (1-based) to a slot\'s plugin (e.g. a synth into VintageCapture)',
    complete: (_c, w) => (w.length === 1 ? slotWords() : []),
    async run(ctx, args) {
      const slot = parseSlot(args[0], INPUT);
      const audio = live(ctx).host.engine.audio;
      if (args[1] === 'off') {
        audio.routeInput(slot, null);
        return ok(`  slot ${slot}: no input`);
      }
      const a = parseIntIn(args[1], 'input', 1, 64, INPUT);
      const b = args[2] === undefined ? a : parseIntIn(args[2], 'input', 1, 64, INPUT);
      audio.routeInput(slot, [a, b]);
      return ok(`  slot ${slot} <- input ${a === b ? a : `${a}+${b}`}`, { slot, inputs: [a, b] });
    },
  },
  {
    name: 'midi_ports',
    usage: 'midi_ports',
    summary: 'List MIDI input and output ports',
    async run(ctx) {
      const p = await live(ctx).host.engine.midi.ports();
      const lines = [
        ...p.inputs.map((x) => `  in  [${x.index}] ${x.api.padEnd(4)} ${x.name}`),
        ...p.outputs.map((x) => `  out [${x.index}] ${x.api.padEnd(4)} ${x.name}`),
        ...p.problems.map((x) => `  (${x})`),
      ];
      return ok(lines.length ? lines : ['  (no MIDI ports)'], p);
    },
  },
  ...(['seq', 'mix'] as const).map(
    (role): Command => ({
      name: role === 'seq' ? 'midi_seq' : 'midi_mix',
      usage: role === 'seq' ? SEQ : MIX,
      summary: role === 'seq' ? 'Open the Beatstep Pro (notes → channel routing; clock out)' : 'Open the Akai MIDI Mix (the mixer; LEDs)',
      async run(ctx, args) {
        const usage = role === 'seq' ? SEQ : MIX;
        if (args[0] === undefined) throw new HostError('USAGE', 'missing port', usage);
        const spec = /^\d+$/.test(args[0]) ? Number(args[0]) : args.join(' ');
        const o = await live(ctx).devices.open(role, spec);
        return ok(`  ${role === 'seq' ? 'Beatstep Pro' : 'MIDI Mix'}: ${o.name}${o.output ? '' : ' (no output port found)'}`, { name: o.name, output: o.output?.name });
      },
    }),
  ),
  {
    name: 'clock',
    usage: 'clock [on|off]',
    summary: 'MIDI clock and Start/Stop to the Beatstep Pro, locked to Link (on by default)',
    async run(ctx, args) {
      const l = live(ctx);
      if (args[0] !== undefined) {
        if (args[0] !== 'on' && args[0] !== 'off') throw new HostError('USAGE', `clock takes on or off, got "${args[0]}"`, 'clock [on|off]');
        l.devices.setClock(args[0] === 'on');
      }
      const connected = l.devices.get('seq')?.output !== undefined;
      return ok(`  clock ${l.devices.clockOn ? 'on' : 'off'}${connected ? '' : ' (no Beatstep Pro output open)'}`, { on: l.devices.clockOn });
    },
  },
  {
    name: 'transport',
    usage: 'transport [start|stop]',
    summary: 'Start (on the next bar) or stop the Beatstep Pro and Link peers with start/stop sync',
    async run(ctx, args) {
      const e = live(ctx).host.engine;
      const shared = e.link.status().app.enabled;
      if (args[0] === 'start') {
        // With Link on, start/stop is shared with the peers (the clock follows the session); alone, the clock starts.
        if (shared) e.link.setPlaying(true);
        else e.clock.start();
        return ok('  transport: Start on the next bar', { start: true });
      }
      if (args[0] === 'stop') {
        if (shared) e.link.setPlaying(false);
        else e.clock.stop();
        return ok('  transport: Stop', { stop: true });
      }
      if (args[0] !== undefined) throw new HostError('USAGE', `transport takes start or stop, got "${args[0]}"`, 'transport [start|stop]');
      const c = e.clock.status();
      const state = c.startPending ? `starting at beat ${c.startBeat}` : c.playing ? 'playing' : 'stopped';
      return ok(`  transport ${state}`, { playing: c.playing, startPending: c.startPending });
    },
  },
  {
    name: 'link',
    usage: LINK,
    summary: 'Enable Ableton Link (optionally set the tempo)',
    async run(ctx, args) {
      const l = live(ctx);
      setTempo(l, args[0], LINK);
      l.host.engine.link.enable(true);
      l.host.engine.link.setStartStopSync(true);
      const s = l.host.engine.link.status().app;
      return ok(`[Link] enabled  tempo ${s.tempo.toFixed(1)}  peers ${s.peers}`, s);
    },
  },
  {
    name: 'unlink',
    usage: 'unlink',
    summary: 'Disable Ableton Link (the tempo stays)',
    async run(ctx) {
      live(ctx).host.engine.link.enable(false);
      return ok('[Link] disabled');
    },
  },
  {
    name: 'tempo',
    usage: TEMPO,
    summary: 'Get or set the tempo (with Link on, every peer follows)',
    async run(ctx, args) {
      const l = live(ctx);
      setTempo(l, args[0], TEMPO);
      const bpm = l.host.engine.link.status().app.tempo;
      return ok(`  tempo = ${bpm.toFixed(1)}`, { bpm });
    },
  },
];
