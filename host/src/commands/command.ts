// What a command is: its name, usage, help, how it completes, and what it does. Commands return lines for people
// and data for --json; they throw HostError for anything the user got wrong.
import type { Host } from '../core/host.js';
import type { SessionController } from '../session/session-controller.js';
import type { Live } from '../live/live.js';

export interface CommandResult {
  lines: string[];
  /** the same result for scripts (--json) */
  data?: unknown;
  /** end the session (quit/exit) */
  quit?: boolean;
}

export interface CommandContext {
  host: Host;
  session: SessionController;
  /** the command table, for help and completion */
  commands: ReadonlyMap<string, Command>;
  /** audio, MIDI devices, Link (undefined: offline use, e.g. tests of the command language alone) */
  live: Live | undefined;
  /** prints a progress line now, while a long command (capture calibrate, capture play) is still running */
  say?: (line: string) => void;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** e.g. "gain <slot> <0.0-1.0>" */
  usage: string;
  summary: string;
  /** longer help: examples, what it prints */
  help?: string;
  /** completions for the word being typed, given the words before it */
  complete?: (ctx: CommandContext, words: string[]) => string[] | Promise<string[]>;
  /**
   * True when this invocation runs at once, alongside a command in progress (the daemon runs the others one at a
   * time, in arrival order): it only reads state, or it stops what runs (capture abort). Absent: false.
   */
  alongside?: (args: string[]) => boolean;
  run(ctx: CommandContext, args: string[]): Promise<CommandResult>;
}

export const ok = (lines: string[] | string, data?: unknown): CommandResult => ({
  lines: Array.isArray(lines) ? lines : [lines],
  ...(data !== undefined ? { data } : {}),
});

export const slotWords = (): string[] => ['1', '2', '3', '4', '5', '6', '7', '8'];
