// The Akai MIDI Mix's factory assignments (the seed's mapping table), channel 1. Strip n = slot n.

export const MIDI_MIX_CHANNEL = 1;
/** Channel faders, strips 1-8. */
export const FADER_CC = [19, 23, 27, 31, 49, 53, 57, 61] as const;
export const MASTER_FADER_CC = 62;
/** Knob rows (high, mid, low) per strip. */
export const KNOB_CC = [
  [16, 17, 18],
  [20, 21, 22],
  [24, 25, 26],
  [28, 29, 30],
  [46, 47, 48],
  [50, 51, 52],
  [54, 55, 56],
  [58, 59, 60],
] as const;
/** MUTE buttons (notes) → toggle mute; their LEDs show mute. */
export const MUTE_NOTE = [1, 4, 7, 10, 13, 16, 19, 22] as const;
/** REC ARM buttons (notes) → toggle solo (repurposed); their LEDs show solo. */
export const REC_ARM_NOTE = [3, 6, 9, 12, 15, 18, 21, 24] as const;

export type MixControl =
  | { kind: 'fader'; slot: number }
  | { kind: 'master' }
  | { kind: 'knob'; slot: number; row: 0 | 1 | 2 }
  | { kind: 'mute'; slot: number }
  | { kind: 'solo'; slot: number };

const CC = new Map<number, MixControl>();
FADER_CC.forEach((cc, i) => CC.set(cc, { kind: 'fader', slot: i + 1 }));
CC.set(MASTER_FADER_CC, { kind: 'master' });
KNOB_CC.forEach((row, i) => row.forEach((cc, r) => CC.set(cc, { kind: 'knob', slot: i + 1, row: r as 0 | 1 | 2 })));
const NOTE = new Map<number, MixControl>();
MUTE_NOTE.forEach((n, i) => NOTE.set(n, { kind: 'mute', slot: i + 1 }));
REC_ARM_NOTE.forEach((n, i) => NOTE.set(n, { kind: 'solo', slot: i + 1 }));

export const controlForCc = (cc: number): MixControl | undefined => CC.get(cc);
export const controlForNote = (note: number): MixControl | undefined => NOTE.get(note);
/** Every continuous control's CC: what SEND ALL sends. */
export const ALL_CONTINUOUS_CC: readonly number[] = [...CC.keys()];
