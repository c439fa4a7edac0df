// Value types of the Vintage Mode protocol (PROTOCOL.md). Numbers are plain `number`s at run time; the aliases say
// which range a field has, and the codecs check it.

/** 0-127: a MIDI data byte. */
export type U7 = number;
/** 0-16383: two 7-bit bytes. */
export type U14 = number;
/** 0-268 435 455: four 7-bit bytes (PROTOCOL.md §3.1). */
export type U28 = number;
/** MIDI channel as printed on hardware, 1-16. */
export type Channel = number;

/** Arpeggiator pattern, CC 20 (PROTOCOL.md §2). */
export type Pattern = 'Up' | 'Down' | 'UpDown' | 'Random';
/** Clock division, CC 21. */
export type Division = '1/4' | '1/8' | '1/16';
/** Octave range, CC 22: 1-4 octaves (wire values 0-3). */
export type OctaveRange = 1 | 2 | 3 | 4;

/** Status codes (PROTOCOL.md §4.1). */
export type StatusCode = 'Ok' | 'Malformed' | 'TooManyEvents' | 'NotInVintageMode' | 'OutOfOrder' | 'BufferEmpty' | 'Busy';

/** One event of an Arp buffer (PROTOCOL.md §3.1). */
export interface BufferEvent {
  /** Microseconds from playback start (mod 2^28 on the wire for Appends). */
  timeUs: U28;
  note: U7;
  velocity: U7;
  /** true: note-on, false: note-off. */
  on: boolean;
}

/** Status flags (PROTOCOL.md §4.2). */
export interface StatusFlags {
  vintage: boolean;
  playing: boolean;
  latch: boolean;
  calibrating: boolean;
}
