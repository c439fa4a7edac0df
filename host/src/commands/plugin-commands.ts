// load, load_fx, remove_fx, params, set: plugins in slots and chains.
import { parseIndex, parseNumber, parseSlot } from '../core/args.js';
import { HostError } from '../core/host-error.js';
import type { Target } from '../core/host.js';
import { completePath } from './complete-path.js';
import { ok, slotWords, type Command, type CommandContext } from './command.js';
import { paramLine, valueText } from './format.js';

const LOAD = 'load <slot> <path.vst3|path.lv2|lv2-uri> [name]';
const LOAD_FX = 'load_fx <path> [slot|master] [name]';
const REMOVE_FX = 'remove_fx <slot|master> <fx_index>';
const PARAMS = 'params <slot> | params <slot> fx <fx_index> | params master <fx_index>';
const SET = 'set <slot> <name> <value> | set <slot> fx <fx_index> <name> <value> | set master <fx_index> <name> <value>';

/** Parses "<slot>", "<slot> fx <n>" or "master <n>" from the front of args; returns the target and the rest. */
export function parseTarget(ctx: CommandContext, args: string[], usage: string): { target: Target; rest: string[] } {
  const [a, b, c, ...rest] = args;
  if (a === undefined) throw new HostError('USAGE', 'missing slot', usage);
  if (a.toLowerCase() === 'master') {
    return { target: { master: parseIndex(b, 'master fx index', Math.max(1, ctx.host.master.length), usage) }, rest: [c, ...rest].filter((x): x is string => x !== undefined) };
  }
  const slot = parseSlot(a, usage);
  if (b?.toLowerCase() === 'fx') {
    return { target: { slot, fx: parseIndex(c, 'fx index', Math.max(1, ctx.host.slot(slot).inserts.length), usage) }, rest };
  }
  return { target: { slot }, rest: [b, c, ...rest].filter((x): x is string => x !== undefined) };
}

async function parameterNames(ctx: CommandContext, target: Target): Promise<string[]> {
  try {
    return (await ctx.host.parameters(target)).map((p) => (p.name.includes(' ') ? `"${p.name}"` : p.name));
  } catch {
    return [];
  }
}

export const pluginCommands: Command[] = [
  {
    name: 'load',
    usage: LOAD,
    summary: 'Load an instrument (VST3 or LV2) into slot 1-8',
    help: 'The name is optional (default: the plugin\'s own). Example:\n  load 1 /usr/lib/lv2/Kars.lv2 Lead\n  load 2 http://distrho.sf.net/plugins/Nekobi Bass',
    complete: (_ctx, words) => (words.length === 1 ? slotWords() : words.length === 2 ? completePath(words[1] ?? '') : []),
    async run(ctx, args) {
      const [slotText, path, ...nameWords] = args;
      const slot = parseSlot(slotText, LOAD);
      if (!path) throw new HostError('USAGE', 'missing plugin path', LOAD);
      const entry = await ctx.host.loadInstrument(slot, path, nameWords.length ? nameWords.join(' ') : undefined);
      return ok(`  slot ${slot} = ${entry.name}`, { slot, name: entry.name, plugin: entry.plugin, format: entry.summary?.format });
    },
  },
  {
    name: 'load_fx',
    usage: LOAD_FX,
    summary: 'Load an effect as an insert on a slot, or on the master bus (default)',
    help: 'Examples:\n  load_fx /usr/lib/vst3/ZamDelay.vst3 1 PingPong\n  load_fx /usr/lib/vst3/ZamVerb.vst3 master Reverb',
    complete: (_ctx, words) => (words.length === 1 ? completePath(words[0] ?? '') : words.length === 2 ? [...slotWords(), 'master'] : []),
    async run(ctx, args) {
      const [path, where, ...nameWords] = args;
      if (!path) throw new HostError('USAGE', 'missing plugin path', LOAD_FX);
      const target = where === undefined || where.toLowerCase() === 'master' ? 'master' : parseSlot(where, LOAD_FX);
      const { entry, index } = await ctx.host.loadEffect(target, path, nameWords.length ? nameWords.join(' ') : undefined);
      const label = target === 'master' ? `master fx ${index}` : `slot ${target} fx ${index}`;
      return ok(`  ${label} = ${entry.name}`, { target, index, name: entry.name, plugin: entry.plugin });
    },
  },
  {
    name: 'remove_fx',
    usage: REMOVE_FX,
    summary: 'Remove an effect by its index (1 = first in the chain)',
    complete: (_ctx, words) => (words.length === 1 ? [...slotWords(), 'master'] : []),
    async run(ctx, args) {
      const [where, indexText] = args;
      if (where === undefined) throw new HostError('USAGE', 'missing slot or "master"', REMOVE_FX);
      const target = where.toLowerCase() === 'master' ? 'master' : parseSlot(where, REMOVE_FX);
      const chain = target === 'master' ? ctx.host.master : ctx.host.slot(target).inserts;
      const index = parseIndex(indexText, 'fx index', Math.max(1, chain.length), REMOVE_FX);
      const entry = await ctx.host.removeEffect(target, index);
      return ok(`  removed ${entry.name} from ${target === 'master' ? 'the master bus' : `slot ${target}`}`, { target, index, name: entry.name });
    },
  },
  {
    name: 'params',
    usage: PARAMS,
    summary: 'List a plugin\'s parameters and current values',
    complete: (_ctx, words) => (words.length === 1 ? [...slotWords(), 'master'] : words.length === 2 && words[0] !== 'master' ? ['fx'] : []),
    async run(ctx, args) {
      const { target, rest } = parseTarget(ctx, args, PARAMS);
      if (rest.length) throw new HostError('USAGE', `unexpected "${rest.join(' ')}"`, PARAMS);
      const params = await ctx.host.parameters(target);
      const lines = params.length ? params.map(paramLine) : ['  (no parameters)'];
      return ok(lines, params);
    },
  },
  {
    name: 'set',
    usage: SET,
    summary: 'Set a parameter (by name or number from params) in its native units',
    help: 'Example:\n  set 1 cutoff 0.75\n  set master 1 "Room Size" 0.4',
    async complete(ctx, words) {
      if (words.length === 1) return [...slotWords(), 'master'];
      try {
        const { target, rest } = parseTarget(ctx, words.slice(0, -1).concat('x'), SET);
        if (rest.length === 1) return parameterNames(ctx, target);
      } catch {
        return [];
      }
      return [];
    },
    async run(ctx, args) {
      const { target, rest } = parseTarget(ctx, args, SET);
      const [name, valueWord, ...extra] = rest;
      if (name === undefined) throw new HostError('USAGE', 'missing parameter name', SET);
      if (extra.length) throw new HostError('USAGE', `unexpected "${extra.join(' ')}" (quote names with spaces)`, SET);
      const value = parseNumber(valueWord, 'value', SET);
      const info = await ctx.host.setParameter(target, name, value);
      const text = valueText(info.value, info.text);
      return ok(`  ${info.name} = ${Number.isInteger(info.value) ? info.value : Number(info.value.toFixed(4))}${text ? `  (${text})` : ''}`, info);
    },
  },
];
