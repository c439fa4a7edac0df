// The session file (human-readable JSON, schema version 1). What is saved follows the seed: instruments and effects
// (source, name, full state, readable parameter values), per-slot gain/mute/solo, master gain, MIDI routing and the
// tempo. Not saved: the audio device, MIDI port connections, whether Link was on.

export const SESSION_SCHEMA = 'linkvst-session';
export const SESSION_VERSION = 1;

export interface SavedPlugin {
  /** .vst3/.lv2 path or LV2 URI */
  plugin: string;
  name: string;
  /** the plugin's full state, base64 (restores the exact sound) */
  state?: string;
  /** readable parameter values (native units), for people reading the file; the state wins on restore */
  parameters?: Record<string, number>;
}

export interface SavedSlot {
  slot: number;
  instrument?: SavedPlugin;
  inserts: SavedPlugin[];
  gain: number;
  mute: boolean;
  solo: boolean;
}

export interface SessionFile {
  schema: typeof SESSION_SCHEMA;
  version: number;
  savedAt: string;
  bpm: number;
  masterGain: number;
  slots: SavedSlot[];
  master: SavedPlugin[];
  /** MIDI channel (1-16, as text) → slot (1-8) */
  routing: Record<string, number>;
}
