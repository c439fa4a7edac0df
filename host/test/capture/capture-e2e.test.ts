// End to end, all real processes under jackd dummy: linkvst (daemon) with VintageCapture in slot 1; arp-sim as a
// separate process on JACK MIDI ports, its simulated synth's audio wired into linkvst's inputs with a known latency;
// a keyboard (a JACK MIDI port of this test) playing into linkvst. Through linkvst's `capture` commands: calibrate,
// record a performance, send + play + capture; then the WAV take is checked note by note against what was played,
// allowing ±2 samples plus the simulated Arp's own timing error for each note (from arp-sim's log).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

const SR = 48000;
const LATENCY_MS = 25;
/**
 * What the two-process rig adds on its own, samples: the simulated Arp's clock is the machine's clock, mapped onto
 * its synth's samples through its engine's smoothed callback clock (jitter of a few samples on a loaded 2-core
 * machine, seen up to 3); a real Arp and interface do not have this path (the Arp's clock is fitted straight to the
 * audio samples).
 */
const RIG_SAMPLES = 4;
/** The calibrated latency's USB half is estimated from round trips over JACK MIDI (delivered at cycle starts). */
const LATENCY_TOLERANCE_MS = 2.5;
const arpSimEntry = fileURLToPath(new URL('../../src/cli/arp-sim.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  jack: JackServer;
  linkvst: ChildProcess;
  arpSim: ChildProcess;
  client: CommandClient;
  keys: Engine;
  keysPort: MidiPort;
  dir: string;
  arpLog: string;
}

async function command(client: CommandClient, line: string, progress: string[] = []): Promise<unknown> {
  client.progress = (l) => progress.push(l);
  const r = await client.run(line);
  client.progress = undefined;
  if (r.error) throw new Error(`linkvst "${line}": ${r.lines.join(' / ')}`);
  return r.data;
}

function stop(child: ChildProcess | undefined): Promise<void> {
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

async function setUp(): Promise<Run> {
  const jack = await JackServer.start({ sampleRate: SR, period: 256 });
  const dir = tempDir();
  const env: NodeJS.ProcessEnv = { ...jack.env(), VCPI_TAKE_DIR: join(dir, 'takes'), LINKVST_SOCKET: join(dir, 'linkvst.sock') };
  delete env.VCPI_ARP_PORT;
  const socket = env.LINKVST_SOCKET as string;
  // The keyboard first, so linkvst opens it as its sequencer input.
  const keys = new Engine({ sampleRate: SR, probeCachePath: join(dir, 'keys-probe.json') });
  const keysPort = await keys.midi.createVirtualOutput('e2e-keys');
  const linkvst = startLinkvst(
    ['--daemon', '--socket', socket, '--audio', 'jack', '--inputs', '2', '--sr', String(SR), '--buf', '256',
      '--seq-midi', 'e2e-keys', '--mix-midi', 'none', '--no-clock', '--arp', 'none', '--session', join(dir, 'session.json'), '--no-restore'],
    env,
  );
  let linkvstOut = '';
  linkvst.stderr?.on('data', (c: Buffer) => {
    linkvstOut += c.toString();
    if (process.env.VCPI_E2E_VERBOSE) process.stderr.write(c);
  });
  await waitForOutput(linkvst.stdout as NodeJS.ReadableStream, (t) => t.includes('listening on'), 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\nstderr: ${linkvstOut}`);
  });
  const inputs = jack.ports('vcpi-engine:in_');
  assert.is(inputs.length, 2, `linkvst's inputs: ${jack.ports().join(', ')}`);

  const arpLog = join(dir, 'arp-sim.jsonl');
  const arpSim = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', arpSimEntry, '--latency-ms', String(LATENCY_MS),
    '--connect', inputs.join(','), '--log', arpLog], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let arpErr = '';
  arpSim.stderr?.on('data', (c: Buffer) => (arpErr += c.toString()));
  await waitForOutput(arpSim.stdout as NodeJS.ReadableStream, (t) => t.includes(READY), 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\narp-sim stderr: ${arpErr}`);
  });
  const client = await CommandClient.open(socket);
  return { jack, linkvst, arpSim, client, keys, keysPort, dir, arpLog };
}

/** The Arp's note-ons of the take: each one's DIN start on the Arp's clock, less the PlaybackStarted time (µs). */
function arpTimingErrorsUs(log: string): number[] {
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
  assert.ok(startIndex >= 0, 'the Arp sent PlaybackStarted');
  return lines
    .slice(startIndex)
    .filter((l) => l.din && (parseInt(l.din.slice(0, 2), 16) & 0xf0) === 0x90 && parseInt(l.din.slice(4, 6), 16) > 0)
    .map((l) => (l.arpUs as number) - startedUs);
}

test('calibrate, record, send, play, capture: the WAV take lands on the performance to ±2 samples + the Arp\'s error', async () => {
  const run = await setUp();
  try {
    const { client } = run;
    await command(client, `load 1 "${artefacts.vst3}"`);
    await command(client, 'input 1 1 2');
    await command(client, 'route 1 1');
    await waitFor('the plugin finding the simulated Arp', async () => ((await command(client, 'capture')) as CaptureView).arp, 20_000);

    // Calibrate through the CLI, with progress lines.
    const progress: string[] = [];
    const calibrated = (await command(client, 'capture calibrate', progress)) as CaptureView;
    const c = calibrated.calibration;
    assert.ok(c, 'a calibration');
    assert.ok(progress.some((l) => /ping \d+\/16/.test(l)), `progress: ${progress.join(' | ')}`);
    assert.ok(c!.confidence !== 'poor', `${c!.confidence}: ${c!.verdict}`);
    const latencyErrorMs = c!.latencyMs - LATENCY_MS;
    console.log(`  calibration: latency ${c!.latencyMs.toFixed(3)} ms (injected ${LATENCY_MS}; USB one-way ${c!.usbSendMs.toFixed(2)} ± ${c!.usbJitterMs.toFixed(2)} ms), ${c!.verdict}`);

    // Record a performance from the keyboard: it starts on the next bar, so play after it.
    await command(client, 'capture record on');
    await sleep(2300);
    // The notes are the calibration's own (60, full velocity): the check below finds each onset with the core's
    // detector, whose estimate of where a note starts shifts by a sample or two with pitch and level; with the
    // pings' note it measures the alignment alone. Lengths and gaps vary, off the beat grid.
    for (let i = 0; i < 8; i++) {
      run.keys.midi.send(run.keysPort, [0x90, 60, 127]);
      await sleep(90 + (i % 4) * 30);
      run.keys.midi.send(run.keysPort, [0x80, 60, 0]);
      await sleep(190 + (i % 3) * 41);
    }
    await sleep(300);
    const recorded = (await command(client, 'capture record off')) as CaptureView;
    assert.match(recorded.message, /recorded 8 notes/);

    // Send (verified), then play and capture.
    const sent = (await command(client, 'capture send')) as CaptureView;
    assert.match(sent.message, /sent: the Arp holds all 16 events/);
    const played = (await command(client, 'capture play', progress)) as CaptureView;
    const file = played.takes[played.takes.length - 1] as string;
    assert.ok(existsSync(file), `take file ${file}`);
    const takes = (await command(client, 'capture takes')) as { path: string; notes?: number }[];
    assert.is(takes[takes.length - 1]?.notes, 8);

    // The take, note by note: each note-on of the performance sounds at its time in the WAV, within ±2 samples plus
    // what the simulated Arp itself was late or early by.
    await stop(run.arpSim); // flushes its log
    const wav = decodeWav(new Uint8Array(readFileSync(file)));
    const audio = wav.channels[0] as Float32Array;
    const performance = (wav.metadata as { performance: [number, number, number][] }).performance.filter((e) => e[2] > 0);
    const arpErrorsUs = arpTimingErrorsUs(run.arpLog);
    assert.is(arpErrorsUs.length, performance.length, 'one DIN note-on per performance note-on');
    console.log(`  take: ${JSON.stringify((wav.metadata as { alignment: unknown }).alignment)}`);
    const rows: string[] = [];
    const errors: number[] = [];
    let worst = 0;
    let worstArp = 0;
    for (const [i, [timeUs]] of performance.entries()) {
      const arpErrorUs = (arpErrorsUs[i] as number) - timeUs;
      const expected = (timeUs * SR) / 1e6;
      // Found as the calibration's playback probe finds its notes: 20 ms of noise floor just before, then the onset.
      const search = Math.floor(expected - 0.002 * SR);
      const onset = detectOnset(audio, search, Math.floor(expected + 0.02 * SR), Math.max(0, search - 0.02 * SR));
      assert.ok(onset, `note ${i} heard near sample ${expected.toFixed(1)}`);
      const error = onset!.position - expected;
      const allowed = 2 + (Math.abs(arpErrorUs) * SR) / 1e6 + RIG_SAMPLES;
      rows.push(`${i}: ${error.toFixed(2)} (Arp ${((arpErrorUs * SR) / 1e6).toFixed(2)})`);
      assert.ok(Math.abs(error) <= allowed, `note ${i} at ${error.toFixed(2)} samples from its time, allowed ±${allowed.toFixed(2)}; all: ${rows.join(', ')}`);
      worst = Math.max(worst, Math.abs(error));
      errors.push(error);
      worstArp = Math.max(worstArp, Math.abs(arpErrorUs));
    }
    console.log(`  take: ${rows.length} notes, onset − performance time (the simulated Arp's own error), samples: ${rows.join(', ')}`);
    const median = [...errors].sort((a, b) => a - b)[errors.length >> 1] as number;
    console.log(`  take: median ${median.toFixed(2)}, worst ${worst.toFixed(2)} samples; the simulated Arp's worst ${worstArp.toFixed(1)} µs`);
    assert.ok(Math.abs(median) <= 2, `the take's median error ${median.toFixed(2)} samples; all: ${rows.join(', ')}`);
    // The calibrated latency against the injected one (its USB half is estimated from round trips over JACK MIDI).
    assert.ok(Math.abs(latencyErrorMs) <= LATENCY_TOLERANCE_MS, `latency ${c!.latencyMs.toFixed(3)} ms vs injected ${LATENCY_MS} ms`);
  } finally {
    run.client.close();
    await stop(run.arpSim);
    await stop(run.linkvst);
    await run.keys.close();
    await run.jack.stop();
  }
});

test.run();
