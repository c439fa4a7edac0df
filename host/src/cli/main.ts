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
import { chooseAudio } from '../live/audio-choice.js';
import { Live } from '../live/live.js';

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const say = (io: Io, ...lines: string[]): void => {
  for (const l of lines) io.stdout.write(`${l}\n`);
};

/** Builds the host: the audio choice (a JACK server fixes the rate), the session, audio, Link, the controllers. */
async function startHost(o: Options, io: Io): Promise<{ host: Host; session: SessionController; dispatcher: Dispatcher; live: Live }> {
  const choice = chooseAudio(o.output, o.audioType, o.sampleRate, io.env);
  const engine = new Engine({ sampleRate: choice.sampleRate, blockSize: o.bufferSize });
  const host = new Host(engine);
  host.setTempo(o.bpm);
  engine.link.setTempo(o.bpm);
  const live = new Live(host, choice, { bufferSize: o.bufferSize, inputs: o.inputChannels });
  live.devices.log = (line) => say(io, line);
  live.devices.clockOn = o.clock;
  const session = new SessionController(host, o.session);
  const dispatcher = new Dispatcher(host, session, live);
  if (o.restore && existsSync(o.session)) {
    const r = await dispatcher.run(`restore "${o.session}"`);
    say(io, ...r.lines);
    engine.link.setTempo(host.bpm);
  } else if (o.restore) {
    say(io, `  no session at ${o.session} yet (it is written on quit)`);
  }
  say(io, `[Audio] ${choice.reason}`);
  try {
    say(io, await live.startAudio());
  } catch (err) {
    say(io, `[Audio] not started: ${describeError(err)}`, '[Audio] try: devices, then audio_start <device> — or start linkvst with --output none');
  }
  if (o.link) say(io, ...(await dispatcher.run('link')).lines);
  say(io, ...(await live.devices.autoOpen({ seq: o.seqMidi, mix: o.mixMidi })));
  live.devices.watch();
  say(io, ...(await live.arp.start(o.arp, engine, live.jackInputs, io.env)));
  return { host, session, dispatcher, live };
}

async function shutdown(host: Host, session: SessionController, live: Live, io: Io): Promise<void> {
  live.devices.stopWatching();
  await live.arp.stop();
  try {
    const path = await session.save();
    say(io, `  saved ${path}`);
  } catch (err) {
    io.stderr.write(`linkvst: could not save the session: ${describeError(err)}\n`);
  }
  try {
    await live.stopAudio();
  } catch {
    // closing anyway
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
  const { host, session, dispatcher, live } = started;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= shutdown(host, session, live, io));
  if (o.mode === 'daemon') {
    let server;
    try {
      server = await serveCommands(dispatcher, o.socket, (m) => say(io, m));
    } catch (err) {
      io.stderr.write(`linkvst: ${describeError(err)}\n`);
      live.devices.stopWatching();
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
