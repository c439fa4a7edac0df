// route, unroute, routing: MIDI channel → slot.
import { noMoreThan, parseChannel, parseSlot } from '../core/args.js';
import { ok, slotWords, type Command } from './command.js';

const ROUTE = 'route <ch 1-16> <slot 1-8>';
const UNROUTE = 'unroute <ch 1-16>';

export const routingCommands: Command[] = [
  {
    name: 'route',
    usage: ROUTE,
    summary: 'Route a MIDI channel to a slot (several channels may share a slot)',
    complete: (_c, w) => (w.length === 2 ? slotWords() : []),
    async run(ctx, args) {
      noMoreThan(args, 2, ROUTE);
      const channel = parseChannel(args[0], ROUTE);
      const slot = parseSlot(args[1], ROUTE);
      ctx.host.route(channel, slot);
      return ok(`  ch ${channel} -> slot ${slot} (${ctx.host.slotName(slot)})`, { channel, slot });
    },
  },
  {
    name: 'unroute',
    usage: UNROUTE,
    summary: 'Remove a MIDI channel route',
    async run(ctx, args) {
      noMoreThan(args, 1, UNROUTE);
      const channel = parseChannel(args[0], UNROUTE);
      ctx.host.unroute(channel);
      return ok(`  ch ${channel} unrouted`, { channel });
    },
  },
  {
    name: 'routing',
    usage: 'routing',
    summary: 'Show all MIDI channel routes',
    async run(ctx) {
      const routes = ctx.host.routing();
      const lines = routes.length ? routes.map((r) => `  ch ${String(r.channel).padStart(2)} -> slot ${r.slot} (${ctx.host.slotName(r.slot)})`) : ['  (no routes)'];
      return ok(lines, routes);
    },
  },
];
