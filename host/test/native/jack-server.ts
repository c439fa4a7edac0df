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

let counter = 0;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class JackServer {
  readonly name: string;
  readonly sampleRate: number;
  readonly period: number;
  #process: ChildProcess | undefined;
  #log = '';

  private constructor(name: string, sampleRate: number, period: number) {
    this.name = name;
    this.sampleRate = sampleRate;
    this.period = period;
  }

  /** Starts jackd and waits (up to 10 s) until clients can connect. */
  static async start(options: JackServerOptions = {}): Promise<JackServer> {
    const name = options.name ?? `vcpi-test-${process.pid}-${++counter}`;
    const server = new JackServer(name, options.sampleRate ?? 48000, options.period ?? 256);
    process.env.JACK_DEFAULT_SERVER = name;
    process.env.JACK_NO_START_SERVER = '1';
    await server.launch();
    return server;
  }

  /** The environment a child process needs to reach this server. */
  env(): NodeJS.ProcessEnv {
    return { ...process.env, JACK_DEFAULT_SERVER: this.name, JACK_NO_START_SERVER: '1' };
  }

  async launch(): Promise<void> {
    cleanShm(this.name);
    // setpriv --pdeathsig: the server dies with this process even when a timeout kills it.
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'jackd', '-n', this.name, '-d', 'dummy',
      '-r', String(this.sampleRate), '-p', String(this.period)], { stdio: ['ignore', 'pipe', 'pipe'], env: this.env() });
    this.#process = child;
    child.stdout?.on('data', (d: Buffer) => { this.#log += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { this.#log += d.toString(); });
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`jackd ${this.name} exited (${child.exitCode}): ${this.#log}`);
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

/** True when some jackd process runs on this machine (a user's server, or another test's). */
function jackdRunning(): boolean {
  return spawnSync('pgrep', ['-x', 'jackd'], { timeout: 3000 }).status === 0;
}

/**
 * Removes what earlier servers left in /dev/shm: this name's files always; and when no jackd runs at all, JACK's
 * whole registry — killed servers stay registered in it, and at 8 entries jackd refuses to start ("Too many servers
 * already active").
 */
function cleanShm(name: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync('/dev/shm');
  } catch {
    return;
  }
  if (!jackdRunning()) {
    for (const entry of entries) if (entry.startsWith('jack')) rmSync(join('/dev/shm', entry), { force: true, recursive: true });
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(`jack_${name}`) || entry.startsWith(`jack-${name}`) || entry.includes(`_${name}_`)) {
      rmSync(join('/dev/shm', entry), { force: true });
    }
  }
}
