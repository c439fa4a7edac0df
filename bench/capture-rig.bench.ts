// VintageCapture end to end on the real-process rig (issue #9): linkvst + VintageCapture, arp-sim on JACK MIDI with
// its synth into linkvst's inputs LATENCY ms late, under jackd dummy (48 kHz, the rig's period: VCPI_RIG_PERIOD, default 1024). ROUNDS times: calibrate through
// linkvst's `capture` commands (latency against the injected one), record 8 notes, send, play, capture, and check the
// WAV note by note: onset (the middle of the note's first step) − performance time, beside the simulated Arp's own
// lateness less its median; the first-crossing detector's reading of the same onsets beside it. Printed, not asserted.
import { median, quantile } from '@vcpi/capture-plugin';
import type { CaptureView } from '../host/src/capture/capture-control.js';
import { checkTake, command, jackXruns, recordPerformance, SR, startRig, stopChild, stopRig } from '../host/test/capture/capture-rig.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LATENCY = Number(process.env.LATENCY ?? 31.5);
const latencyErrors: number[] = [];
const usb: number[] = [];
const takeErrors: number[] = [];
const beyondArp: number[] = [];
const crossing: number[] = [];
/** rounds whose calibration and take ran with no JACK xrun: their figures apart (the VM's stalls move the audio) */
const quietLatency: number[] = [];
const quietBeyondArp: number[] = [];
const started = Date.now();
for (let round = 0; round < ROUNDS; round++) {
  const rig = await startRig(LATENCY);
  try {
    const xruns0 = await jackXruns(rig.client);
    const c = ((await command(rig.client, 'capture calibrate')) as CaptureView).calibration;
    if (!c) throw new Error('no calibration');
    const xruns1 = await jackXruns(rig.client);
    latencyErrors.push(((c.latencyMs - LATENCY) * SR) / 1000);
    usb.push(c.usbSendMs);
    await recordPerformance(rig);
    const xruns2 = await jackXruns(rig.client);
    const played = (await command(rig.client, 'capture play')) as CaptureView;
    const takeXruns = (await jackXruns(rig.client)) - xruns2;
    await stopChild(rig.arpSim);
    const { notes } = checkTake(played.takes[played.takes.length - 1] as string, rig.arpLog);
    const arpMedian = median(notes.map((n) => n.arpErrorSamples));
    const quiet = xruns1 === xruns0 && takeXruns === 0;
    if (quiet) quietLatency.push(latencyErrors.at(-1) as number);
    for (const n of notes) {
      takeErrors.push(n.stepErrorSamples);
      beyondArp.push(n.stepErrorSamples - (n.arpErrorSamples - arpMedian));
      crossing.push(n.errorSamples - (n.arpErrorSamples - arpMedian));
      if (quiet) quietBeyondArp.push(beyondArp.at(-1) as number);
    }
    console.log(`round ${round + 1}: latency ${c.latencyMs.toFixed(3)} ms (${latencyErrors.at(-1)?.toFixed(2)} samples off), ${c.confidence} (${c.verdict}), ` +
      `${xruns1 - xruns0} xruns; take ${notes.map((n) => n.stepErrorSamples.toFixed(1)).join(' ')}, ${takeXruns} xruns, the plugin's p99 ${played.takeErrorMs.toFixed(3)} ms`);
  } catch (err) {
    console.log(`round ${round + 1}: failed — ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await stopRig(rig);
  }
}
const spread = (xs: number[]): string => {
  const a = xs.map(Math.abs);
  return `p50 ${quantile(a, 0.5).toFixed(2)} / p99 ${quantile(a, 0.99).toFixed(2)} / max ${Math.max(...a).toFixed(2)}`;
};
console.log(`\ncapture rig, ${ROUNDS} rounds at ${LATENCY} ms injected, ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (latencyErrors.length) {
  console.log(`  calibrated latency − injected, samples: ${latencyErrors.map((e) => e.toFixed(1)).join(', ')} (${spread(latencyErrors)}); USB one-way estimates ${usb.map((u) => u.toFixed(2)).join(', ')} ms`);
}
if (takeErrors.length) {
  console.log(`  take onsets − performance time, samples (|error|): ${spread(takeErrors)} over ${takeErrors.length} notes`);
  console.log(`  the same less the simulated Arp's own lateness (less its median): ${spread(beyondArp)}; mean ${(beyondArp.reduce((a, b) => a + b, 0) / beyondArp.length).toFixed(2)}`);
  if (quietBeyondArp.length) console.log(`  rounds with no xrun (${quietLatency.length}): latency ${spread(quietLatency)}; take less the Arp's lateness ${spread(quietBeyondArp)}`);
  console.log(`  read by the first-crossing detector instead (sees the resampling's pre-ringing): ${spread(crossing)}; mean ${(crossing.reduce((a, b) => a + b, 0) / crossing.length).toFixed(2)}`);
}
