// Which audio system linkvst opens at start, decided before the engine exists (a JACK server fixes the sample
// rate), and said plainly: a JACK server, an ALSA card, or — on a machine without a sound card — nothing or a file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface AudioChoice {
  type: 'jack' | 'alsa' | 'null';
  /** a device index or name for audio_start; undefined: the type's first */
  device: string | number | undefined;
  /** master to this WAV file (--output file:…) */
  record: string | undefined;
  sampleRate: number;
  /** one line saying what was chosen and why */
  reason: string;
}

export function jackServerRate(env: NodeJS.ProcessEnv = process.env): number | undefined {
  try {
    const out = execFileSync('jack_samplerate', [], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'], env: { ...env, JACK_NO_START_SERVER: '1' } });
    const rate = Number(out.trim());
    return Number.isInteger(rate) && rate > 0 ? rate : undefined;
  } catch {
    return undefined;
  }
}

function soundCards(): boolean {
  try {
    return existsSync('/dev/snd') && readdirSync('/dev/snd').some((f) => f.startsWith('pcmC'));
  } catch {
    return false;
  }
}

/** `output`: --output (device index/name, none, file:path); `type`: --audio. */
export function chooseAudio(output: string | undefined, type: 'jack' | 'alsa' | undefined, sampleRate: number, env: NodeJS.ProcessEnv = process.env): AudioChoice {
  if (output === 'none') return { type: 'null', device: undefined, record: undefined, sampleRate, reason: 'no audio output (--output none): the engine runs in real time, heard nowhere' };
  if (output?.startsWith('file:')) {
    const path = resolve(output.slice(5));
    return { type: 'null', device: undefined, record: path, sampleRate, reason: `no audio device: the master output is written to ${path} in real time` };
  }
  const device = output === undefined || output === 'default' ? undefined : /^\d+$/.test(output) ? Number(output) : output;
  if (type !== 'alsa') {
    const rate = jackServerRate(env);
    if (rate !== undefined) return { type: 'jack', device, record: undefined, sampleRate: rate, reason: `JACK server running at ${rate} Hz` };
    if (type === 'jack') return { type: 'jack', device, record: undefined, sampleRate, reason: 'JACK requested, but no JACK server answers (start one: jackd -d alsa)' };
  }
  if (soundCards()) return { type: 'alsa', device, record: undefined, sampleRate, reason: 'ALSA (no JACK server running)' };
  return {
    type: 'null',
    device: undefined,
    record: undefined,
    sampleRate,
    reason: 'no sound card and no JACK server: audio goes nowhere (start jackd -d dummy, or use --output file:take.wav)',
  };
}
