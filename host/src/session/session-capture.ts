// The host → a session file.
import type { Host } from '../core/host.js';
import type { PluginEntry } from '../core/host-model.js';
import type { PluginRef } from '../native/engine.js';
import { SESSION_SCHEMA, SESSION_VERSION, type SavedPlugin, type SessionFile } from './session-schema.js';

async function savePlugin(host: Host, entry: PluginEntry, ref: PluginRef): Promise<SavedPlugin> {
  if (entry.missing) return entry.missing.saved;
  const [state, params] = await Promise.all([
    host.engineCall(() => host.engine.getState(ref)),
    host.engineCall(() => host.engine.parameters(ref)),
  ]);
  const parameters: Record<string, number> = {};
  for (const p of params) parameters[p.name] = p.value;
  return { plugin: entry.plugin, name: entry.name, state, parameters };
}

export async function captureSession(host: Host, savedAt: string): Promise<SessionFile> {
  await host.flushParameters();
  const slots = [];
  for (const s of host.slots) {
    let live = 0;
    const inserts: SavedPlugin[] = [];
    for (const fx of s.inserts) {
      inserts.push(await savePlugin(host, fx, { slot: s.slot, insert: live }));
      if (!fx.missing) live++;
    }
    slots.push({
      slot: s.slot,
      ...(s.instrument ? { instrument: await savePlugin(host, s.instrument, { slot: s.slot }) } : {}),
      inserts,
      gain: s.gain,
      mute: s.mute,
      solo: s.solo,
    });
  }
  const master: SavedPlugin[] = [];
  let live = 0;
  for (const fx of host.master) {
    master.push(await savePlugin(host, fx, { master: live }));
    if (!fx.missing) live++;
  }
  const routing: Record<string, number> = {};
  for (const r of host.routing()) routing[String(r.channel)] = r.slot;
  return { schema: SESSION_SCHEMA, version: SESSION_VERSION, savedAt, bpm: host.bpm, masterGain: host.masterGain, slots, master, routing };
}
