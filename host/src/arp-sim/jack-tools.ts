// The JACK command-line tools (jackd2's jack_lsp, jack_connect, jack_samplerate) for what the engine's JUCE device
// does not tell: which ports a client opened, wiring them, the server's rate. The server is the one JACK itself picks
// (JACK_DEFAULT_SERVER, else "default").
import { spawnSync } from 'node:child_process';
import { HostError } from '../core/host-error.js';

function tool(name: string, args: string[]): string {
  const r = spawnSync(name, args, { encoding: 'utf8', timeout: 5000 });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new HostError('UNAVAILABLE', missing ? `${name} is not installed (Debian package jackd2; bash scripts/setup.sh installs it)` : `${name}: ${r.error.message}`);
  }
  if (r.status !== 0) throw new HostError('UNAVAILABLE', `${name} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim() || `exit ${r.status}`}`);
  return r.stdout;
}

/** Every port of the JACK server, or only those matching `pattern` (jack_lsp's substring match). */
export function jackPorts(pattern?: string): string[] {
  return tool('jack_lsp', pattern ? [pattern] : [])
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Connects an output port to an input port (already connected counts as done). */
export function jackConnect(from: string, to: string): void {
  const r = spawnSync('jack_connect', [from, to], { encoding: 'utf8', timeout: 5000 });
  if (r.status === 0) return;
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim();
  if (/already/i.test(why)) return;
  throw new HostError('UNAVAILABLE', `jack_connect ${from} ${to} failed: ${why || (r.error?.message ?? `exit ${r.status}`)}`);
}

/** The running server's sample rate, or undefined when there is no server (or no tool to ask). */
export function jackSampleRate(): number | undefined {
  try {
    const m = /(\d+)/.exec(tool('jack_samplerate', []));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Audio ports that appeared between two listings (what an engine opened when it started), outputs and inputs. */
export function newAudioPorts(before: readonly string[], after: readonly string[]): { outputs: string[]; inputs: string[] } {
  const known = new Set(before);
  const added = after.filter((p) => !known.has(p));
  return { outputs: added.filter((p) => /:out_\d+$/.test(p)), inputs: added.filter((p) => /:in_\d+$/.test(p)) };
}
