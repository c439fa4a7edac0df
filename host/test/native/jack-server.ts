// Starts and stops a private JACK server for a test: `jackd -n <unique> -d dummy` (no sound card), with
// JACK_DEFAULT_SERVER set in this process so the engine (JUCE's JACK device, RtMidi) and the capture tool use it,
// and JACK_NO_START_SERVER so nothing starts a server behind the test's back. Waits with timeouts everywhere and
// removes the server's /dev/shm leftovers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const captureTool = join(root, 'native/build/Release/vcpi-jack-capture');

export interface JackServerOptions {
  sampleRate?: number;
  period?: number;
  /** Reuse a name (to restart "the same" server after killing it). */
  name?: string;
}

const POOL = 8;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class JackServer {
  readonly name: string;
  readonly sampleRate: number;
  readonly period: number;
  #process: ChildProcess | undefined;
  #log = '';
  #listeners: ((text: string) => void)[] = [];

  private constructor(name: string, sampleRate: number, period: number) {
    this.name = name;
    this.sampleRate = sampleRate;
    this.period = period;
  }

  /**
   * Starts jackd and waits (up to 10 s) until clients can connect. Without a name it takes the first free one of
   * a small pool (vcpi-test-0..7): JACK's registry holds 8 servers and reclaims a dead server's entry only for a
   * server of the same name, so recycling names keeps crashed test runs from filling it.
   */
  static async start(options: JackServerOptions = {}): Promise<JackServer> {
    const names = options.name !== undefined ? [options.name] : Array.from({ length: POOL }, (_, i) => `vcpi-test-${i}`);
    let lastError: unknown;
    for (const name of names) {
      const server = new JackServer(name, options.sampleRate ?? 48000, options.period ?? 256);
      process.env.JACK_DEFAULT_SERVER = name;
      process.env.JACK_NO_START_SERVER = '1';
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
        if (!String(error).includes('already active')) throw error;
      }
    }
    throw lastError;
  }

  /** The environment a child process needs to reach this server. */
  env(): NodeJS.ProcessEnv {
    return { ...process.env, JACK_DEFAULT_SERVER: this.name, JACK_NO_START_SERVER: '1' };
  }

  async launch(retry = true): Promise<void> {
    if (jackdRunning(this.name)) throw new Error(`jackd ${this.name}: server already active`);
    cleanShm(this.name);
    // setpriv --pdeathsig: the server dies with this process even when a timeout kills it.
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'jackd', '-n', this.name, '-d', 'dummy',
      '-r', String(this.sampleRate), '-p', String(this.period)], { stdio: ['ignore', 'pipe', 'pipe'], env: this.env() });
    this.#process = child;
    const output = (d: Buffer): void => {
      const text = d.toString();
      this.#log += text;
      for (const listener of this.#listeners) listener(text);
    };
    child.stdout?.on('data', output);
    child.stderr?.on('data', output);
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        if (retry && this.#log.includes('Too many servers') && pruneRegistry()) return this.launch(false);
        throw new Error(`jackd ${this.name} exited (${child.exitCode}): ${this.#log}`);
      }
      const probe = spawnSync('jack_lsp', ['-s', this.name], { env: this.env(), timeout: 3000, encoding: 'utf8' });
      if (probe.status === 0 && probe.stdout.includes('system:playback_1')) return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`jackd ${this.name} did not come up within 10 s: ${this.#log}`);
  }

  /** Kills the server abruptly (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    await this.#terminate('SIGKILL');
  }

  /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes its /dev/shm files. */
  async stop(): Promise<void> {
    await this.#terminate('SIGTERM');
    cleanShm(this.name);
  }

  /** jackd's process id while it runs (setpriv execs jackd in place). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** Calls listener with each chunk jackd prints from now on (e.g. its "XRun" lines, to time them). */
  onOutput(listener: (text: string) => void): void {
    this.#listeners.push(listener);
  }

  /** JACK port names matching a pattern (jack_lsp), e.g. the engine's outputs. */
  ports(pattern = ''): string[] {
    const result = spawnSync('jack_lsp', ['-s', this.name, ...(pattern ? [pattern] : [])], { env: this.env(), timeout: 5000, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0) : [];
  }

  async #terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.#process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timeout = sleep(5000).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    }
    this.#process = undefined;
  }
}

/**
 * Removes JACK's whole registry from /dev/shm, only when no jackd runs at all. Killed servers stay registered in it,
 * and at 8 entries jackd refuses to start ("Too many servers already active"). Done only after jackd refused: a
 * process whose libjack has mapped the registry keeps using the file it mapped, so removing it otherwise would
 * strand such a process (this one, or a parent test) when the next server registers in a new file.
 */
function pruneRegistry(): boolean {
  if (jackdRunning()) return false;
  let entries: string[] = [];
  try {
    entries = readdirSync('/dev/shm');
  } catch {
    return false;
  }
  for (const entry of entries) if (entry.startsWith('jack')) rmSync(join('/dev/shm', entry), { force: true, recursive: true });
  return true;
}

/** True when some jackd process (of that server name) runs on this machine (a user's server, or another test's). */
function jackdRunning(name?: string): boolean {
  const args = name === undefined ? ['-x', 'jackd'] : ['-f', `^jackd -n ${name} `];
  return spawnSync('pgrep', args, { timeout: 3000 }).status === 0;
}

/** Removes this server name's files from /dev/shm. */
function cleanShm(name: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync('/dev/shm');
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(`jack_${name}`) || entry.startsWith(`jack-${name}`) || entry.includes(`_${name}_`)) {
      rmSync(join('/dev/shm', entry), { force: true });
    }
  }
}
