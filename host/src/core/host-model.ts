// What the host knows about its slots beyond the engine: names the user gave, where each plugin came from, and
// plugins a restored session named that could not be loaded (kept, so saving again does not lose them).
import type { PluginSummary } from '../native/engine.js';
import type { SavedPlugin } from '../session/session-schema.js';

export interface PluginEntry {
  /** what the user loaded: a .vst3/.lv2 path (absolute) or an LV2 URI */
  plugin: string;
  /** the name the user gave, or the plugin's own */
  name: string;
  /** what the engine reports; undefined while missing */
  summary: PluginSummary | undefined;
  /** set when a session named this plugin but it could not be loaded: why, and what the session held */
  missing?: { reason: string; saved: SavedPlugin };
}

export interface SlotModel {
  slot: number;
  /** the slot's name: the instrument's given name */
  instrument: PluginEntry | undefined;
  inserts: PluginEntry[];
  gain: number;
  mute: boolean;
  solo: boolean;
}

export function emptySlot(slot: number): SlotModel {
  return { slot, instrument: undefined, inserts: [], gain: 1, mute: false, solo: false };
}

/** Engine index of the model's chain entry `i` (missing entries are not in the engine). */
export function engineIndex(chain: readonly PluginEntry[], i: number): number {
  let n = 0;
  for (let k = 0; k < i; k++) if (!(chain[k] as PluginEntry).missing) n++;
  return n;
}
