// `linkvst attach`: the prompt, on a running daemon. Lines go to the socket; results come back as JSON lines and are
// printed as the local prompt would (or as JSON with --json). `-c` commands run and exit.
import { createConnection, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { HostError } from '../core/host-error.js';
import { onInterrupt } from '../repl/interrupt.js';
import { PROMPT } from '../repl/repl.js';

/** A command's result; before it, a long command sends `{"progress": line}` lines. */
interface Reply {
  lines: string[];
  data?: unknown;
  error?: { code: string; message: string };
  detach?: boolean;
}

function connect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection(path);
    s.once('connect', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new HostError(
          'UNAVAILABLE',
          err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
            ? `no linkvst daemon on ${path} (start one with linkvst --daemon, or on the Pi: sudo systemctl start payload)`
            : err.code === 'EACCES'
              ? `not allowed to open ${path}: run attach as the user the daemon runs as`
              : `cannot connect to ${path}: ${err.message}`,
        ),
      ),
    );
  });
}

/** A line-at-a-time client. */
export class CommandClient {
  private buffered = '';
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const parsed = JSON.parse(line) as Reply | { progress: string };
        if ('progress' in parsed) this.progress?.(parsed.progress);
        else this.waiting.shift()?.resolve(parsed);
      }
    });
    socket.on('close', () => {
      const waiting = this.waiting;
      this.waiting = [];
      for (const w of waiting) w.reject(new HostError('UNAVAILABLE', 'the daemon closed the connection'));
    });
  }

  static async open(path: string): Promise<CommandClient> {
    return new CommandClient(await connect(path));
  }

  /** Receives the progress lines of the command running now. */
  progress: ((line: string) => void) | undefined;

  run(line: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(`${line.replace(/\n/g, ' ')}\n`, (err) => err && reject(err));
    });
  }

  close(): void {
    this.socket.end();
  }
}

export async function attach(path: string, options: { json: boolean; commands: string[]; input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal: boolean }): Promise<number> {
  const client = await CommandClient.open(path);
  client.progress = (line) => options.output.write(options.json ? `${JSON.stringify({ progress: line })}\n` : `${line}\n`);
  const print = (r: Reply): void => {
    if (options.json) options.output.write(`${JSON.stringify(r)}\n`);
    else for (const l of r.lines) options.output.write(`${l}\n`);
  };
  if (options.commands.length) {
    let failed = false;
    for (const c of options.commands) {
      const r = await client.run(c);
      print(r);
      failed ||= r.error !== undefined;
    }
    client.close();
    return failed ? 1 : 0;
  }
  const rl = createInterface({ input: options.input, output: options.output, terminal: options.terminal, prompt: PROMPT });
  let running: string | undefined;
  // The daemon runs the abort at once, alongside the running line; its reply comes after that line's.
  onInterrupt(rl, options.output, () => running, (abortLine) => {
    void client.run(abortLine).then(print, () => undefined);
  });
  rl.prompt();
  for await (const line of rl) {
    if (/^\s*(quit|exit)\s*$/i.test(line)) break;
    running = line;
    try {
      print(await client.run(line));
    } finally {
      running = undefined;
    }
    rl.prompt();
  }
  rl.close();
  client.close();
  return 0;
}
