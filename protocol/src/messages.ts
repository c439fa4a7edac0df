// The Vintage Mode messages (PROTOCOL.md §2-§4) as a discriminated union on `type`.
import type { BufferEvent, Channel, Division, OctaveRange, Pattern, StatusCode, StatusFlags, U14, U28, U7 } from './types.js';

/** CC commands (PROTOCOL.md §2), as a host encodes them. */
export type ArpCommand =
  | { type: 'Pattern'; channel: Channel; pattern: Pattern }
  | { type: 'Division'; channel: Channel; division: Division }
  | { type: 'OctaveRange'; channel: Channel; octaves: OctaveRange }
  | { type: 'Latch'; channel: Channel; latch: boolean }
  | { type: 'StartPlayback'; channel: Channel }
  | { type: 'StopPlayback'; channel: Channel }
  | { type: 'EnterVintageMode'; channel: Channel }
  | { type: 'ExitVintageMode'; channel: Channel }
  | { type: 'Calibrate'; channel: Channel };

/** What a decoder adds to a CC command: the raw CC value, and whether the firmware clamps it (PROTOCOL.md §2). */
export interface CommandDecodeInfo {
  raw: U7;
  clamped: boolean;
}
export type DecodedCommand = ArpCommand & CommandDecodeInfo;

export interface LoadBuffer {
  type: 'LoadBuffer';
  events: BufferEvent[];
}
export interface AppendBuffer {
  type: 'AppendBuffer';
  events: BufferEvent[];
}
export interface CalibrationAck {
  type: 'CalibrationAck';
  /** The Arp's µs since boot, mod 2^28, when it received CC 104. */
  timeUs: U28;
}
export interface PlaybackStarted {
  type: 'PlaybackStarted';
  /** The Arp's µs since boot, mod 2^28, from which the events' times count (PROTOCOL.md §3.4). */
  timeUs: U28;
}
/** The Arp's own timing of one calibration ping (PROTOCOL.md §3.5); every time is its µs since boot, mod 2^28. */
export interface CalibrationTiming {
  type: 'CalibrationTiming';
  /** the CalibrationAck's time: when the Calibrate was handled */
  timeUs: U28;
  /** when the USB read that returned the Calibrate began */
  readUs: U28;
  /** when the last USB read before it that returned nothing began: the Calibrate arrived after this */
  emptyUs: U28;
  /** when the Arp began writing the CalibrationAck */
  ackUs: U28;
}
export interface Status {
  type: 'Status';
  code: StatusCode;
  flags: StatusFlags;
  pattern: Pattern;
  division: Division;
  octaves: OctaveRange;
  /** events buffered (PROTOCOL.md §4.3) */
  buffered: U14;
  /** free slots */
  free: U14;
  /** 14-bit sum of the event bytes of the last Load/Append received */
  sum: U14;
}
export interface StatusRequest {
  type: 'StatusRequest';
}
export interface IdentityRequest {
  type: 'IdentityRequest';
  deviceId: U7;
}
export interface IdentityReply {
  type: 'IdentityReply';
  deviceId: U7;
  /** 1-byte ID (0x01-0x7D), or 3-byte ID as 0x00xxyy */
  manufacturer: number;
  family: U14;
  model: U14;
  version: [U7, U7, U7, U7];
}

export type ArpSysExMessage = LoadBuffer | AppendBuffer | CalibrationAck | CalibrationTiming | PlaybackStarted | Status | StatusRequest | IdentityRequest | IdentityReply;

/** Every message an encoder takes. */
export type ArpMessage = ArpCommand | ArpSysExMessage;
/** Every message a decoder returns. */
export type DecodedArpMessage = DecodedCommand | ArpSysExMessage;
export type ArpMessageType = ArpMessage['type'];
