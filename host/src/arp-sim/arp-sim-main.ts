// arp-sim: runs the simulated Arp until SIGINT/SIGTERM (or stdin closing, when asked), printing one "ready" line
// that says where its ports are — what linkvst and the end-to-end test read.
import { describeError, HostError } from '../core/host-error.js';
import { jackSampleRate } from './jack-tools.js';
import { parseArpSimArgs, USAGE } from './arp-sim-options.js';
import { SimulatedArp } from './simulated-arp.js';

export interface ArpSimIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** The "ready" line's prefix; the rest is JSON (SimulatedArpInfo). */
export const READY = 'arp-sim: ready ';

export async function arpSimMain(argv: string[], io: ArpSimIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArpSimArgs(argv);
  } catch (err) {
    io.stderr.write(`arp-sim: ${describeError(err)}\n${err instanceof HostError && err.usage ? `${err.usage}\n` : ''}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o = parsed.options;
  const sampleRate = o.sampleRate ?? (o.audio === 'jack' ? jackSampleRate() : undefined) ?? 48000;
  let sim: SimulatedArp;
  try {
    const started = await SimulatedArp.start({ ...o, sampleRate });
    sim = started.arp;
    io.stdout.write(`${READY}${JSON.stringify(started.info)}\n`);
    io.stderr.write(
      `arp-sim: the simulated Arp answers on MIDI '${started.info.midiIn}' / '${started.info.midiOut}'; its DIN plays ` +
        `${started.info.synth} into ${started.info.audioOutputs.join(', ') || 'the null device'}, ${started.info.latencyMs} ms late. Ctrl-C stops it.\n`,
    );
  } catch (err) {
    io.stderr.write(`arp-sim: ${describeError(err)}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const late = sim.lateDinMessages;
  const host = sim.lateHostMessages;
  await sim.stop();
  io.stderr.write(`arp-sim: stopped${late ? ` (${late} DIN messages were placed late: the machine was too busy)` : ''}\n`);
  if (host.count) io.stderr.write(`arp-sim: ${host.count} host messages were taken late (mean ${host.meanUs.toFixed(0)} µs, max ${host.maxUs.toFixed(0)} µs)\n`);
  return 0;
}
