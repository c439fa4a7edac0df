// capture: VintageCapture from the prompt — its status, the Arp's port, calibrate (with progress), record, play
// (send → play → capture → align), abort, and the take files.
import { existsSync, readFileSync } from 'node:fs';
import { decodeWav } from '@vcpi/capture-plugin';
import { CaptureControl, type CaptureView } from '../capture/capture-control.js';
import { parseSlot } from '../core/args.js';
import { HostError } from '../core/host-error.js';
import { ok, type Command, type CommandContext } from './command.js';

const USAGE = 'capture [slot] [status|port [name|auto]|calibrate|record on|off|send|play|abort|takes]';
const ACTIONS = ['status', 'port', 'calibrate', 'record', 'send', 'play', 'abort', 'takes'];

const fixed = (v: number | undefined, digits: number, unit: string): string =>
  v !== undefined && Number.isFinite(v) ? `${v.toFixed(digits)} ${unit}` : '—';

function describe(v: CaptureView): string[] {
  const c = v.calibration;
  const lines = [
    `  slot ${v.slot} = VintageCapture  ${v.mode}${v.message ? `: ${v.message}` : ''}`,
    `  Arp         ${v.arp ? 'connected' : 'not found'}${v.arpPort ? ` (port '${v.arpPort}')` : ' (found by its identity reply)'}`,
  ];
  if (c) {
    lines.push(
      `  calibration ${c.confidence}: ${c.verdict}`,
      `  latency     ${fixed(c.latencyMs, 3, 'ms')} (${fixed(c.latencySamples, 1, 'samples')})  round trip ${fixed(c.roundTripMs, 3, 'ms')}`,
      `  drift       ${fixed(c.driftPpm, 1, 'ppm')}  USB ${fixed(c.usbSendMs, 3, 'ms')} ± ${fixed(c.usbJitterMs, 3, 'ms')}`,
    );
    // A calibration saved before CalibrationTiming existed has no clockSync.
    const sync = (c as Partial<typeof c>).clockSync;
    if (sync) {
      lines.push(
        sync.method === 'arrival-window'
          ? `  Arp clock   from its arrival windows: ±${fixed(sync.boundMs, 3, 'ms')} (${sync.bracketed} pings)`
          : '  Arp clock   from half the round trip (the Arp sends no CalibrationTiming: up to ~0.5 ms off)',
      );
    }
  } else {
    lines.push('  calibration none yet (capture calibrate)');
  }
  if (v.takes.length) lines.push(`  takes       ${v.takes.length}, last timing error ${fixed(v.takeErrorMs, 3, 'ms')} (p99)`);
  if (v.error) lines.push(`  last error  ${v.error.code}: ${v.error.message}${v.error.hint ? ` — ${v.error.hint}` : ''}`);
  return lines;
}

interface TakeInfo {
  path: string;
  present: boolean;
  seconds?: number;
  notes?: number;
  timingErrorMs?: number;
  /** audio dropouts during the take (its timing may be off there) */
  dropouts?: number;
  problem?: string;
}

function takeInfo(path: string): TakeInfo {
  if (!existsSync(path)) return { path, present: false, problem: 'the file is gone' };
  try {
    const wav = decodeWav(new Uint8Array(readFileSync(path)));
    const meta = (wav.metadata ?? {}) as { notes?: number; alignment?: { timingErrorMs?: { p99?: number }; dropouts?: number } };
    const info: TakeInfo = { path, present: true, seconds: (wav.channels[0]?.length ?? 0) / wav.sampleRate };
    if (typeof meta.notes === 'number') info.notes = meta.notes;
    const p99 = meta.alignment?.timingErrorMs?.p99;
    if (typeof p99 === 'number') info.timingErrorMs = p99;
    if (typeof meta.alignment?.dropouts === 'number') info.dropouts = meta.alignment.dropouts;
    return info;
  } catch (err) {
    return { path, present: true, problem: `does not read as a take: ${(err as Error).message}` };
  }
}

function parse(args: string[]): { slot: number | undefined; action: string; rest: string[] } {
  let slot: number | undefined;
  let i = 0;
  if (args[0] !== undefined && /^\d+$/.test(args[0])) {
    slot = parseSlot(args[0], USAGE);
    i = 1;
  }
  const action = (args[i] ?? 'status').toLowerCase();
  if (!ACTIONS.includes(action)) throw new HostError('USAGE', `capture: unknown action "${args[i]}" (one of ${ACTIONS.join(', ')})`, USAGE);
  return { slot, action, rest: args.slice(i + 1) };
}

async function run(ctx: CommandContext, args: string[]) {
  const { slot: given, action, rest } = parse(args);
  const control = new CaptureControl(ctx.host);
  const slot = control.pick(given);
  const progress = { onProgress: (line: string) => ctx.say?.(line) };
  switch (action) {
    case 'status': {
      if (rest.length) throw new HostError('USAGE', 'capture status takes no arguments', USAGE);
      const v = await control.view(slot);
      return ok(describe(v), v);
    }
    case 'port': {
      if (rest.length > 1) throw new HostError('USAGE', 'capture port takes one name (quote names with spaces)', USAGE);
      if (rest.length === 0) {
        const v = await control.view(slot);
        return ok(`  Arp port: ${v.arpPort || 'auto (found by its identity reply)'}${v.arp ? ', connected' : ', not connected'}`, v);
      }
      const name = rest[0] === 'auto' ? '' : (rest[0] as string);
      await control.setArpPort(slot, name);
      const note = process.env.VCPI_ARP_PORT ? ` (VCPI_ARP_PORT=${process.env.VCPI_ARP_PORT} overrides it while set)` : '';
      return ok(`  slot ${slot}: Arp port ${name ? `'${name}'` : 'auto (found by its identity reply)'}${note}`, { slot, arpPort: name });
    }
    case 'calibrate': {
      if (rest.length) throw new HostError('USAGE', 'capture calibrate takes no arguments', USAGE);
      ctx.say?.('  calibrating: the Arp pings the synth, one note at a time…');
      const v = await control.calibrate(slot, progress);
      return ok(describe(v), v);
    }
    case 'record': {
      const which = rest[0]?.toLowerCase();
      if (rest.length !== 1 || (which !== 'on' && which !== 'off')) throw new HostError('USAGE', 'capture record takes on or off', USAGE);
      const v = await control.record(slot, which === 'on', progress);
      return ok(`  ${v.message || v.mode}`, v);
    }
    case 'send': {
      if (rest.length) throw new HostError('USAGE', 'capture send takes no arguments', USAGE);
      const v = await control.send(slot, progress);
      return ok(`  ${v.message}`, v);
    }
    case 'play': {
      if (rest.length) throw new HostError('USAGE', 'capture play takes no arguments', USAGE);
      const v = await control.play(slot, progress);
      const last = v.takes[v.takes.length - 1] as string;
      return ok([`  take ${last}`, `  timing error ${fixed(v.takeErrorMs, 3, 'ms')} (p99 over its notes)`], v);
    }
    case 'abort': {
      if (rest.length) throw new HostError('USAGE', 'capture abort takes no arguments', USAGE);
      await control.abort(slot);
      return ok(`  slot ${slot}: abort sent`);
    }
    default: {
      if (rest.length) throw new HostError('USAGE', 'capture takes takes no arguments', USAGE);
      const v = await control.view(slot);
      const takes = v.takes.map(takeInfo);
      const lines = takes.map((t, i) =>
        t.problem
          ? `  ${i + 1}. ${t.path}  (${t.problem})`
          : `  ${i + 1}. ${t.path}  ${fixed(t.seconds, 1, 's')}, ${t.notes ?? '?'} notes, timing error ${fixed(t.timingErrorMs, 3, 'ms')}` +
            (t.dropouts ? `, audio dropped out ${t.dropouts}× during it (capture it again)` : ''),
      );
      return ok(lines.length ? lines : ['  no takes yet (capture record on … off, then capture play)'], takes);
    }
  }
}

export const captureCommands: Command[] = [
  {
    name: 'capture',
    usage: USAGE,
    summary: 'VintageCapture: status, Arp port, calibrate, record, play (send → Arp → synth → aligned take), takes',
    help: [
      'Drives the VintageCapture plugin in a slot (the only one loaded when no slot is given).',
      '  capture                 status: mode, Arp, calibration (latency, drift), last take, last error',
      '  capture port [name]     the Arp\'s MIDI port by name part; "auto" finds it by its identity reply',
      '  capture calibrate       the latency wizard, with progress (needs audio running and the synth on the input)',
      '  capture record on|off   record the performance (from the next bar) from the slot\'s MIDI',
      '  capture send            send the recorded take to the Arp (verified), ready to play',
      '  capture play            play it on a bar (sending it first unless sent), capture and align it to a WAV file',
      '  capture abort           stop what it is doing',
      '  capture takes           the take files with length, notes and timing error',
    ].join('\n'),
    // Reading its state and the takes, and abort (what stops a calibration or a take from another client), run at
    // once; a bad line too (it only fails).
    alongside: (args) => {
      try {
        const { action, rest } = parse(args);
        return action === 'status' || action === 'takes' || action === 'abort' || (action === 'port' && rest.length === 0);
      } catch {
        return true;
      }
    },
    complete: (_c, w) => (w.length === 1 ? [...ACTIONS, '1', '2', '3', '4', '5', '6', '7', '8'] : w.length === 2 && w[0] === 'record' ? ['on', 'off'] : w.length === 2 && /^\d$/.test(w[0] ?? '') ? ACTIONS : []),
    run,
  },
];
