// Numbers of the wire format, each written once (PROTOCOL.md). Reverse tables are derived, never written twice.
import type { Division, Pattern, StatusCode } from './types.js';

/** MIDI manufacturer ID "non-commercial / educational" (PROTOCOL.md §3). */
export const MANUFACTURER_ID = 0x7d;
export const SYSEX_START = 0xf0;
export const SYSEX_END = 0xf7;

/** Arp SysEx command bytes (PROTOCOL.md §3). */
export type ArpSysExKind = 'LoadBuffer' | 'CalibrationAck' | 'Status' | 'AppendBuffer' | 'StatusRequest' | 'PlaybackStarted' | 'CalibrationTiming';
export const SYSEX_COMMAND: Record<ArpSysExKind, number> = {
  LoadBuffer: 0x01,
  CalibrationAck: 0x02,
  Status: 0x03,
  AppendBuffer: 0x04,
  StatusRequest: 0x05,
  PlaybackStarted: 0x06,
  CalibrationTiming: 0x07,
};
export const SYSEX_KIND_BY_COMMAND = invert(SYSEX_COMMAND);

/** CC numbers of the Vintage Mode commands (PROTOCOL.md §2). */
export type CommandKind =
  | 'Pattern'
  | 'Division'
  | 'OctaveRange'
  | 'Latch'
  | 'StartPlayback'
  | 'StopPlayback'
  | 'EnterVintageMode'
  | 'ExitVintageMode'
  | 'Calibrate';
export const COMMAND_CC: Record<CommandKind, number> = {
  Pattern: 20,
  Division: 21,
  OctaveRange: 22,
  Latch: 23,
  StartPlayback: 100,
  StopPlayback: 101,
  EnterVintageMode: 102,
  ExitVintageMode: 103,
  Calibrate: 104,
};
export const COMMAND_BY_CC = invert(COMMAND_CC);
/** The value hosts send with an action CC. */
export const ACTION_VALUE = 127;

export const PATTERN_VALUE: Record<Pattern, number> = { Up: 0, Down: 1, UpDown: 2, Random: 3 };
export const PATTERN_BY_VALUE = invert(PATTERN_VALUE);
export const DIVISION_VALUE: Record<Division, number> = { '1/4': 0, '1/8': 1, '1/16': 2 };
export const DIVISION_BY_VALUE = invert(DIVISION_VALUE);
/** Largest stored value of each setting CC; the firmware stores min(value, max). */
export const SETTING_MAX = { Pattern: 3, Division: 2, OctaveRange: 3 } as const;

/** Status codes (PROTOCOL.md §4.1). */
export const STATUS_CODE_VALUE: Record<StatusCode, number> = {
  Ok: 0,
  Malformed: 1,
  TooManyEvents: 2,
  NotInVintageMode: 3,
  OutOfOrder: 4,
  BufferEmpty: 5,
  Busy: 6,
};
export const STATUS_CODE_BY_VALUE = invert(STATUS_CODE_VALUE);

/** Status flag bits (PROTOCOL.md §4.2). */
export const FLAG_BIT = { vintage: 1, playing: 2, latch: 4, calibrating: 8 } as const;

/** Buffer capacity in events (PROTOCOL.md §3.1). */
export const MAX_EVENTS = 1000;
/** Bytes per event on the wire. */
export const EVENT_BYTES = 7;
/** Header bytes of a Load/Append: F0 7D cmd nH nL; plus F7 at the end. */
export const BUFFER_OVERHEAD = 6;
/** 2^28: timestamps are sent modulo this (PROTOCOL.md §3). */
export const U28_MODULUS = 0x10000000;
export const U28_MAX = U28_MODULUS - 1;
/** The largest forward step between consecutive events (exclusive), 2^27 µs (PROTOCOL.md §3.2). */
export const MAX_EVENT_GAP_US = U28_MODULUS / 2;
/** Status checksum modulus (PROTOCOL.md §4.3). */
export const SUM_MODULUS = 16384;
/** Length of a Status message. */
export const STATUS_LENGTH = 15;

/** Universal Device Inquiry (PROTOCOL.md §4.5). */
export const UNIVERSAL_NON_REALTIME = 0x7e;
export const ALL_CALL_DEVICE_ID = 0x7f;
export const GENERAL_INFORMATION = 0x06;
export const IDENTITY_REQUEST = 0x01;
export const IDENTITY_REPLY = 0x02;
export const ARP_FAMILY = 0x0001;
export const ARP_MODEL = 0x0001;
export const ARP_VERSION: readonly [number, number, number, number] = [1, 0, 0, 0];

/** Calibration: the test note and its length (PROTOCOL.md §5.5). */
export const CALIBRATION_NOTE = 60;
export const CALIBRATION_VELOCITY = 127;
export const CALIBRATION_NOTE_US = 100_000;
/** CC 123, All Notes Off, sent after a Stop (PROTOCOL.md §5.4). */
export const ALL_NOTES_OFF_CC = 123;

function invert<K extends string>(table: Record<K, number>): ReadonlyMap<number, K> {
  const out = new Map<number, K>();
  for (const key of Object.keys(table) as K[]) out.set(table[key], key);
  return out;
}
