// Generic MIDI 1.0 messages as the streaming decoder yields them (PROTOCOL.md §7). Channels are 1-16.
import type { Channel, U14, U7 } from './types.js';

export type MidiMessage =
  | { type: 'NoteOff'; channel: Channel; note: U7; velocity: U7 }
  | { type: 'NoteOn'; channel: Channel; note: U7; velocity: U7 }
  | { type: 'PolyPressure'; channel: Channel; note: U7; pressure: U7 }
  | { type: 'ControlChange'; channel: Channel; controller: U7; value: U7 }
  | { type: 'ProgramChange'; channel: Channel; program: U7 }
  | { type: 'ChannelPressure'; channel: Channel; pressure: U7 }
  /** value 0-16383, 8192 = centre */
  | { type: 'PitchBend'; channel: Channel; value: U14 }
  /** the whole message, F0 … F7 */
  | { type: 'SysEx'; bytes: Uint8Array }
  | { type: 'MtcQuarterFrame'; value: U7 }
  | { type: 'SongPosition'; beats: U14 }
  | { type: 'SongSelect'; song: U7 }
  | { type: 'TuneRequest' }
  | { type: 'Clock' }
  | { type: 'Start' }
  | { type: 'Continue' }
  | { type: 'Stop' }
  | { type: 'ActiveSensing' }
  | { type: 'Reset' }
  | InvalidMessage;

/** Bytes that are not a valid message, and why (PROTOCOL.md §7). */
export interface InvalidMessage {
  type: 'Invalid';
  bytes: Uint8Array;
  reason: string;
}

export type RealTimeType = 'Clock' | 'Start' | 'Continue' | 'Stop' | 'ActiveSensing' | 'Reset';
export const REALTIME_STATUS: Record<RealTimeType, number> = {
  Clock: 0xf8,
  Start: 0xfa,
  Continue: 0xfb,
  Stop: 0xfc,
  ActiveSensing: 0xfe,
  Reset: 0xff,
};

/** Status nibble of each channel message type, and its number of data bytes. */
export type ChannelType = 'NoteOff' | 'NoteOn' | 'PolyPressure' | 'ControlChange' | 'ProgramChange' | 'ChannelPressure' | 'PitchBend';
export const CHANNEL_STATUS: Record<ChannelType, number> = {
  NoteOff: 0x80,
  NoteOn: 0x90,
  PolyPressure: 0xa0,
  ControlChange: 0xb0,
  ProgramChange: 0xc0,
  ChannelPressure: 0xd0,
  PitchBend: 0xe0,
};

/** Number of data bytes that follow a status byte (channel and system common); -1 for SysEx/real-time/undefined. */
export function dataLength(status: number): number {
  if (status < 0xf0) return status >= 0xc0 && status < 0xe0 ? 1 : 2;
  switch (status) {
    case 0xf1:
    case 0xf3:
      return 1;
    case 0xf2:
      return 2;
    case 0xf6:
      return 0;
    default:
      return -1;
  }
}
