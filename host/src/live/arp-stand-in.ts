// The Arp for linkvst: a real one answers the Universal Device Inquiry on one of the MIDI ports; when none does (or
// --arp sim), the simulated Arp (arp-sim, a child process) stands in on JACK MIDI ports, its synth's audio wired into
// linkvst's own JACK inputs so VintageCapture hears it. Said plainly at start; stopped with linkvst.
import { spawn, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, isArpIdentity } from '@vcpi/protocol';
import { READY } from '../arp-sim/arp-sim-main.js';
import type { SimulatedArpInfo } from '../arp-sim/simulated-arp.js';
import { describeError } from '../core/host-error.js';
import type { Engine } from '../native/engine.js';
import type { MidiPort } from '../native/midi-ports.js';

export type ArpChoice = 'auto' | 'sim' | 'none';

const IDENTITY_REQUEST = [0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7];
/** The ports of the stand-in itself (and of hosts like us) are never the real Arp. */
const OURS = /arp-sim|vcpi|linkvst|VintageCapture/i;

function answersAsArp(bytes: Uint8Array): boolean {
  try {
    const m = decode(bytes);
    return m.type === 'IdentityReply' && isArpIdentity(m);
  } catch {
    return false; // not a message of the protocol: some other device
  }
}

/** The name of the first input port on which an Arp answered the identity request, or undefined. */
export async function findArp(engine: Engine, waitMs = 400): Promise<string | undefined> {
  const list = await engine.midi.ports();
  const inputs = list.inputs.filter((p) => !OURS.test(p.name));
  const outputs = list.outputs.filter((p) => !OURS.test(p.name));
  if (inputs.length === 0 || outputs.length === 0) return undefined;
  let found: string | undefined;
  const opened: MidiPort[] = [];
  try {
    for (const p of inputs) {
      const port = await engine.midi.openInput(p.index, {
        mode: 'control',
        api: p.api,
        onMessage: (m) => {
          if (found === undefined && answersAsArp(m.bytes)) found = p.name;
        },
      }).catch(() => undefined);
      if (port) opened.push(port);
    }
    for (const p of outputs) {
      const port = await engine.midi.openOutput(p.index, { api: p.api }).catch(() => undefined);
      if (!port) continue;
      opened.push(port);
      try {
        engine.midi.send(port, IDENTITY_REQUEST);
      } catch {
        // a port that refuses a SysEx is not the Arp's
      }
    }
    await new Promise((r) => setTimeout(r, waitMs));
  } finally {
    for (const p of opened) await engine.midi.close(p).catch(() => undefined);
  }
  return found;
}

export class ArpStandIn {
  private child: ChildProcess | undefined;
  info: SimulatedArpInfo | undefined;
  /** what `status` says about the Arp */
  summary = 'not looked for';

  /**
   * Finds the Arp or starts the simulated one, as chosen. `linkvstInputs`: our JACK input ports (the stand-in's synth
   * plays into them). Returns the lines to show; never throws (a stand-in that cannot start is reported).
   */
  async start(choice: ArpChoice, engine: Engine, linkvstInputs: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
    if (choice === 'none') {
      this.summary = 'not used (--arp none)';
      return [];
    }
    if (choice === 'auto') {
      const real = await findArp(engine).catch(() => undefined);
      if (real) {
        this.summary = `on MIDI port '${real}'`;
        return [`[Arp] found on MIDI port '${real}'`];
      }
    }
    if (linkvstInputs.length === 0) {
      this.summary = 'none (the simulated Arp needs JACK audio inputs)';
      return [`[Arp] ${choice === 'auto' ? 'no Arp answered, and ' : ''}the simulated Arp needs linkvst on a JACK server with inputs (--audio jack --inputs 2)`];
    }
    try {
      this.info = await this.spawnSim(linkvstInputs, env);
    } catch (err) {
      this.summary = `none (arp-sim failed: ${describeError(err)})`;
      return [`[Arp] the simulated Arp did not start: ${describeError(err)}`];
    }
    const i = this.info;
    this.summary = `simulated (arp-sim: MIDI '${i.midiIn}' / '${i.midiOut}', ${i.synth} into inputs 1-${Math.min(2, linkvstInputs.length)}, ${i.latencyMs} ms)`;
    return [
      `[Arp] ${choice === 'auto' ? 'no Arp answered on any MIDI port: ' : ''}the simulated Arp stands in (arp-sim)`,
      `[Arp]   MIDI '${i.midiIn}' / '${i.midiOut}'; its DIN plays ${i.synth} into inputs 1-${Math.min(2, linkvstInputs.length)} with ${i.latencyMs} ms latency`,
      '[Arp]   for VintageCapture: load 1 ~/.vst3/VintageCapture.vst3, input 1 1 2, capture calibrate',
    ];
  }

  private spawnSim(inputs: readonly string[], env: NodeJS.ProcessEnv): Promise<SimulatedArpInfo> {
    // The command next to this module: the TypeScript source under tsx, the compiled one otherwise.
    const entry = fileURLToPath(new URL(`../cli/arp-sim${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
    const child = spawn(process.execPath, [...process.execArgv, entry, '--connect', inputs.slice(0, 2).join(',')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => fail(new Error('it did not start within 30 s')), 30_000);
      const fail = (e: Error): void => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        this.child = undefined;
        reject(e);
      };
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.once('exit', (code) => fail(new Error(`it exited (${code}): ${err.trim().split('\n').pop() ?? ''}`)));
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const at = out.indexOf(READY);
        const end = out.indexOf('\n', at);
        if (at < 0 || end < 0) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.once('exit', () => {
          this.summary = 'the simulated Arp (arp-sim) stopped';
          this.child = undefined;
        });
        try {
          resolve(JSON.parse(out.slice(at + READY.length, end)) as SimulatedArpInfo);
        } catch (e) {
          fail(e as Error);
        }
      });
    });
  }

  /** Stops the simulated Arp (when one runs). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
