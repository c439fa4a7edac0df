// The one error type of the protocol library. `code` is stable: test and branch on it, not on the message.

export type ProtocolErrorCode =
  | 'INVALID_ARGUMENT' // an encoder or builder was given a value of the wrong type or range
  | 'OUT_OF_RANGE' // a decoded field is outside its range
  | 'HIGH_BIT' // a data byte ≥ 0x80 where a 7-bit byte must be
  | 'NOT_SYSEX' // the bytes do not start with F0
  | 'BAD_TERMINATOR' // the bytes do not end with F7 where they must
  | 'BAD_LENGTH' // the message is shorter or longer than its fields say
  | 'WRONG_MANUFACTURER' // a SysEx for someone else
  | 'UNKNOWN_COMMAND' // an Arp SysEx command byte this version does not know
  | 'BAD_COUNT' // event count 0
  | 'TOO_MANY_EVENTS' // event count over 1000
  | 'OUT_OF_ORDER' // events not in PROTOCOL.md §3.1/§3.2 order
  | 'GAP_TOO_LARGE' // two consecutive events ≥ 2^27 µs apart (cannot be sent modulo 2^28)
  | 'NOT_ARP_MESSAGE' // well-formed MIDI that is not a Vintage Mode message
  | 'EMPTY'; // nothing to decode

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  /** Byte offset in the message being decoded, when the error is about a byte. */
  readonly offset: number | undefined;

  constructor(code: ProtocolErrorCode, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}

export const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
