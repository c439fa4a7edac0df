// Records JACK audio and timestamps JACK MIDI with native/engine/tools/jack_capture.cpp (vcpi-jack-capture), a
// client apart from the engine, as a listener on the JACK graph would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureTool, type JackServer } from './jack-server.js';

export interface CaptureResult {
  /** Interleaved float32 audio of the recorded ports. */
  audio: Float32Array;
  channels: number;
  frames: number;
  /** Engine-clock time (ns) of the first recorded frame. */
  startNs: number;
  /** Each recorded cycle: the recording's frame index of its first frame, and that frame's time (JACK's own). */
  cycles: { frame: number; ns: number }[];
  midi: { ns: number; bytes: number[] }[];
  /** The server's xrun notices while it recorded: a timing measured across one is not the engine's. */
  xruns: number;
  serverGone: boolean;
}

/** The cycle a recorded frame (or a time) falls in: the last one starting at or before it. */
function cycleOf(result: CaptureResult, key: 'frame' | 'ns', value: number): { frame: number; ns: number } {
  let cycle = { frame: 0, ns: result.startNs };
  for (const c of result.cycles) {
    if (c[key] > value) break;
    cycle = c;
  }
  return cycle;
}

/**
 * Engine-clock time (ns) of a recorded frame (fractional frames allowed), from the cycle it was recorded in: right
 * even when cycles came late or were lost, when the frames are not evenly spaced from the first.
 */
export function frameTimeNs(result: CaptureResult, frame: number, rate: number): number {
  const cycle = cycleOf(result, 'frame', frame);
  return cycle.ns + ((frame - cycle.frame) * 1e9) / rate;
}

/** The recorded frame (fractional) at an engine-clock time: frameTimeNs's inverse. */
export function frameAtNs(result: CaptureResult, ns: number, rate: number): number {
  const cycle = cycleOf(result, 'ns', ns);
  return cycle.frame + ((ns - cycle.ns) * rate) / 1e9;
}

export class JackCapture {
  readonly #child: ChildProcess;
  readonly #out: string;
  #stdout = '';
  #stderr = '';

  private constructor(child: ChildProcess, out: string) {
    this.#child = child;
    this.#out = out;
    child.stdout?.on('data', (d: Buffer) => { this.#stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { this.#stderr += d.toString(); });
  }

  /** Starts recording (at most `seconds`) and resolves once its ports are connected. */
  static async start(jack: JackServer, options: { audio?: string[]; midi?: string; seconds: number }): Promise<JackCapture> {
    const out = join(mkdtempSync(join(tmpdir(), 'vcpi-capture-')), 'audio.f32');
    const args = ['--seconds', String(options.seconds), '--out', out, '--name', `vcpi-capture-${process.pid}`];
    for (const port of options.audio ?? []) args.push('--audio', port);
    if (options.midi !== undefined) args.push('--midi', options.midi);
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', captureTool, ...args], { env: jack.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const capture = new JackCapture(child, out);
    const deadline = Date.now() + 10000;
    while (!capture.#stdout.includes('READY')) {
      if (child.exitCode !== null) throw new Error(`vcpi-jack-capture exited (${child.exitCode}): ${capture.#stderr}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`vcpi-jack-capture did not connect within 10 s: ${capture.#stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return capture;
  }

  /** Stops recording (SIGTERM; SIGKILL after 10 s) and returns what was captured. */
  async stop(): Promise<CaptureResult> {
    const child = this.#child;
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
    const result: CaptureResult = { audio: new Float32Array(0), channels: 0, frames: 0, startNs: 0, cycles: [], midi: [], xruns: 0, serverGone: false };
    for (const line of this.#stdout.split('\n')) {
      const parts = line.trim().split(/\s+/);
      if (parts[0] === 'AUDIO') {
        result.startNs = Number(parts[1]);
        result.frames = Number(parts[2]);
        result.channels = Number(parts[3]);
        const bytes = readFileSync(this.#out);
        result.audio = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      } else if (parts[0] === 'CYCLE') {
        result.cycles.push({ frame: Number(parts[1]), ns: Number(parts[2]) });
      } else if (parts[0] === 'XRUNS') {
        result.xruns = Number(parts[1]);
      } else if (parts[0] === 'MIDI') {
        result.midi.push({ ns: Number(parts[1]), bytes: parts.slice(2).map((h) => parseInt(h, 16)) });
      } else if (parts[0] === 'SERVER_GONE') {
        result.serverGone = true;
      }
    }
    return result;
  }
}

/** Polls `check` every 20 ms until it returns true; throws with `what` after timeoutMs. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
