// save, restore.
import { resolve } from 'node:path';
import { HostError } from '../core/host-error.js';
import { completePath } from './complete-path.js';
import { ok, type Command } from './command.js';

const SAVE = 'save [path]';
const RESTORE = 'restore [path]';
const expand = (p: string): string => resolve(p.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));

export const sessionCommands: Command[] = [
  {
    name: 'save',
    usage: SAVE,
    summary: 'Save the session (default: the --session file, ~/.config/linkvst/session.json)',
    complete: (_c, w) => (w.length === 1 ? completePath(w[0] ?? '') : []),
    async run(ctx, args) {
      if (args.length > 1) throw new HostError('USAGE', 'save takes one path (quote paths with spaces)', SAVE);
      const path = await ctx.session.save(args[0] ? expand(args[0]) : undefined);
      const lines = [`  saved ${path}`];
      if (ctx.session.keptAside) lines.push(`  (the file it replaced did not restore cleanly; it is kept as ${ctx.session.keptAside})`);
      return ok(lines, { path });
    },
  },
  {
    name: 'restore',
    usage: RESTORE,
    summary: 'Restore a session; what cannot be restored is reported (missing plugins keep their place)',
    complete: (_c, w) => (w.length === 1 ? completePath(w[0] ?? '') : []),
    async run(ctx, args) {
      if (args.length > 1) throw new HostError('USAGE', 'restore takes one path (quote paths with spaces)', RESTORE);
      const path = args[0] ? expand(args[0]) : ctx.session.path;
      const report = await ctx.session.restore(path);
      const lines = [`  restored ${path}: ${report.restored.length} plugin${report.restored.length === 1 ? '' : 's'}`];
      for (const s of report.skipped) lines.push(`  skipped ${s.where}: ${s.reason}`);
      return ok(lines, { path, ...report });
    },
  },
];
