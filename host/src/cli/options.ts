// linkvst's command line: the seed's flags plus what Linux users need. Every bad flag is an error naming it.
import type { ArpChoice } from '../live/arp-stand-in.js';
import { HostError } from '../core/host-error.js';
import { defaultSessionPath } from '../session/session-store.js';
import { defaultSocketPath } from '../daemon/socket-path.js';

export interface Options {
  mode: 'repl' | 'daemon' | 'attach' | 'deps' | 'help' | 'version';
  sampleRate: number;
  bufferSize: number;
  bpm: number;
  link: boolean;
  seqMidi: string | undefined;
  mixMidi: string | undefined;
  /** device index/name, 'none', or 'file:<path.wav>' */
  output: string | undefined;
  audioType: 'jack' | 'alsa' | undefined;
  inputChannels: number;
  session: string;
  restore: boolean;
  socket: string;
  json: boolean;
  strict: boolean;
  /** attach: run these commands and exit */
  commands: string[];
  /** MIDI clock to the Beatstep Pro */
  clock: boolean;
  /** the Arp: auto (a real one, else the simulated one), sim (always the simulated one), none */
  arp: ArpChoice;
}

export const USAGE = `usage: linkvst [options]            the interactive host (prompt linkvst> )
       linkvst --daemon [options]   run as a service, commands on a Unix socket
       linkvst attach [--socket P] [--json] [-c "command"]...
       linkvst deps [--strict]
options:
  --sr <Hz>              sample rate (default 44100; a running JACK server's rate wins)
  --buf <frames>         buffer size (default 512)
  --bpm <bpm>            initial tempo (default 120)
  --link                 enable Ableton Link at start
  --seq-midi <port>      Beatstep Pro MIDI port: index or name part (default: found by name); none: do not open
  --mix-midi <port>      MIDI Mix port: index or name part (default: found by name); none: do not open
  --arp <auto|sim|none>  the Arp: auto finds it by its identity reply and starts the simulated one (arp-sim)
                         when none answers; sim always simulates; none does neither (default auto)
  --no-clock             do not send MIDI clock to the Beatstep Pro (the clock command turns it on)
  --output <device>      audio device index or name; none; or file:take.wav (master to a WAV in real time)
  --audio <jack|alsa>    audio system (default: JACK when a server runs, else ALSA)
  --inputs <n>           audio input channels to open (default 2)
  --session <path>       session file (default ~/.config/linkvst/session.json)
  --no-restore           start fresh instead of restoring the session
  --socket <path>        daemon socket (default $LINKVST_SOCKET, else $XDG_RUNTIME_DIR/linkvst.sock)
  --json                 attach: print results as JSON lines`;

function value(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new HostError('USAGE', `${flag} needs a value`, USAGE);
  return v;
}

function int(text: string, flag: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new HostError('USAGE', `${flag} must be a whole number ${min}-${max}, got "${text}"`, USAGE);
  return n;
}

/** @throws HostError USAGE naming the flag and value */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): Options {
  const o: Options = {
    mode: 'repl',
    sampleRate: 44_100,
    bufferSize: 512,
    bpm: 120,
    link: false,
    seqMidi: undefined,
    mixMidi: undefined,
    output: undefined,
    audioType: undefined,
    inputChannels: 2,
    session: defaultSessionPath(),
    restore: true,
    socket: defaultSocketPath(env),
    json: false,
    strict: false,
    commands: [],
    clock: true,
    arp: 'auto',
  };
  let i = 0;
  if (argv[0] === 'attach' || argv[0] === 'deps') {
    o.mode = argv[0];
    i = 1;
  }
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    switch (a) {
      case '--sr': o.sampleRate = int(value(argv, i++, a), a, 8000, 384_000); break;
      case '--buf': o.bufferSize = int(value(argv, i++, a), a, 16, 8192); break;
      case '--bpm': {
        const v = Number(value(argv, i++, a));
        if (!Number.isFinite(v) || v < 20 || v > 999) throw new HostError('USAGE', `--bpm must be 20-999, got "${argv[i]}"`, USAGE);
        o.bpm = v;
        break;
      }
      case '--link': o.link = true; break;
      case '--no-clock': o.clock = false; break;
      case '--arp': {
        const v = value(argv, i++, a);
        if (v !== 'auto' && v !== 'sim' && v !== 'none') throw new HostError('USAGE', `--arp must be auto, sim or none, got "${v}"`, USAGE);
        o.arp = v;
        break;
      }
      case '--seq-midi': o.seqMidi = value(argv, i++, a); break;
      case '--mix-midi': o.mixMidi = value(argv, i++, a); break;
      case '--output': o.output = value(argv, i++, a); break;
      case '--audio': {
        const v = value(argv, i++, a);
        if (v !== 'jack' && v !== 'alsa') throw new HostError('USAGE', `--audio must be jack or alsa, got "${v}"`, USAGE);
        o.audioType = v;
        break;
      }
      case '--inputs': o.inputChannels = int(value(argv, i++, a), a, 0, 64); break;
      case '--session': o.session = value(argv, i++, a); break;
      case '--no-restore': o.restore = false; break;
      case '--daemon': if (o.mode === 'repl') o.mode = 'daemon'; break;
      case '--socket': o.socket = value(argv, i++, a); break;
      case '--json': o.json = true; break;
      case '--strict': o.strict = true; break;
      case '-c':
      case '--command': o.commands.push(value(argv, i++, a)); break;
      case '-h':
      case '--help': o.mode = 'help'; break;
      case '--version': o.mode = 'version'; break;
      default: throw new HostError('USAGE', `unknown option "${a}"`, USAGE);
    }
  }
  return o;
}
