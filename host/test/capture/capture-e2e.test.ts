// End to end, all real processes under jackd dummy (capture-rig.ts): linkvst (daemon) with VintageCapture in slot 1;
// arp-sim as a separate process on JACK MIDI ports, its simulated synth's audio wired into linkvst's inputs with a
// known latency; a keyboard playing into linkvst. Through linkvst's `capture` commands: calibrate, record a
// performance, send, play + capture; then the WAV take is checked note by note against what was played, allowing
// ±2 samples plus the simulated Arp's own timing error for each note (from arp-sim's log), plus what the rig adds.
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CaptureView } from '../../src/capture/capture-control.js';
import { checkTake, command, recordPerformance, startRig, stopChild, stopRig } from './capture-rig.js';

const LATENCY_MS = 25;
/**
 * What the rig adds on its own, samples: the simulated synth starts its notes on whole samples (the engine places
 * MIDI on the sample grid, ±0.5) and the core's onset detector puts a note starting on sample k at about k − 0.5.
 * (Both engines anchor their blocks on JACK's cycle times and the USB path is frame-exact: nothing else is added.)
 */
const RIG_SAMPLES = 1.5;
/**
 * The calibrated latency's USB half is half the ACK round trip, which also holds the simulated firmware's own loop
 * delays (it stamps a ping when its loop picks it up, 0.1-1.2 ms after arrival, and sends the ACK 0.3 ms after the
 * 100 ms): +0.04 to +0.27 ms measured. A real Arp's loop does the same.
 */
const LATENCY_TOLERANCE_MS = 0.5;
test('calibrate, record, send, play, capture: the WAV take lands on the performance to ±2 samples + the Arp\'s error', async () => {
  const run = await startRig(LATENCY_MS);
  try {
    const { client } = run;
    // Calibrate through the CLI, with progress lines.
    const progress: string[] = [];
    const calibrated = (await command(client, 'capture calibrate', progress)) as CaptureView;
    const c = calibrated.calibration;
    assert.ok(c, 'a calibration');
    assert.ok(progress.some((l) => /ping \d+\/24/.test(l)), `progress: ${progress.join(' | ')}`);
    assert.ok(c!.confidence !== 'poor', `${c!.confidence}: ${c!.verdict}`);
    const latencyErrorMs = c!.latencyMs - LATENCY_MS;
    console.log(`  calibration: latency ${c!.latencyMs.toFixed(3)} ms (injected ${LATENCY_MS}; USB one-way ${c!.usbSendMs.toFixed(2)} ± ${c!.usbJitterMs.toFixed(2)} ms), ${c!.verdict}`);

    // Record a performance from the keyboard (from the next bar).
    const recorded = await recordPerformance(run);
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
    await stopChild(run.arpSim); // flushes its log
    const { notes, alignment } = checkTake(file, run.arpLog);
    console.log(`  take: ${JSON.stringify(alignment)}`);
    const rows = notes.map((n, i) => `${i}: ${n.errorSamples.toFixed(2)} (Arp ${n.arpErrorSamples.toFixed(2)})`);
    for (const [i, n] of notes.entries()) {
      const allowed = 2 + Math.abs(n.arpErrorSamples) + RIG_SAMPLES;
      assert.ok(Math.abs(n.errorSamples) <= allowed, `note ${i} at ${n.errorSamples.toFixed(2)} samples from its time, allowed ±${allowed.toFixed(2)}; all: ${rows.join(', ')}`);
    }
    const errors = notes.map((n) => n.errorSamples);
    const worst = Math.max(...errors.map(Math.abs));
    const worstArp = Math.max(...notes.map((n) => Math.abs(n.arpErrorSamples)));
    console.log(`  take: ${rows.length} notes, onset − performance time (the simulated Arp's own error), samples: ${rows.join(', ')}`);
    const median = [...errors].sort((a, b) => a - b)[errors.length >> 1] as number;
    console.log(`  take: median ${median.toFixed(2)}, worst ${worst.toFixed(2)} samples; the simulated Arp's worst ${worstArp.toFixed(2)} samples`);
    assert.ok(Math.abs(median) <= 2, `the take's median error ${median.toFixed(2)} samples; all: ${rows.join(', ')}`);
    // The calibrated latency against the injected one (its USB half is estimated from round trips over JACK MIDI).
    assert.ok(Math.abs(latencyErrorMs) <= LATENCY_TOLERANCE_MS, `latency ${c!.latencyMs.toFixed(3)} ms vs injected ${LATENCY_MS} ms`);
  } finally {
    await stopRig(run);
  }
});

test.run();
