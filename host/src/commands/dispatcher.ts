// One command line in, a result out: tokenise, find the command, run it, and turn every error into a message with the
// command's usage. Nothing the user types can throw out of here.
import { tokenize } from '../core/args.js';
import { HostError, describeError } from '../core/host-error.js';
import type { Host } from '../core/host.js';
import type { SessionController } from '../session/session-controller.js';
import type { Command, CommandContext, CommandResult } from './command.js';
import { infoCommands } from './info-commands.js';
import { liveCommands } from './live-commands.js';
import type { Live } from '../live/live.js';
import { mixerCommands } from './mixer-commands.js';
import { pluginCommands } from './plugin-commands.js';
import { routingCommands } from './routing-commands.js';
import { captureCommands } from './capture-commands.js';
import { sessionCommands } from './session-commands.js';

export interface LineResult extends CommandResult {
  /** true when the command failed (the lines say why) */
  error?: { code: string; message: string; usage?: string };
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

export class Dispatcher {
  readonly commands = new Map<string, Command>();
  readonly ctx: CommandContext;

  constructor(host: Host, session: SessionController, live?: Live, extra: Command[] = []) {
    for (const c of [...pluginCommands, ...mixerCommands, ...routingCommands, ...liveCommands, ...sessionCommands, ...captureCommands, ...extra, ...infoCommands]) {
      this.commands.set(c.name, c);
      for (const a of c.aliases ?? []) this.commands.set(a, c);
    }
    this.ctx = { host, session, commands: this.commands, live };
  }

  /** Runs one line; `say` receives progress lines of long commands as they happen. */
  async run(line: string, say?: (line: string) => void): Promise<LineResult> {
    let words: string[];
    try {
      words = tokenize(line.trim());
    } catch (err) {
      return this.failure(err);
    }
    const [name, ...args] = words;
    if (!name || name.startsWith('#')) return { lines: [] };
    const command = this.commands.get(name.toLowerCase());
    if (!command) {
      const names = [...new Set([...this.commands.values()].map((c) => c.name))];
      const near = names.map((n) => ({ n, d: editDistance(n, name.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
      const hint = near && near.d <= 2 ? ` (did you mean ${near.n}?)` : '';
      return this.failure(new HostError('UNKNOWN_COMMAND', `unknown command "${name}"${hint}; type help for the list`));
    }
    try {
      return await command.run(say ? { ...this.ctx, say } : this.ctx, args);
    } catch (err) {
      return this.failure(err, command.usage);
    }
  }

  /**
   * True when `line` may run at once, alongside a command in progress (Command.alongside): a read, an abort, or a
   * line that can only fail (blank, unknown, untokenisable).
   */
  alongside(line: string): boolean {
    let words: string[];
    try {
      words = tokenize(line.trim());
    } catch {
      return true;
    }
    const [name, ...args] = words;
    if (!name || name.startsWith('#')) return true;
    const command = this.commands.get(name.toLowerCase());
    return command === undefined || (command.alongside?.(args) ?? false);
  }

  private failure(err: unknown, usage?: string): LineResult {
    const code = err instanceof HostError ? err.code : ((err as { code?: string })?.code ?? 'ERROR');
    const message = describeError(err);
    const use = err instanceof HostError ? (err.usage ?? (err.code === 'USAGE' || err.code.startsWith('BAD_') ? usage : undefined)) : undefined;
    const lines = [`error: ${message}`];
    if (use) lines.push(`usage: ${use}`);
    return { lines, error: { code, message, ...(use ? { usage: use } : {}) } };
  }

  /** Completions for the last word of `line`. */
  async complete(line: string): Promise<string[]> {
    const words = line.split(/\s+/);
    if (words.length <= 1) {
      const w = (words[0] ?? '').toLowerCase();
      return [...this.commands.keys()].filter((n) => n.startsWith(w)).sort();
    }
    const command = this.commands.get((words[0] ?? '').toLowerCase());
    if (!command?.complete) return [];
    const args = words.slice(1);
    const last = args[args.length - 1] ?? '';
    try {
      const all = await command.complete(this.ctx, args);
      return all.filter((c) => c.startsWith(last));
    } catch {
      return [];
    }
  }
}
