// slots, status, deps, help, quit/exit.
import { HostError } from '../core/host-error.js';
import { checkDeps, depsLines } from '../deps/deps-check.js';
import { ok, type Command } from './command.js';
import { pluginLabel, slotLine } from './format.js';

export const infoCommands: Command[] = [
  {
    name: 'slots',
    usage: 'slots',
    summary: 'Show all 8 slots',
    alongside: () => true,
    async run(ctx) {
      return ok(ctx.host.slots.map((s) => slotLine(ctx.host, s)), ctx.host.slots);
    },
  },
  {
    name: 'status',
    usage: 'status',
    summary: 'Full overview: audio, MIDI, Link, all slots, master, routing',
    alongside: () => true,
    async run(ctx) {
      const h = ctx.host;
      const lines: string[] = [];
      lines.push(...(ctx.live ? ctx.live.statusLines() : await h.statusLines()));
      lines.push('[Slots]');
      lines.push(...h.slots.map((s) => slotLine(h, s)));
      lines.push(`[Master] gain ${h.masterGain.toFixed(2)}${h.master.length ? `  fx: ${h.master.map((e, i) => `${i + 1}:${pluginLabel(e)}`).join(', ')}` : ''}`);
      const routes = h.routing();
      lines.push(`[Routing] ${routes.length ? routes.map((r) => `ch ${r.channel}->${r.slot}`).join('  ') : '(none)'}`);
      return ok(lines, { ...(await h.statusData()), engine: h.engine.stats(), ...(ctx.live ? { live: await h.engine.status() } : {}) });
    },
  },
  {
    name: 'deps',
    usage: 'deps',
    summary: 'Check which dependencies are installed, with the command to fix each missing one',
    async run() {
      const checks = checkDeps();
      return ok(depsLines(checks), checks);
    },
  },
  {
    name: 'help',
    usage: 'help [command]',
    summary: 'List the commands, or show one command\'s usage',
    alongside: () => true,
    complete: (ctx, w) => (w.length === 1 ? [...ctx.commands.keys()] : []),
    async run(ctx, args) {
      if (args[0]) {
        const c = ctx.commands.get(args[0].toLowerCase());
        if (!c) throw new HostError('UNKNOWN_COMMAND', `no command "${args[0]}"; type help for the list`);
        return ok([`  ${c.usage}`, `  ${c.summary}`, ...(c.help ? c.help.split('\n').map((l) => `  ${l}`) : [])], { name: c.name, usage: c.usage, summary: c.summary });
      }
      const seen = new Set<string>();
      const lines: string[] = [];
      for (const c of ctx.commands.values()) {
        if (seen.has(c.name)) continue;
        seen.add(c.name);
        lines.push(`  ${c.usage.split(' | ')[0]?.padEnd(44)} ${c.summary}`);
      }
      return ok(lines);
    },
  },
  {
    name: 'quit',
    aliases: ['exit'],
    usage: 'quit | exit',
    summary: 'Save the session and exit',
    alongside: () => true,
    async run() {
      return { lines: [], quit: true };
    },
  },
];
