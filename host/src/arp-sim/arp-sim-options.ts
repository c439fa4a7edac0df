// arp-sim's command line: every bad flag names itself, the value and the usage.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { HostError } from '../core/host-error.js';
import type { SimulatedArpOptions } from './simulated-arp.js';

export const USAGE = `usage: arp-sim [options]
The simulated Arp (Vintage Mode firmware twin) on JACK MIDI ports, its DIN output playing a synth into JACK audio.
  --latency-ms <ms>      synth + interface latency after the DIN message: one JACK period (at least
                         256 frames) + 4 ms at least (9.4 at 48 kHz and 256 frames), at most 1000
                         (default 10, or the least the JACK period allows when that is more)
  --synth <plugin>       the synth its DIN output plays (default: the built VcpiTestSynth.vst3)
  --connect <in[,in2]>   JACK inputs to feed the synth's audio to (e.g. vcpi-engine:in_1,vcpi-engine:in_2)
  --name <name>          base of the MIDI port names: "<name> in", "<name> out" (default arp-sim)
  --sr <Hz>              sample rate (default: the JACK server's, else 48000)
  --seed <n>             the simulated board's loop-jitter seed (default 1)
  --drift-ppm <ppm>      the simulated Arp's crystal against the machine's clock, -500-500 (default 0)
  --log <file>           every DIN and USB message the Arp sends, one JSON object a line (times in Arp µs)
  --audio <jack|null>    null: no audio ports (only the MIDI side) (default jack)
  -h, --help             this text`;

/** The synth setup builds for the tests (native/build/test-plugins): sharp attack, deterministic. */
export function defaultSynth(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vcpi/native/package.json')), 'build/test-plugins/vst3/VcpiTestSynth.vst3');
}

function value(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new HostError('USAGE', `${flag} needs a value`, USAGE);
  return v;
}

function number(text: string, flag: string, min: number, max: number): number {
  const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n)) throw new HostError('BAD_VALUE', `${flag} must be a number, got "${text}"`, USAGE);
  if (n < min || n > max) throw new HostError('BAD_VALUE', `${flag} must be ${min}-${max}, got ${n}`, USAGE);
  return n;
}

export type ArpSimCommandLine = { help: true } | { help: false; options: Omit<SimulatedArpOptions, 'sampleRate'> & { sampleRate: number | undefined } };

export function parseArpSimArgs(argv: string[]): ArpSimCommandLine {
  const o: Omit<SimulatedArpOptions, 'sampleRate'> & { sampleRate: number | undefined } = {
    synth: '',
    latencyMs: undefined,
    sampleRate: undefined,
    name: 'arp-sim',
    seed: 1,
    driftPpm: 0,
    connect: [],
    logPath: undefined,
    audio: 'jack',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    switch (a) {
      case '-h':
      case '--help':
        return { help: true };
      case '--latency-ms': o.latencyMs = number(value(argv, i++, a), a, 0, 1000); break;
      case '--synth': o.synth = resolve(value(argv, i++, a)); break;
      case '--connect': o.connect = value(argv, i++, a).split(',').map((p) => p.trim()).filter(Boolean); break;
      case '--name': o.name = value(argv, i++, a); break;
      case '--sr': o.sampleRate = number(value(argv, i++, a), a, 8000, 192000); break;
      case '--seed': o.seed = number(value(argv, i++, a), a, 0, 2 ** 31); break;
      case '--drift-ppm': o.driftPpm = number(value(argv, i++, a), a, -500, 500); break;
      case '--log': o.logPath = resolve(value(argv, i++, a)); break;
      case '--audio': {
        const v = value(argv, i++, a);
        if (v !== 'jack' && v !== 'null') throw new HostError('USAGE', `--audio must be jack or null, got "${v}"`, USAGE);
        o.audio = v;
        break;
      }
      default:
        throw new HostError('USAGE', `unknown option "${a}"`, USAGE);
    }
  }
  if (o.connect.length > 2) throw new HostError('USAGE', `--connect takes one or two JACK inputs, got ${o.connect.length}`, USAGE);
  if (!o.synth) o.synth = defaultSynth();
  return { help: false, options: o };
}
