// The service mode's command socket: a Unix socket (mode 0600) speaking the CLI's command language, one line per
// command, one JSON line per result: {"lines": [...], "data": …, "error": …}. Several clients at once; commands that
// change state run one at a time in arrival order, so state stays consistent, while reads and aborts
// (Dispatcher.alongside: status, capture status/takes/abort, …) run at once — another client's `capture abort` stops
// a calibration in progress. Each client gets its replies in the order it sent its lines.
import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Dispatcher, LineResult } from '../commands/dispatcher.js';
import { HostError } from '../core/host-error.js';

export interface CommandServer {
  server: Server;
  path: string;
  close(): Promise<void>;
}

/** True when something answers on `path`. */
function alive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** @throws HostError FILE when another linkvst already listens there, or the socket cannot be made */
export async function serveCommands(dispatcher: Dispatcher, path: string, log: (m: string) => void): Promise<CommandServer> {
  if (existsSync(path)) {
    if (await alive(path)) throw new HostError('FILE', `another linkvst is already listening on ${path}; use linkvst attach, or --socket for a second one`);
    unlinkSync(path);
  }
  mkdirSync(dirname(path), { recursive: true });
  let queue: Promise<unknown> = Promise.resolve(); // the commands that run one at a time
  const clients = new Set<Socket>();
  const server = createServer((socket) => {
    clients.add(socket);
    socket.setEncoding('utf8');
    let buffered = '';
    let replies: Promise<void> = Promise.resolve(); // this client's replies, in the order of its lines
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const execute = (): Promise<LineResult> =>
          dispatcher.run(line, (progress) => {
            if (!socket.destroyed) socket.write(`${JSON.stringify({ progress })}\n`);
          });
        let result: Promise<LineResult>;
        if (dispatcher.alongside(line)) {
          result = execute();
        } else {
          result = queue.then(execute);
          queue = result.catch(() => undefined);
        }
        replies = replies.then(async () => {
          const r = await result;
          // quit from a client ends only that client's session (the service keeps running).
          const reply = { lines: r.lines, ...(r.data !== undefined ? { data: r.data } : {}), ...(r.error ? { error: r.error } : {}), ...(r.quit ? { detach: true } : {}) };
          if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
          if (r.quit) socket.end();
        });
      }
    });
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => clients.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const old = process.umask(0o177);
    server.listen(path, () => {
      process.umask(old);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  log(`[Daemon] listening on ${path}`);
  return {
    server,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.destroy();
        server.close(() => resolve());
        try {
          unlinkSync(path);
        } catch {
          // gone already
        }
      }),
  };
}
