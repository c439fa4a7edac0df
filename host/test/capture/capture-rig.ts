// The end-to-end rig, all real processes under jackd dummy: linkvst as a daemon (VintageCapture in slot 1), arp-sim
// as a separate process on JACK MIDI ports with its synth's audio wired into linkvst's inputs a known latency late,
// and a keyboard (a JACK MIDI port of this process) playing into linkvst. Used by capture-e2e.test.ts and
// bench/capture-rig.bench.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '@vcpi/protocol';
import { decodeWav, detectOnset } from '@vcpi/capture-plugin';
import { Engine, type MidiPort } from '@vcpi/host';
import { CommandClient } from '../../src/daemon/attach.js';
import type { CaptureView } from '../../src/capture/capture-control.js';
import { READY } from '../../src/arp-sim/arp-sim-main.js';
import { startLinkvst, tempDir, waitForOutput } from '../cli/helpers.js';
import { JackServer } from '../native/jack-server.js';
import { sleep, waitFor } from '../native/jack-capture.js';
import { artefacts } from '../plugin/helpers.js';

export const SR = 48000;
/**
 * The rig's JACK period (VCPI_RIG_PERIOD, default 1024 frames). On this 2-CPU VM the kernel keeps real-time threads
 * off the CPU for up to ~8 ms at times (hypervisor steal, non-preemptible kernel sections: the soak's journal, #5);
 * at 256 frames (5.3 ms) that made bursts of xruns in some hours, and a calibration across one is refused as it
 * should be. 1024 frames (21 ms) rides them out; the USB path is then a period each way, which the calibration
 * measures like any other.
 */
export const PERIOD = Number(process.env.VCPI_RIG_PERIOD ?? 1024);
const arpSimEntry = fileURLToPath(new URL('../../src/cli/arp-sim.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface Rig {
  jack: JackServer;
  linkvst: ChildProcess;
  arpSim: ChildProcess;
  client: CommandClient;
  keys: Engine;
  keysPort: MidiPort;
  dir: string;
  arpLog: string;
  latencyMs: number;
  /** what arp-sim printed on stderr so far (at its stop: how many DIN messages it placed late, if any) */
  arpSimStderr: () => string;
}

/** Runs a linkvst command; throws with its output when it fails. */
export async function command(client: CommandClient, line: string, progress: string[] = []): Promise<unknown> {
  client.progress = (l) => progress.push(l);
  const r = await client.run(line);
  client.progress = undefined;
  if (r.error) throw new Error(`linkvst "${line}": ${r.lines.join(' / ')}`);
  return r.data;
}

export function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts everything and loads VintageCapture in slot 1, fed by the simulated synth and the keyboard's channel 1. */
export async function startRig(latencyMs: number): Promise<Rig> {
  const jack = await JackServer.start({ sampleRate: SR, period: PERIOD });
  const dir = tempDir();
  const env: NodeJS.ProcessEnv = { ...jack.env(), VCPI_TAKE_DIR: join(dir, 'takes'), LINKVST_SOCKET: join(dir, 'linkvst.sock') };
  delete env.VCPI_ARP_PORT;
  const socket = env.LINKVST_SOCKET as string;
  // The keyboard first, so linkvst opens it as its sequencer input.
  const keys = new Engine({ sampleRate: SR, probeCachePath: join(dir, 'keys-probe.json') });
  const keysPort = await keys.midi.createVirtualOutput('e2e-keys');
  const linkvst = startLinkvst(
    ['--daemon', '--socket', socket, '--audio', 'jack', '--inputs', '2', '--sr', String(SR), '--buf', String(PERIOD),
      '--seq-midi', 'e2e-keys', '--mix-midi', 'none', '--no-clock', '--arp', 'none', '--session', join(dir, 'session.json'), '--no-restore'],
    env,
  );
  let linkvstErr = '';
  linkvst.stderr?.on('data', (c: Buffer) => {
    linkvstErr += c.toString();
    if (process.env.VCPI_E2E_VERBOSE) process.stderr.write(c);
  });
  await waitForOutput(linkvst.stdout as NodeJS.ReadableStream, (t) => t.includes('listening on'), 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\nstderr: ${linkvstErr}`);
  });
  const inputs = jack.ports('vcpi-engine:in_');
  if (inputs.length !== 2) throw new Error(`linkvst's inputs: ${jack.ports().join(', ')}`);

  const arpLog = join(dir, 'arp-sim.jsonl');
  const arpSim = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', arpSimEntry, '--latency-ms', String(latencyMs),
    '--connect', inputs.join(','), '--log', arpLog], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let arpErr = '';
  arpSim.stderr?.on('data', (c: Buffer) => (arpErr += c.toString()));
  await waitForOutput(arpSim.stdout as NodeJS.ReadableStream, (t) => t.includes(READY), 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\narp-sim stderr: ${arpErr}`);
  });
  const client = await CommandClient.open(socket);
  const rig = { jack, linkvst, arpSim, client, keys, keysPort, dir, arpLog, latencyMs, arpSimStderr: () => arpErr };
  await command(client, `load 1 "${artefacts.vst3}"`);
  await command(client, 'input 1 1 2');
  await command(client, 'route 1 1');
  await waitFor('the plugin finding the simulated Arp', async () => ((await command(client, 'capture')) as CaptureView).arp, 20_000);
  await settle(client);
  return rig;
}

/** JACK's xrun count as linkvst's `status` reports it. */
export async function jackXruns(client: CommandClient): Promise<number> {
  const line = (await client.run('status')).lines.find((l) => /xruns \d+/.test(l));
  return Number(/xruns (\d+)/.exec(line ?? '')?.[1] ?? 0);
}

/**
 * Waits (up to 60 s) until JACK has had no xrun for 4 s. While the rig's processes start (Node, tsx, the addon,
 * plugins) this 2-CPU VM's kernel keeps real-time threads off the CPU for milliseconds at a time, and jackd dummy
 * runs late: dozens of xruns in the first 20-30 s, then none (measured idle). A user calibrates a settled system.
 */
async function settle(client: CommandClient): Promise<void> {
  const xruns = (): Promise<number> => jackXruns(client);
  const deadline = Date.now() + 60_000;
  let last = await xruns();
  let quietSince = Date.now();
  while (Date.now() < deadline && Date.now() - quietSince < 4000) {
    await sleep(500);
    const now = await xruns();
    if (now !== last) quietSince = Date.now();
    last = now;
  }
}

export async function stopRig(rig: Rig): Promise<void> {
  rig.client.close();
  await stopChild(rig.arpSim);
  await stopChild(rig.linkvst);
  await rig.keys.close();
  await rig.jack.stop();
}

/**
 * Records 8 notes from the keyboard (from the next bar). They are the calibration's own (60, full velocity): the
 * take check finds each onset with the core's detector, whose idea of where a note starts shifts by a sample or two
 * with pitch and level; with the pings' note it measures the alignment alone. Lengths and gaps vary, off the grid.
 */
export async function recordPerformance(rig: Rig): Promise<CaptureView> {
  await command(rig.client, 'capture record on');
  await sleep(2300);
  for (let i = 0; i < 8; i++) {
    rig.keys.midi.send(rig.keysPort, [0x90, 60, 127]);
    await sleep(90 + (i % 4) * 30);
    rig.keys.midi.send(rig.keysPort, [0x80, 60, 0]);
    await sleep(190 + (i % 3) * 41);
  }
  await sleep(300);
  return (await command(rig.client, 'capture record off')) as CaptureView;
}

/** The Arp's note-ons after its last PlaybackStarted: each one's DIN start on the Arp's clock, less that time (µs). */
export function arpNoteOnsUs(log: string): number[] {
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { din?: string; usb?: string; arpUs?: number });
  let startIndex = -1;
  let startedUs = 0;
  lines.forEach((l, i) => {
    if (!l.usb) return;
    const m = decode(Buffer.from(l.usb, 'hex'));
    if (m.type === 'PlaybackStarted') {
      startIndex = i;
      startedUs = m.timeUs;
    }
  });
  if (startIndex < 0) throw new Error('the Arp sent no PlaybackStarted');
  return lines
    .slice(startIndex)
    .filter((l) => l.din && (parseInt(l.din.slice(0, 2), 16) & 0xf0) === 0x90 && parseInt(l.din.slice(4, 6), 16) > 0)
    .map((l) => (l.arpUs as number) - startedUs);
}

export interface NoteCheck {
  /** the note-on's time in the performance, µs */
  timeUs: number;
  /** where its onset is in the WAV, less where it belongs, samples (NaN: not heard) */
  errorSamples: number;
  /** how late the simulated Arp itself sent it, samples */
  arpErrorSamples: number;
  /** the same as errorSamples, measured at the middle of the note's first step (stepOnset) */
  stepErrorSamples: number;
}

/**
 * Where a note of the test synth starts, read at the middle of its first step: the synth starts a voice at the peak
 * of its wave on the note-on's frame k, a step from 0 (frame k − 1) to full level (frame k) whose middle, k − ½, any
 * symmetric interpolation (the take's resampling) leaves in place; a first-crossing detector instead sees the
 * interpolation's pre-ringing a sample or two early. `coarse`: an onset found near it. NaN when there is no step.
 */
export function stepOnset(x: Float32Array, coarse: number): number {
  const from = Math.max(1, Math.floor(coarse) - 4);
  let peak = 0;
  for (let n = from; n < Math.min(x.length, Math.floor(coarse) + 8); n++) peak = Math.max(peak, Math.abs(x[n] as number));
  const half = peak / 2;
  for (let n = from; n < Math.min(x.length, Math.floor(coarse) + 8); n++) {
    const a = Math.abs(x[n - 1] as number);
    const b = Math.abs(x[n] as number);
    if (b >= half && a < half) return n - 1 + (half - a) / (b - a) + 0.5;
  }
  return Number.NaN;
}

/** Checks a take WAV against what it says was played and the simulated Arp's log (stop arp-sim first: it flushes). */
export function checkTake(file: string, arpLog: string): { notes: NoteCheck[]; alignment: unknown } {
  const wav = decodeWav(new Uint8Array(readFileSync(file)));
  const audio = wav.channels[0] as Float32Array;
  const meta = wav.metadata as { performance: [number, number, number][]; alignment: unknown };
  const performance = meta.performance.filter((e) => e[2] > 0);
  const played = arpNoteOnsUs(arpLog);
  if (played.length !== performance.length) throw new Error(`${played.length} DIN note-ons for ${performance.length} in the performance`);
  const notes = performance.map(([timeUs], i) => {
    const expected = (timeUs * SR) / 1e6;
    // Found as the calibration's playback probe finds its notes: 20 ms of noise floor just before, then the onset.
    const search = Math.floor(expected - 0.002 * SR);
    const onset = detectOnset(audio, search, Math.floor(expected + 0.02 * SR), Math.max(0, search - 0.02 * SR));
    return {
      timeUs,
      errorSamples: onset ? onset.position - expected : Number.NaN,
      arpErrorSamples: (((played[i] as number) - timeUs) * SR) / 1e6,
      stepErrorSamples: onset ? stepOnset(audio, onset.position) - expected : Number.NaN,
    };
  });
  return { notes, alignment: meta.alignment };
}
