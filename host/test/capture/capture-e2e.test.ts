// End to end, all real processes under jackd dummy (capture-rig.ts; 48 kHz, a 1024-frame period: PERIOD there): linkvst (daemon) with VintageCapture in slot 1;
// arp-sim as a separate process on JACK MIDI ports, its simulated synth's audio wired into linkvst's inputs with a
// known latency; a keyboard playing into linkvst. Through linkvst's `capture` commands: calibrate, record a
// performance, send, play + capture; then the WAV take is checked note by note against what was played: each note
// within ±2 samples of its time plus the simulated Arp's own timing error (from arp-sim's log), plus the rig's
// whole-frame note starts; and the calibrated latency within ±2 samples of the injected one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CaptureView } from '../../src/capture/capture-control.js';
import { median } from '@vcpi/capture-plugin';
import { CommandClient } from '../../src/daemon/attach.js';
import { waitFor } from '../native/jack-capture.js';
import { SR, checkTake, command, jackXruns, recordPerformance, startRig, stopChild, stopRig } from './capture-rig.js';

const LATENCY_MS = 31.5;
/**
 * What the rig adds on its own, samples: the simulated synth starts its notes on whole frames (the engine places MIDI
 * on the frame grid, ±0.5). Each note is read at the middle of its first step (stepOnset), which the take's
 * resampling leaves in place. (Both engines anchor their blocks on JACK's cycle times and the USB path is
 * frame-exact: nothing else is added.)
 */
const RIG_SAMPLES = 0.5;
/**
 * The calibrated latency against the injected one, samples (the issue's ±2). The Arp's arrival windows and ACK times
 * (CalibrationTiming) take its loop's pick-up delay out of the USB half; the JACK MIDI path is a period each way.
 */
const LATENCY_TOLERANCE_SAMPLES = 2;
test('calibrate, record, send, play, capture: the WAV take lands on the performance to ±2 samples + the Arp\'s error', async () => {
  const run = await startRig(LATENCY_MS);
  try {
    const { client } = run;
    // Calibrate through the CLI, with progress lines.
    const progress: string[] = [];
    // jackd dummy on a busy VM is a poor audio clock: its xruns, and cycles that run late without one, move the
    // audio against the Arp's clock. The plugin sees it (a dropout error, or pings that spread beyond the Arp's timer
    // step, confidence below good); then calibrate again, as a user would (up to twice).
    const calibrate = async (): Promise<CaptureView> => {
      try {
        return (await command(client, 'capture calibrate', progress)) as CaptureView;
      } catch (err) {
        if (!/dropped out/.test((err as Error).message)) throw err;
        console.log(`  calibration: ${(err as Error).message.split('\n')[0]}; again`);
        return (await command(client, 'capture calibrate', progress)) as CaptureView;
      }
    };
    // A calibration in progress is stopped by another client's `capture abort`: the daemon runs reads and aborts
    // alongside the command that runs (a change would wait for it).
    const other = await CommandClient.open(join(run.dir, 'linkvst.sock'));
    try {
      const stopped = command(client, 'capture calibrate').then(() => 'finished', (err: Error) => err.message);
      await waitFor('the calibration under way', async () => ((await other.run('capture')).data as CaptureView).mode === 'calibrating', 10_000);
      const abortedAt = Date.now();
      assert.is((await other.run('capture abort')).error, undefined);
      assert.match(await stopped, /aborted/i);
      console.log(`  abort from a second client: the calibration stopped ${Date.now() - abortedAt} ms later`);
    } finally {
      other.close();
    }

    let calibrated = await calibrate();
    for (let again = 0; again < 2 && calibrated.calibration?.confidence !== 'good'; again++) {
      console.log(`  calibration: ${calibrated.calibration?.confidence}: ${calibrated.calibration?.verdict}; again`);
      calibrated = await calibrate();
    }
    const c = calibrated.calibration;
    assert.ok(c, 'a calibration');
    assert.ok(progress.some((l) => /ping \d+\/24/.test(l)), `progress: ${progress.join(' | ')}`);
    assert.ok(c!.confidence !== 'poor', `${c!.confidence}: ${c!.verdict}`);
    const latencyErrorSamples = ((c!.latencyMs - LATENCY_MS) * SR) / 1000;
    console.log(`  calibration: latency ${c!.latencyMs.toFixed(3)} ms (injected ${LATENCY_MS}: ${latencyErrorSamples.toFixed(2)} samples off; USB one-way ${c!.usbSendMs.toFixed(3)} ± ${c!.usbJitterMs.toFixed(3)} ms), ${c!.verdict}`);

    // The status shows how the Arp's clock was placed: from the simulated Arp's CalibrationTiming.
    const status = await client.run('capture');
    assert.ok(status.lines.some((l) => /Arp clock +from its arrival windows: ±[\d.]+ ms \(\d+ pings\)/.test(l)), status.lines.join('\n'));

    // Record a performance from the keyboard (from the next bar).
    const recorded = await recordPerformance(run);
    assert.match(recorded.message, /recorded 8 notes/);

    // Send (verified), then play and capture.
    const sent = (await command(client, 'capture send')) as CaptureView;
    assert.match(sent.message, /sent: the Arp holds all 16 events/);
    // A take across an xrun, or one whose notes the plugin itself finds off (its p99 timing error over 0.1 ms, the
    // audio clock having moved), is the audio device's doing: play it again, as a user would (once).
    const before = await jackXruns(client);
    let played = (await command(client, 'capture play', progress)) as CaptureView;
    if ((await jackXruns(client)) > before || !(played.takeErrorMs <= 0.1) || /dropped out/.test(played.message)) {
      console.log(`  take: xruns ${before} → ${await jackXruns(client)}, the plugin's p99 timing error ${played.takeErrorMs} ms (${played.message}); again`);
      played = (await command(client, 'capture play', progress)) as CaptureView;
    }
    const file = played.takes[played.takes.length - 1] as string;
    assert.ok(existsSync(file), `take file ${file}`);
    const takes = (await command(client, 'capture takes')) as { path: string; notes?: number }[];
    assert.is(takes[takes.length - 1]?.notes, 8);

    // The take, note by note: each note-on of the performance sounds in the WAV at its time plus the simulated Arp's
    // own timing error (from its log), within ±2 samples and the rig's whole-frame starts. The Arp's error is taken
    // against its median: what the Arp does to every note alike (its clock's 61 µs steps, its loop's spin) is a
    // constant delay that the take removes, as it removes the synth's latency; what varies from note to note stays.
    await stopChild(run.arpSim); // flushes its log
    const arpSimLate = /\((\d+) DIN messages were placed late/.exec(run.arpSimStderr())?.[0] ?? 'none placed late';
    const hostLate = /(\d+) host messages were taken late \(mean (\d+) µs, max (\d+) µs\)/.exec(run.arpSimStderr())?.[0] ?? 'no host message taken late';
    console.log(`  arp-sim: ${arpSimLate}; ${hostLate}`);
    const { notes, alignment } = checkTake(file, run.arpLog);
    console.log(`  take: ${JSON.stringify(alignment)}`);
    const arpMedian = median(notes.map((n) => n.arpErrorSamples));
    const arp = notes.map((n) => n.arpErrorSamples - arpMedian);
    const residuals = notes.map((n, i) => n.stepErrorSamples - (arp[i] as number));
    const rows = notes.map((n, i) => `${i}: ${n.stepErrorSamples.toFixed(2)} (Arp ${(arp[i] as number).toFixed(2)}; first crossing ${n.errorSamples.toFixed(2)})`);
    for (const [i, r] of residuals.entries()) {
      assert.ok(Math.abs(r) <= 2 + RIG_SAMPLES, `note ${i} at ${r.toFixed(2)} samples from its time plus the Arp's error; all: ${rows.join(', ')}; arp-sim: ${arpSimLate}`);
    }
    const worst = Math.max(...residuals.map(Math.abs));
    const worstArp = Math.max(...arp.map(Math.abs));
    console.log(`  take: ${rows.length} notes, onset − performance time (the Arp's own error, less its median ${arpMedian.toFixed(2)}), samples: ${rows.join(', ')}`);
    console.log(`  take: less the Arp's own error: median ${median(residuals).toFixed(2)}, worst ${worst.toFixed(2)} samples; the simulated Arp's worst ${worstArp.toFixed(2)} samples`);
    // The calibrated latency against the injected one.
    assert.ok(Math.abs(latencyErrorSamples) <= LATENCY_TOLERANCE_SAMPLES, `latency ${c!.latencyMs.toFixed(4)} ms vs injected ${LATENCY_MS} ms: ${latencyErrorSamples.toFixed(2)} samples`);
  } finally {
    await stopRig(run);
  }
});

test.run();
