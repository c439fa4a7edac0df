// Bytes in, Vintage Mode messages out: the streaming MIDI decoder (PROTOCOL.md §7) followed by `interpret`.
import { interpret, type InvalidArpMessage } from './codec.js';
import type { DecodedArpMessage } from './messages.js';
import type { MidiMessage } from './midi-message.js';
import { MidiStreamDecoder, type StreamDecoderOptions } from './stream-decoder.js';

/** A Vintage Mode message, an Arp SysEx that does not decode, or any other MIDI message (clock, notes, …). */
export type ArpStreamMessage = DecodedArpMessage | InvalidArpMessage | MidiMessage;

export class ArpStreamDecoder {
  private readonly midi: MidiStreamDecoder;

  constructor(options: StreamDecoderOptions = {}) {
    this.midi = new MidiStreamDecoder(options);
  }

  /** Feeds bytes; returns the messages they complete, in stream order. Never throws. */
  push(chunk: Uint8Array | readonly number[]): ArpStreamMessage[] {
    return this.midi.push(chunk).map((m) => interpret(m) ?? m);
  }

  end(): ArpStreamMessage[] {
    return this.midi.end().map((m) => interpret(m) ?? m);
  }

  reset(): void {
    this.midi.reset();
  }
}
