// The interactive prompt: `linkvst> `, tab completion of commands, slots, parameter names and paths, and a history
// kept across runs. Commands run one at a time, in order, also when lines are piped in; Ctrl-C aborts a capture
// action in progress (interrupt.ts).
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Dispatcher } from '../commands/dispatcher.js';
import { onInterrupt } from './interrupt.js';

export const PROMPT = 'linkvst> ';
const HISTORY_MAX = 1000;

export interface ReplOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  historyPath?: string;
  /** true when input is a terminal (completion, history, colours) */
  terminal: boolean;
}

function loadHistory(path: string | undefined): string[] {
  if (!path) return [];
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_MAX).reverse();
  } catch {
    return [];
  }
}

/** Runs the prompt until quit/exit or the end of input; resolves when it is done (the caller saves and exits). */
export async function runRepl(dispatcher: Dispatcher, o: ReplOptions): Promise<'quit' | 'eof'> {
  const rl: Interface = createInterface({
    input: o.input,
    output: o.output,
    terminal: o.terminal,
    prompt: PROMPT,
    history: loadHistory(o.historyPath),
    historySize: HISTORY_MAX,
    completer: (line: string, cb: (err: null, result: [string[], string]) => void) => {
      const last = line.split(/\s+/).pop() ?? '';
      dispatcher.complete(line).then(
        (hits) => cb(null, [hits, last]),
        () => cb(null, [[], last]),
      );
    },
  });
  if (o.historyPath) {
    try {
      mkdirSync(dirname(o.historyPath), { recursive: true });
    } catch {
      // history is a convenience
    }
  }
  const write = (lines: string[]): void => {
    for (const l of lines) o.output.write(`${l}\n`);
  };
  let running: string | undefined;
  onInterrupt(rl, o.output, () => running, (abortLine) => {
    void dispatcher.run(abortLine).then((r) => write(r.lines));
  });
  rl.prompt();
  for await (const line of rl) {
    if (o.historyPath && line.trim()) {
      try {
        appendFileSync(o.historyPath, `${line}\n`);
      } catch {
        // history is a convenience
      }
    }
    running = line;
    const result = await dispatcher.run(line, (l) => o.output.write(`${l}\n`)).finally(() => {
      running = undefined;
    });
    write(result.lines);
    if (result.quit) {
      rl.close();
      return 'quit';
    }
    rl.prompt();
  }
  return 'eof';
}
