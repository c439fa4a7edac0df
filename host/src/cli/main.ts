// linkvst: start-up, the three ways to run (prompt, daemon, attach), and a clean, saving shutdown on quit, end of
// input, SIGINT and SIGTERM.
import { join } from 'node:path';
import { Dispatcher } from '../commands/dispatcher.js';
import { HostError, describeError } from '../core/host-error.js';
import { Host } from '../core/host.js';
import { attach } from '../daemon/attach.js';
import { serveCommands } from '../daemon/server.js';
import { checkDeps, depsLines } from '../deps/deps-check.js';
import { Engine } from '../native/engine.js';
import { runRepl } from '../repl/repl.js';
import { SessionController } from '../session/session-controller.js';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { USAGE, parseOptions, type Options } from './options.js';

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const say = (io: Io, ...lines: string[]): void => {
  for (const l of lines) io.stdout.write(`${l}\n`);
};

/** Builds the host, restores the session. */
async function startHost(o: Options, io: Io): Promise<{ host: Host; session: SessionController; dispatcher: Dispatcher }> {
  const engine = new Engine({ sampleRate: o.sampleRate, blockSize: o.bufferSize });
  const host = new Host(engine);
  host.setTempo(o.bpm);
  const session = new SessionController(host, o.session);
  const dispatcher = new Dispatcher(host, session);
  if (o.restore && existsSync(o.session)) {
    const r = await dispatcher.run(`restore "${o.session}"`);
    say(io, ...r.lines);
  } else if (o.restore) {
    say(io, `  no session at ${o.session} yet (it is written on quit)`);
  }
  return { host, session, dispatcher };
}

async function shutdown(host: Host, session: SessionController, io: Io): Promise<void> {
  try {
    const path = await session.save();
    say(io, `  saved ${path}`);
  } catch (err) {
    io.stderr.write(`linkvst: could not save the session: ${describeError(err)}\n`);
  }
  await host.engine.close();
}

/** Runs linkvst; resolves with the exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(argv, io.env);
  } catch (err) {
    io.stderr.write(`linkvst: ${describeError(err)}\n${USAGE}\n`);
    return 2;
  }
  if (o.mode === 'help') {
    say(io, USAGE);
    return 0;
  }
  if (o.mode === 'version') {
    say(io, 'linkvst 0.1.0 (vcpi)');
    return 0;
  }
  if (o.mode === 'deps') {
    const checks = checkDeps();
    say(io, ...depsLines(checks));
    return o.strict && checks.some((c) => c.required && !c.ok) ? 1 : 0;
  }
  if (o.mode === 'attach') {
    try {
      return await attach(o.socket, { json: o.json, commands: o.commands, input: io.stdin, output: io.stdout, terminal: Boolean(io.stdin.isTTY) });
    } catch (err) {
      io.stderr.write(`linkvst attach: ${describeError(err)}\n`);
      return 1;
    }
  }
  let started: Awaited<ReturnType<typeof startHost>>;
  try {
    started = await startHost(o, io);
  } catch (err) {
    io.stderr.write(`linkvst: ${describeError(err)}\n`);
    if (err instanceof HostError || (err as { code?: string }).code === 'ERR_ADDON_MISSING') io.stderr.write('linkvst: run `linkvst deps` to see what is missing\n');
    return 1;
  }
  const { host, session, dispatcher } = started;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= shutdown(host, session, io));
  if (o.mode === 'daemon') {
    let server;
    try {
      server = await serveCommands(dispatcher, o.socket, (m) => say(io, m));
    } catch (err) {
      io.stderr.write(`linkvst: ${describeError(err)}\n`);
      await host.engine.close();
      return 1;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await server.close();
    await stop();
    return 0;
  }
  const onSignal = (): void => {
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const historyPath = join(dirname(o.session), 'history');
  await runRepl(dispatcher, { input: io.stdin, output: io.stdout, terminal: Boolean(io.stdin.isTTY), historyPath });
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  await stop();
  return 0;
}
