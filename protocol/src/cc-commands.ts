// CC commands (PROTOCOL.md §2): typed encoders that throw on bad input, a decoder that reports what the firmware
// will do with any value.
import { checkInt, describe } from './bytes.js';
import {
  ACTION_VALUE,
  COMMAND_BY_CC,
  COMMAND_CC,
  DIVISION_BY_VALUE,
  DIVISION_VALUE,
  PATTERN_BY_VALUE,
  PATTERN_VALUE,
  SETTING_MAX,
} from './constants.js';
import { ProtocolError } from './errors.js';
import type { ArpCommand, DecodedCommand } from './messages.js';
import type { Channel, Division, OctaveRange, Pattern, U7 } from './types.js';

export type CommandType = ArpCommand['type'];

/** The CC value an encoder sends for `cmd`. @throws ProtocolError INVALID_ARGUMENT */
function commandValue(cmd: ArpCommand, op: string): U7 {
  switch (cmd.type) {
    case 'Pattern':
      return lookup(PATTERN_VALUE, cmd.pattern, op, 'pattern');
    case 'Division':
      return lookup(DIVISION_VALUE, cmd.division, op, 'division');
    case 'OctaveRange':
      return checkInt(cmd.octaves, 1, 4, op, 'octaves') - 1;
    case 'Latch':
      if (typeof cmd.latch !== 'boolean') {
        throw new ProtocolError('INVALID_ARGUMENT', `${op}: latch must be true or false, got ${describe(cmd.latch)}`);
      }
      return cmd.latch ? 1 : 0;
    case 'StartPlayback':
    case 'StopPlayback':
    case 'EnterVintageMode':
    case 'ExitVintageMode':
    case 'Calibrate':
      return ACTION_VALUE;
  }
}

function lookup(table: Record<string, number>, key: unknown, op: string, field: string): number {
  if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key)) return table[key] as number;
  const allowed = Object.keys(table).map((k) => JSON.stringify(k)).join(', ');
  throw new ProtocolError('INVALID_ARGUMENT', `${op}: ${field} must be one of ${allowed}, got ${describe(key)}`);
}

/**
 * Encodes a CC command as 3 bytes (status, controller, value).
 * @throws ProtocolError INVALID_ARGUMENT for an unknown type, a channel outside 1-16 or a value of the wrong kind.
 */
export function encodeCommand(cmd: ArpCommand): Uint8Array {
  const op = `encode${cmd?.type ?? 'Command'}`;
  const cc = cmd && Object.prototype.hasOwnProperty.call(COMMAND_CC, cmd.type) ? COMMAND_CC[cmd.type] : undefined;
  if (cc === undefined) throw new ProtocolError('INVALID_ARGUMENT', `encodeCommand: unknown command type ${describe(cmd?.type)}`);
  const channel = checkInt(cmd.channel, 1, 16, op, 'channel');
  return Uint8Array.of(0xb0 | (channel - 1), cc, commandValue(cmd, op));
}

/** Convenience builders; `channel` defaults to 1 (PROTOCOL.md §2). */
export const commands = {
  pattern: (pattern: Pattern, channel: Channel = 1): ArpCommand => ({ type: 'Pattern', channel, pattern }),
  division: (division: Division, channel: Channel = 1): ArpCommand => ({ type: 'Division', channel, division }),
  octaveRange: (octaves: OctaveRange, channel: Channel = 1): ArpCommand => ({ type: 'OctaveRange', channel, octaves }),
  latch: (latch: boolean, channel: Channel = 1): ArpCommand => ({ type: 'Latch', channel, latch }),
  start: (channel: Channel = 1): ArpCommand => ({ type: 'StartPlayback', channel }),
  stop: (channel: Channel = 1): ArpCommand => ({ type: 'StopPlayback', channel }),
  enter: (channel: Channel = 1): ArpCommand => ({ type: 'EnterVintageMode', channel }),
  exit: (channel: Channel = 1): ArpCommand => ({ type: 'ExitVintageMode', channel }),
  calibrate: (channel: Channel = 1): ArpCommand => ({ type: 'Calibrate', channel }),
} as const;

/**
 * Interprets a Control Change as a Vintage Mode command, or returns undefined when the controller is not one
 * (PROTOCOL.md §2). Never throws for 7-bit inputs: out-of-range setting values are reported as the firmware's
 * clamped value with `clamped: true`.
 */
export function decodeCommand(channel: Channel, controller: U7, value: U7): DecodedCommand | undefined {
  const type = COMMAND_BY_CC.get(controller);
  if (type === undefined) return undefined;
  const base = { channel, raw: value };
  switch (type) {
    case 'Pattern': {
      const v = Math.min(value, SETTING_MAX.Pattern);
      return { type, ...base, pattern: PATTERN_BY_VALUE.get(v) as Pattern, clamped: v !== value };
    }
    case 'Division': {
      const v = Math.min(value, SETTING_MAX.Division);
      return { type, ...base, division: DIVISION_BY_VALUE.get(v) as Division, clamped: v !== value };
    }
    case 'OctaveRange': {
      const v = Math.min(value, SETTING_MAX.OctaveRange);
      return { type, ...base, octaves: (v + 1) as OctaveRange, clamped: v !== value };
    }
    case 'Latch':
      return { type, ...base, latch: value > 0, clamped: value > 1 };
    default:
      return { type, ...base, clamped: false };
  }
}
