// What linkvst needs on this machine, each with the command that fixes it when missing (the seed's `deps`, for our
// stack). `required` pieces make `linkvst deps --strict` fail.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { addonDirectory, loadAddon } from '../native/load-addon.js';

export interface DepCheck {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
  /** what to run or do when it is missing */
  fix?: string;
}

function debianVersion(pkg: string): string | undefined {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status} ${Version}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /^install ok installed (\S+)/.exec(out);
    return m?.[1];
  } catch {
    return undefined;
  }
}

function jackRunning(): boolean {
  try {
    execFileSync('jack_lsp', [], { stdio: 'ignore', timeout: 3000, env: { ...process.env, JACK_NO_START_SERVER: '1' } });
    return true;
  } catch {
    return false;
  }
}

export function checkDeps(): DepCheck[] {
  const checks: DepCheck[] = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'Node.js', ok: nodeMajor >= 18, required: true, detail: process.versions.node, fix: 'sudo apt-get install nodejs npm' });
  let addon = false;
  let addonDetail: string;
  try {
    loadAddon();
    addon = true;
    addonDetail = join(addonDirectory(), 'vcpi_engine.node');
  } catch (err) {
    addonDetail = (err as Error).message;
  }
  checks.push({ name: 'native engine', ok: addon, required: true, detail: addonDetail, fix: 'bash scripts/setup.sh' });
  const juce = debianVersion('juce-modules-source');
  checks.push({ name: 'JUCE', ok: juce !== undefined, required: true, detail: juce ?? 'juce-modules-source not installed', fix: 'bash scripts/setup.sh (installs juce-modules-source)' });
  const link = debianVersion('ableton-link-dev');
  checks.push({ name: 'Ableton Link', ok: link !== undefined, required: true, detail: link ?? 'ableton-link-dev not installed', fix: 'bash scripts/setup.sh (installs ableton-link-dev)' });
  const rtmidi = debianVersion('librtmidi6') ?? debianVersion('librtmidi-dev');
  checks.push({ name: 'RtMidi', ok: rtmidi !== undefined, required: true, detail: rtmidi ?? 'librtmidi not installed', fix: 'bash scripts/setup.sh (installs librtmidi-dev)' });
  const jack = jackRunning();
  checks.push({
    name: 'JACK server',
    ok: jack,
    required: false,
    detail: jack ? 'running' : 'not running (ALSA is used instead)',
    fix: 'jackd -d alsa -r 48000 -p 256 &   (or, without a sound card: jackd -d dummy &)',
  });
  const seq = existsSync('/dev/snd/seq');
  checks.push({ name: 'ALSA sequencer', ok: seq, required: false, detail: seq ? '/dev/snd/seq' : 'no /dev/snd/seq (no ALSA MIDI)', fix: 'sudo modprobe snd-seq; and add yourself to the audio group: sudo usermod -aG audio $USER' });
  const vc = [join(homedir(), '.vst3', 'VintageCapture.vst3'), '/usr/local/lib/vst3/VintageCapture.vst3', '/usr/lib/vst3/VintageCapture.vst3'].find((p) => existsSync(p));
  checks.push({ name: 'VintageCapture plugin', ok: vc !== undefined, required: false, detail: vc ?? 'not installed in ~/.vst3', fix: 'bash scripts/setup.sh (builds and installs it)' });
  return checks;
}

export function depsLines(checks: readonly DepCheck[]): string[] {
  const w = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => `  ${c.ok ? '[ok]     ' : c.required ? '[MISSING]' : '[missing]'} ${c.name.padEnd(w)}  ${c.detail}${c.ok || !c.fix ? '' : `\n  ${' '.repeat(10 + w)}  fix: ${c.fix}`}`);
  const bad = checks.filter((c) => !c.ok && c.required).length;
  lines.push(bad ? `  ${bad} required piece${bad === 1 ? ' is' : 's are'} missing` : '  everything required is there');
  return lines;
}
