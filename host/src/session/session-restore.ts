// A session file → the host, restoring everything it can and reporting what it skipped and why. A plugin whose
// file is missing (or that fails to load) keeps its place, shown as missing, so the next save writes it back.
import { existsSync } from 'node:fs';
import type { Host } from '../core/host.js';
import { HostError, describeError } from '../core/host-error.js';
import type { PluginEntry } from '../core/host-model.js';
import type { PluginRef } from '../native/engine.js';
import { SESSION_SCHEMA, SESSION_VERSION, type SavedPlugin } from './session-schema.js';

export interface RestoreReport {
  /** what was restored, in words */
  restored: string[];
  /** what was skipped: where in the file, and why */
  skipped: { where: string; reason: string }[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks the file's outer shape. @throws HostError SESSION naming the problem */
export function parseSession(text: string, source: string): Json {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new HostError('SESSION', `${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObj(data)) throw new HostError('SESSION', `${source}: expected a JSON object`);
  if (data.schema !== SESSION_SCHEMA) throw new HostError('SESSION', `${source}: "schema" is ${JSON.stringify(data.schema)}, expected "${SESSION_SCHEMA}"`);
  if (data.version !== SESSION_VERSION) {
    throw new HostError('SESSION', `${source}: session version ${JSON.stringify(data.version)} is not ${SESSION_VERSION}; this linkvst reads version ${SESSION_VERSION}`);
  }
  return data;
}

function savedPlugin(v: unknown, where: string, report: RestoreReport): SavedPlugin | undefined {
  if (!isObj(v) || typeof v.plugin !== 'string' || v.plugin === '') {
    report.skipped.push({ where, reason: 'not a plugin entry (needs "plugin": a path or URI)' });
    return undefined;
  }
  const name = typeof v.name === 'string' && v.name ? v.name : v.plugin;
  const params: Record<string, number> = {};
  if (isObj(v.parameters)) for (const [k, x] of Object.entries(v.parameters)) if (typeof x === 'number' && Number.isFinite(x)) params[k] = x;
  return { plugin: v.plugin, name, ...(typeof v.state === 'string' ? { state: v.state } : {}), parameters: params };
}

const isPath = (p: string): boolean => p.startsWith('/') || p.startsWith('.') || p.endsWith('.vst3') || p.endsWith('.lv2');

/** Loads one saved plugin (or keeps it as missing); applies its state, else its readable parameters. */
async function restorePlugin(
  host: Host,
  saved: SavedPlugin,
  where: string,
  load: () => Promise<PluginEntry>,
  ref: () => PluginRef,
  asMissing: (entry: PluginEntry) => void,
  report: RestoreReport,
): Promise<void> {
  const missing = (reason: string): void => {
    asMissing({ plugin: saved.plugin, name: saved.name, summary: undefined, missing: { reason, saved } });
    report.skipped.push({ where, reason: `${saved.name}: ${reason} (kept in the session as missing)` });
  };
  if (isPath(saved.plugin) && !existsSync(saved.plugin)) return missing(`${saved.plugin} not found`);
  let entry: PluginEntry;
  try {
    entry = await load();
  } catch (err) {
    return missing(describeError(err));
  }
  entry.name = saved.name;
  let stateLoaded = false;
  if (saved.state) {
    try {
      await host.engineCall(() => host.engine.setState(ref(), saved.state as string));
      stateLoaded = true;
    } catch (err) {
      report.skipped.push({ where: `${where} state`, reason: `${describeError(err)}; its parameter values are used instead` });
    }
  }
  // The readable values describe the same state: those that read back differently after the state load are set, so a
  // plugin whose state load leaves its controller behind still shows (and plays) the saved values. Without a state
  // they are the only source.
  const current = new Map<string, number>();
  try {
    for (const p of await host.engine.parameters(ref())) current.set(p.name, p.value);
  } catch {
    // the plugin is there; its parameters will show what they show
  }
  for (const [name, value] of Object.entries(saved.parameters ?? {})) {
    const now = current.get(name);
    if (stateLoaded && now !== undefined && Math.abs(now - value) <= 1e-6 * Math.max(1, Math.abs(value))) continue;
    try {
      await host.engine.setParameter(ref(), name, value);
    } catch (err) {
      if (!stateLoaded) report.skipped.push({ where: `${where} parameter "${name}"`, reason: describeError(err) });
    }
  }
  report.restored.push(`${where}: ${saved.name}`);
}

function mixerValue(v: unknown, kind: 'gain' | 'flag', where: string, report: RestoreReport): number | boolean | undefined {
  if (v === undefined) return undefined;
  if (kind === 'gain' ? typeof v === 'number' && v >= 0 && v <= 1 : typeof v === 'boolean') return v as number | boolean;
  report.skipped.push({ where, reason: `${JSON.stringify(v)} is not ${kind === 'gain' ? 'a gain 0-1' : 'true or false'}` });
  return undefined;
}

/** Replaces the host's state with the session's; never throws for content, only for the outer shape. */
export async function restoreSession(host: Host, data: Json): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], skipped: [] };
  await host.clear();
  const slots = Array.isArray(data.slots) ? data.slots : [];
  if (!Array.isArray(data.slots)) report.skipped.push({ where: 'slots', reason: 'missing or not a list' });
  const seen = new Set<number>();
  for (const [i, raw] of slots.entries()) {
    const where = `slots[${i}]`;
    if (!isObj(raw) || typeof raw.slot !== 'number' || !Number.isInteger(raw.slot) || raw.slot < 1 || raw.slot > 8 || seen.has(raw.slot)) {
      report.skipped.push({ where, reason: 'needs a "slot" 1-8 not used before' });
      continue;
    }
    const n = raw.slot;
    seen.add(n);
    const s = host.slot(n);
    if (raw.instrument !== undefined) {
      const saved = savedPlugin(raw.instrument, `slot ${n} instrument`, report);
      if (saved) {
        await restorePlugin(host, saved, `slot ${n}`, () => host.loadInstrument(n, saved.plugin, saved.name), () => ({ slot: n }), (e) => (s.instrument = e), report);
      }
    }
    const inserts = Array.isArray(raw.inserts) ? raw.inserts : [];
    for (const [k, fx] of inserts.entries()) {
      const saved = savedPlugin(fx, `slot ${n} fx ${k + 1}`, report);
      if (!saved) continue;
      await restorePlugin(
        host,
        saved,
        `slot ${n} fx ${k + 1}`,
        async () => (await host.loadEffect(n, saved.plugin, saved.name)).entry,
        () => ({ slot: n, insert: s.inserts.filter((e) => !e.missing).length - 1 }),
        (e) => s.inserts.push(e),
        report,
      );
    }
    const gain = mixerValue(raw.gain, 'gain', `slot ${n} gain`, report);
    if (typeof gain === 'number') host.setGain(n, gain);
    const mute = mixerValue(raw.mute, 'flag', `slot ${n} mute`, report);
    if (typeof mute === 'boolean') host.setMute(n, mute);
    const solo = mixerValue(raw.solo, 'flag', `slot ${n} solo`, report);
    if (typeof solo === 'boolean') host.setSolo(n, solo);
  }
  const master = Array.isArray(data.master) ? data.master : [];
  for (const [k, fx] of master.entries()) {
    const saved = savedPlugin(fx, `master fx ${k + 1}`, report);
    if (!saved) continue;
    await restorePlugin(
      host,
      saved,
      `master fx ${k + 1}`,
      async () => (await host.loadEffect('master', saved.plugin, saved.name)).entry,
      () => ({ master: host.master.filter((e) => !e.missing).length - 1 }),
      (e) => host.master.push(e),
      report,
    );
  }
  const mg = mixerValue(data.masterGain, 'gain', 'masterGain', report);
  if (typeof mg === 'number') host.setMasterGain(mg);
  if (isObj(data.routing)) {
    for (const [ch, slot] of Object.entries(data.routing)) {
      const c = Number(ch);
      if (!Number.isInteger(c) || c < 1 || c > 16 || typeof slot !== 'number' || !Number.isInteger(slot) || slot < 1 || slot > 8) {
        report.skipped.push({ where: `routing "${ch}"`, reason: `needs channel 1-16 → slot 1-8, got ${JSON.stringify(slot)}` });
        continue;
      }
      host.route(c, slot);
    }
  } else if (data.routing !== undefined) report.skipped.push({ where: 'routing', reason: 'not an object' });
  if (typeof data.bpm === 'number' && data.bpm >= 20 && data.bpm <= 999) host.setTempo(data.bpm);
  else if (data.bpm !== undefined) report.skipped.push({ where: 'bpm', reason: `${JSON.stringify(data.bpm)} is not a tempo 20-999` });
  return report;
}
