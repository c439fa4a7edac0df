// How things look in the terminal (the seed's wording where it shows output).
import type { Host } from '../core/host.js';
import type { PluginEntry, SlotModel } from '../core/host-model.js';
import type { ParameterInfo } from '../native/engine.js';

export const num = (v: number, digits = 2): string => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

export function pluginLabel(e: PluginEntry): string {
  if (e.missing) return `${e.name} (MISSING: ${e.missing.reason})`;
  return e.name === e.summary?.name ? e.name : `${e.name} [${e.summary?.name ?? '?'}]`;
}

export function slotLine(host: Host, s: SlotModel): string {
  const flags = [s.mute ? 'MUTE' : '', s.solo ? 'SOLO' : ''].filter(Boolean).join(' ');
  const inst = s.instrument ? pluginLabel(s.instrument) : '(empty)';
  const fx = s.inserts.length ? `  fx: ${s.inserts.map((e, i) => `${i + 1}:${pluginLabel(e)}`).join(', ')}` : '';
  const routed = host.routing().filter((r) => r.slot === s.slot).map((r) => r.channel);
  const ch = routed.length ? `  ch ${routed.join(',')}` : '';
  return `  ${String(s.slot).padStart(1)}: ${inst.padEnd(24)} gain ${s.gain.toFixed(2)}${flags ? `  ${flags}` : ''}${ch}${fx}`;
}

/** The plugin's own text for a value, when it says more than the number (a choice name, a note, "-inf dB"). */
export function valueText(value: number, text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t.replace(/\s*[a-zA-Z%]+$/, ''));
  return Number.isFinite(n) && Math.abs(n - value) < 1e-6 * Math.max(1, Math.abs(value)) ? undefined : t;
}

export function paramLine(p: ParameterInfo): string {
  const unit = p.unit ? ` ${p.unit}` : '';
  const text = valueText(p.value, p.text);
  const shown = text ? `${num(p.value, 3)}${unit} "${text}"` : `${num(p.value, 3)}${unit}`;
  return `  ${p.name} = ${shown}  (range ${p.min.toFixed(3)} .. ${p.max.toFixed(3)})`;
}
