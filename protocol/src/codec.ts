// One entry point per direction: encode any Vintage Mode message, strictly decode one, interpret a decoded MIDI
// message as a Vintage Mode message (PROTOCOL.md §2-§4).
import { decodeBufferMessage, encodeAppendBuffer, encodeLoadBuffer } from './buffer-message.js';
import { decodeCalibrationTiming, encodeCalibrationTiming } from './calibration-timing.js';
import { decodeCalibrationAck, decodePlaybackStarted, encodeCalibrationAck, encodePlaybackStarted } from './timestamp-messages.js';
import { decodeCommand, encodeCommand } from './cc-commands.js';
import { describe, readU7 } from './bytes.js';
import {
  GENERAL_INFORMATION,
  IDENTITY_REPLY,
  IDENTITY_REQUEST,
  MANUFACTURER_ID,
  SYSEX_KIND_BY_COMMAND,
  SYSEX_START,
  UNIVERSAL_NON_REALTIME,
} from './constants.js';
import { ProtocolError, hex, type ProtocolErrorCode } from './errors.js';
import { decodeIdentityReply, decodeIdentityRequest, encodeIdentityReply, encodeIdentityRequest } from './identity.js';
import type { ArpMessage, DecodedArpMessage } from './messages.js';
import type { MidiMessage } from './midi-message.js';
import { decodeStatus, decodeStatusRequest, encodeStatus, encodeStatusRequest } from './status-message.js';
import type { StatusCode } from './types.js';

/**
 * Encodes any Vintage Mode message to its bytes.
 * @throws ProtocolError INVALID_ARGUMENT (and the buffer encoders' codes) naming the field and value
 */
export function encode(msg: ArpMessage): Uint8Array {
  if (typeof msg !== 'object' || msg === null) throw new ProtocolError('INVALID_ARGUMENT', `encode: expected a message object, got ${describe(msg)}`);
  switch (msg.type) {
    case 'LoadBuffer':
      return encodeLoadBuffer(msg.events);
    case 'AppendBuffer':
      return encodeAppendBuffer(msg.events);
    case 'CalibrationAck':
      return encodeCalibrationAck(msg.timeUs);
    case 'PlaybackStarted':
      return encodePlaybackStarted(msg.timeUs);
    case 'CalibrationTiming':
      return encodeCalibrationTiming(msg);
    case 'Status':
      return encodeStatus(msg);
    case 'StatusRequest':
      return encodeStatusRequest();
    case 'IdentityRequest':
      return encodeIdentityRequest(msg.deviceId);
    case 'IdentityReply':
      return encodeIdentityReply(msg);
    default:
      return encodeCommand(msg);
  }
}

/**
 * Strictly decodes exactly one Vintage Mode message (a 3-byte CC command or a whole SysEx).
 * @throws ProtocolError: NOT_ARP_MESSAGE for valid MIDI that is not one, and the field-level codes otherwise
 */
export function decode(bytes: Uint8Array): DecodedArpMessage {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', `decode: expected a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length === 0) throw new ProtocolError('EMPTY', 'decode: no bytes');
  const first = bytes[0] as number;
  if (first === SYSEX_START) return decodeSysEx(bytes);
  if ((first & 0xf0) === 0xb0) {
    if (bytes.length !== 3) throw new ProtocolError('BAD_LENGTH', `decode: a Control Change is 3 bytes, got ${bytes.length}`);
    const controller = readU7(bytes, 1, 'decode', 'controller');
    const value = readU7(bytes, 2, 'decode', 'value');
    const cmd = decodeCommand((first & 0x0f) + 1, controller, value);
    if (!cmd) throw new ProtocolError('NOT_ARP_MESSAGE', `decode: CC ${controller} is not a Vintage Mode command`, 1);
    return cmd;
  }
  throw new ProtocolError('NOT_ARP_MESSAGE', `decode: status ${hex(first)} does not start a Vintage Mode message`, 0);
}

function decodeSysEx(bytes: Uint8Array): DecodedArpMessage {
  const id = bytes[1];
  if (id === MANUFACTURER_ID) {
    const kind = SYSEX_KIND_BY_COMMAND.get(bytes[2] ?? -1);
    switch (kind) {
      case 'LoadBuffer':
      case 'AppendBuffer':
        return decodeBufferMessage(bytes, kind);
      case 'CalibrationAck':
        return decodeCalibrationAck(bytes);
      case 'PlaybackStarted':
        return decodePlaybackStarted(bytes);
      case 'CalibrationTiming':
        return decodeCalibrationTiming(bytes);
      case 'Status':
        return decodeStatus(bytes);
      case 'StatusRequest':
        return decodeStatusRequest(bytes);
      default:
        throw new ProtocolError('UNKNOWN_COMMAND', `decode: Arp SysEx command ${hex(bytes[2] ?? 0)} is not defined in v1`, 2);
    }
  }
  if (id === UNIVERSAL_NON_REALTIME && bytes[3] === GENERAL_INFORMATION) {
    if (bytes[4] === IDENTITY_REQUEST) return decodeIdentityRequest(bytes);
    if (bytes[4] === IDENTITY_REPLY) return decodeIdentityReply(bytes);
  }
  throw new ProtocolError('NOT_ARP_MESSAGE', `decode: SysEx with ID ${hex(id ?? 0)} is not a Vintage Mode message`, 1);
}

/** An Arp message that arrived but does not decode, with the decoder's reason and code. */
export interface InvalidArpMessage {
  type: 'Invalid';
  bytes: Uint8Array;
  reason: string;
  code: ProtocolErrorCode;
}

/** True when a SysEx is addressed to the Vintage Mode protocol (so a decode failure is worth reporting). */
export function isArpSysEx(bytes: Uint8Array): boolean {
  if (bytes[1] === MANUFACTURER_ID) return true;
  return bytes[1] === UNIVERSAL_NON_REALTIME && bytes[3] === GENERAL_INFORMATION && (bytes[4] === IDENTITY_REQUEST || bytes[4] === IDENTITY_REPLY);
}

/**
 * Interprets a message from the streaming decoder: a Vintage Mode message, an InvalidArpMessage for an Arp SysEx
 * that does not decode, or undefined for any other MIDI. Never throws.
 */
export function interpret(m: MidiMessage): DecodedArpMessage | InvalidArpMessage | undefined {
  if (m.type === 'ControlChange') return decodeCommand(m.channel, m.controller, m.value);
  if (m.type !== 'SysEx' || !isArpSysEx(m.bytes)) return undefined;
  try {
    return decodeSysEx(m.bytes);
  } catch (err) {
    if (err instanceof ProtocolError) return { type: 'Invalid', bytes: m.bytes, reason: err.message, code: err.code };
    throw err;
  }
}

/** The Status code the Arp answers for a refused Load/Append (PROTOCOL.md §4.1). */
export function statusCodeForError(code: ProtocolErrorCode): StatusCode {
  if (code === 'TOO_MANY_EVENTS') return 'TooManyEvents';
  if (code === 'OUT_OF_ORDER') return 'OutOfOrder';
  return 'Malformed';
}
