// Ctrl-C at a prompt (linkvst's own, or attach's): while a capture action runs (a calibration, a take), it sends
// `capture abort` for that slot, so the action stops and the prompt comes back with its error; while any other
// command runs, it says that command ends by itself; at an idle prompt it closes the prompt, as Ctrl-C did before.
import type { Interface } from 'node:readline';
import { tokenize } from '../core/args.js';

/** The abort line for a running command line, or undefined when Ctrl-C cannot stop it. */
export function abortLineFor(running: string): string | undefined {
  let words: string[];
  try {
    words = tokenize(running.trim());
  } catch {
    return undefined;
  }
  if (words[0]?.toLowerCase() !== 'capture') return undefined;
  const slot = words[1] !== undefined && /^\d+$/.test(words[1]) ? ` ${words[1]}` : '';
  return `capture${slot} abort`;
}

/**
 * Handles Ctrl-C on `rl`: `running()` is the line in progress (undefined when idle); `abort(line)` runs the abort
 * line alongside it and prints its result.
 */
export function onInterrupt(rl: Interface, output: NodeJS.WritableStream, running: () => string | undefined, abort: (line: string) => void): void {
  rl.on('SIGINT', () => {
    const line = running();
    if (line === undefined) {
      rl.close();
      return;
    }
    const abortLine = abortLineFor(line);
    if (abortLine === undefined) {
      output.write(`\n  ^C: "${line.trim()}" cannot be interrupted; it ends by itself\n`);
      return;
    }
    output.write(`\n  ^C: ${abortLine}\n`);
    abort(abortLine);
  });
}
