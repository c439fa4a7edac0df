// @vcpi/protocol: the Arp's Vintage Mode wire protocol (PROTOCOL.md). No runtime dependencies, no Node APIs.
export type * from './types.js';
export type * from './messages.js';
export type { MidiMessage, InvalidMessage, RealTimeType, ChannelType } from './midi-message.js';
export { REALTIME_STATUS, CHANNEL_STATUS } from './midi-message.js';
export * from './constants.js';
export { ProtocolError, type ProtocolErrorCode } from './errors.js';
export { toHex, fromHex } from './bytes.js';
export { wrapU28, diffU28, signedDiffU28, unwrapU28 } from './time.js';
export { encodeCommand, decodeCommand, commands, type CommandType } from './cc-commands.js';
export {
  encodeLoadBuffer,
  encodeAppendBuffer,
  decodeBufferMessage,
  eventSum,
  byteSum,
  findOrderViolation,
  bufferMessageLength,
  type BufferKind,
} from './buffer-message.js';
export { encodeCalibrationTiming, decodeCalibrationTiming } from './calibration-timing.js';
export { encodeCalibrationAck, decodeCalibrationAck, encodePlaybackStarted, decodePlaybackStarted } from './timestamp-messages.js';
export { encodeStatus, decodeStatus, encodeStatusRequest, decodeStatusRequest, flagsToByte, flagsFromByte } from './status-message.js';
export {
  encodeIdentityRequest,
  decodeIdentityRequest,
  encodeIdentityReply,
  decodeIdentityReply,
  isArpIdentity,
  ARP_IDENTITY,
} from './identity.js';
export { encode, decode, interpret, isArpSysEx, statusCodeForError, type InvalidArpMessage } from './codec.js';
export { MidiStreamDecoder, type StreamDecoderOptions } from './stream-decoder.js';
export { ArpStreamDecoder, type ArpStreamMessage } from './arp-stream-decoder.js';
export {
  buildBuffer,
  eventsFromNotes,
  chunkEvents,
  type PerformanceNote,
  type BuildOptions,
  type BufferChunk,
  type BuiltBuffer,
} from './buffer-builder.js';
