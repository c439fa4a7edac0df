// gain, mute, solo, master, note: the mixer and test notes.
import { noMoreThan, parseGain, parseIntIn, parseSlot } from '../core/args.js';
import { ok, slotWords, type Command } from './command.js';

const GAIN = 'gain <slot> <0.0-1.0>';
const MUTE = 'mute <slot>';
const SOLO = 'solo <slot>';
const MASTER = 'master [0.0-1.0]';
const NOTE = 'note <slot> <note 0-127> [velocity 1-127] [duration_ms]';


export const mixerCommands: Command[] = [
  {
    name: 'gain',
    usage: GAIN,
    summary: 'Set a slot\'s volume (smoothed, no zipper noise)',
    complete: (_c, w) => (w.length === 1 ? slotWords() : []),
    async run(ctx, args) {
      noMoreThan(args, 2, GAIN);
      const slot = parseSlot(args[0], GAIN);
      const gain = parseGain(args[1], GAIN);
      ctx.host.setGain(slot, gain);
      return ok(`  ${ctx.host.slotName(slot)}: gain ${gain.toFixed(2)}`, { slot, gain });
    },
  },
  {
    name: 'mute',
    usage: MUTE,
    summary: 'Toggle mute on a slot',
    complete: (_c, w) => (w.length === 1 ? slotWords() : []),
    async run(ctx, args) {
      noMoreThan(args, 1, MUTE);
      const slot = parseSlot(args[0], MUTE);
      const mute = !ctx.host.slot(slot).mute;
      ctx.host.setMute(slot, mute);
      return ok(`  ${ctx.host.slotName(slot)}: ${mute ? 'MUTE' : 'unmute'}`, { slot, mute });
    },
  },
  {
    name: 'solo',
    usage: SOLO,
    summary: 'Toggle solo on a slot (when any slot is soloed only soloed slots sound; a muted slot stays silent)',
    complete: (_c, w) => (w.length === 1 ? slotWords() : []),
    async run(ctx, args) {
      noMoreThan(args, 1, SOLO);
      const slot = parseSlot(args[0], SOLO);
      const solo = !ctx.host.slot(slot).solo;
      ctx.host.setSolo(slot, solo);
      return ok(`  ${ctx.host.slotName(slot)}: ${solo ? 'SOLO' : 'unsolo'}`, { slot, solo });
    },
  },
  {
    name: 'master',
    usage: MASTER,
    summary: 'Get or set the master bus gain',
    async run(ctx, args) {
      noMoreThan(args, 1, MASTER);
      if (args[0] !== undefined) ctx.host.setMasterGain(parseGain(args[0], MASTER));
      return ok(`  master = ${ctx.host.masterGain.toFixed(2)}`, { masterGain: ctx.host.masterGain });
    },
  },
  {
    name: 'note',
    usage: NOTE,
    summary: 'Play a test note on a slot',
    complete: (_c, w) => (w.length === 1 ? slotWords() : []),
    async run(ctx, args) {
      noMoreThan(args, 4, NOTE);
      const slot = parseSlot(args[0], NOTE);
      const note = parseIntIn(args[1], 'note', 0, 127, NOTE);
      const velocity = args[2] === undefined ? 100 : parseIntIn(args[2], 'velocity', 1, 127, NOTE);
      const duration = args[3] === undefined ? 500 : parseIntIn(args[3], 'duration_ms', 1, 60_000, NOTE);
      ctx.host.note(slot, note, velocity, duration);
      return ok(`  ${ctx.host.slotName(slot)}: note ${note} vel ${velocity} for ${duration} ms`, { slot, note, velocity, duration });
    },
  },
];
