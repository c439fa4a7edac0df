# Streaming MIDI 1.0 parser for bytes as usb_midi delivers them (PROTOCOL.md §7). It follows the same rules as the
# protocol library's MidiStreamDecoder (protocol/src/stream-decoder.ts), reason texts included; the scenario vectors
# and the differential test (arp-firmware-sim/test/firmware-parity.test.ts) check that they agree.
#
# Why not adafruit_midi: it drops a SysEx that spans two read()s (a 64-byte USB packet carries at most 48 SysEx
# bytes, so every buffer spans many), it drops running status, and a clock byte inside a SysEx kills the message.
#
# Allocation: valid traffic allocates nothing. The SysEx is collected in one preallocated bytearray and handed to the
# sink as (buffer, length); channel and system common messages are handed over as small ints. Only the report of
# invalid input builds a string and a bytes object.

MAX_STRAY_KEPT = 64
DEFAULT_MAX_SYSEX = 8192

_CHANNEL_NAMES = ("NoteOff", "NoteOn", "PolyPressure", "ControlChange", "ProgramChange", "ChannelPressure", "PitchBend")


def _hex(b):
    return "0x%02X" % b


def data_length(status):
    """Data bytes after a channel or system common status byte; -1 for SysEx, real-time and undefined ones."""
    if status < 0xF0:
        return 1 if 0xC0 <= status < 0xE0 else 2
    if status == 0xF1 or status == 0xF3:
        return 1
    if status == 0xF2:
        return 2
    if status == 0xF6:
        return 0
    return -1


def _status_name(status):
    if status < 0xF0:
        return _CHANNEL_NAMES[(status >> 4) - 8]
    if status == 0xF1:
        return "MtcQuarterFrame"
    return "SongPosition" if status == 0xF2 else "SongSelect"


class MidiStream:
    """Decodes a MIDI byte stream fed in chunks of any size. Never raises on any bytes.

    The sink receives:
      on_message(status, d0, d1)  channel messages (status byte with its channel) and system common F1/F2/F3/F6;
                                  d1 is 0 for one-data-byte messages, d0 and d1 are 0 for F6
      on_realtime(byte)           F8 FA FB FC FE FF, at once, wherever they appear
      on_sysex(buffer, length)    a whole SysEx, F0 ... F7, in buffer[0:length]; valid until the next feed()
      on_invalid(reason, data)    bytes that are not a message (data: bytes), the reason as the TS decoder words it
    """

    def __init__(self, sink, max_sysex=DEFAULT_MAX_SYSEX):
        if not isinstance(max_sysex, int) or max_sysex < 2:
            raise ValueError("MidiStream: max_sysex must be an integer >= 2, got %r" % (max_sysex,))
        self._sink = sink
        self._max = max_sysex
        self._sysex = bytearray(max_sysex)
        self._sysex_len = 0
        self._in_sysex = False
        self._overflow = False
        # Running status (channel) or the pending system common status; 0 when none.
        self._status = 0
        # Whether _status came in this message (not running status): decides what an interrupted message reports.
        self._explicit = False
        self._need = 0
        self._have = 0
        self._d0 = 0
        self._d1 = 0
        self._stray_count = 0
        self._stray = bytearray(MAX_STRAY_KEPT)

    def feed(self, buf, n=-1):
        """Feeds buf[0:n] (all of buf when n < 0)."""
        if n < 0:
            n = len(buf)
        i = 0
        while i < n:
            b = buf[i]
            i += 1
            if b >= 0xF8:
                self._realtime(b)
            elif b >= 0x80:
                self._status_byte(b)
            elif self._in_sysex:
                if self._overflow:
                    continue
                # Room must remain for the closing F7 within the limit.
                if self._sysex_len + 2 > self._max:
                    self._overflow = True
                    self._sink.on_invalid(
                        "SysEx exceeds %d bytes; the rest up to F7 is discarded" % self._max,
                        bytes(self._sysex[0:self._sysex_len]),
                    )
                    continue
                self._sysex[self._sysex_len] = b
                self._sysex_len += 1
            elif self._status == 0:
                if self._stray_count < MAX_STRAY_KEPT:
                    self._stray[self._stray_count] = b
                self._stray_count += 1
            else:
                if self._have == 0:
                    self._d0 = b
                else:
                    self._d1 = b
                self._have += 1
                if self._have == self._need:
                    self._complete()

    def end(self):
        """Ends the stream: reports whatever is incomplete and resets the running status."""
        self._flush_stray()
        if self._in_sysex and not self._overflow:
            self._sink.on_invalid("unterminated SysEx at end of input", bytes(self._sysex[0:self._sysex_len]))
        self._in_sysex = False
        self._interrupt("end of input")
        self._status = 0

    def reset(self):
        """Forgets all state (as after a reconnect)."""
        self._in_sysex = False
        self._overflow = False
        self._sysex_len = 0
        self._status = 0
        self._explicit = False
        self._have = 0
        self._stray_count = 0

    def _realtime(self, b):
        self._flush_stray()
        if b == 0xF9 or b == 0xFD:
            self._sink.on_invalid("undefined real-time status " + _hex(b), bytes((b,)))
        else:
            self._sink.on_realtime(b)

    def _status_byte(self, b):
        self._flush_stray()
        if self._in_sysex:
            if b == 0xF7:
                self._in_sysex = False
                if not self._overflow:
                    self._sysex[self._sysex_len] = 0xF7
                    self._sysex_len += 1
                    self._sink.on_sysex(self._sysex, self._sysex_len)
                return
            self._in_sysex = False
            if not self._overflow:
                self._sink.on_invalid("unterminated SysEx cut by status " + _hex(b), bytes(self._sysex[0:self._sysex_len]))
        elif self._pending():
            self._interrupt("status " + _hex(b))
        if b < 0xF0:
            self._status = b
            self._explicit = True
            self._need = data_length(b)
            self._have = 0
            return
        # System common cancels running status (PROTOCOL.md §7.1).
        self._status = 0
        self._have = 0
        if b == 0xF0:
            self._in_sysex = True
            self._overflow = False
            self._sysex[0] = 0xF0
            self._sysex_len = 1
        elif b == 0xF7:
            self._sink.on_invalid("F7 (end of SysEx) without a SysEx", bytes((b,)))
        elif b == 0xF6:
            self._sink.on_message(0xF6, 0, 0)
        elif b == 0xF1 or b == 0xF2 or b == 0xF3:
            self._status = b
            self._explicit = True
            self._need = data_length(b)
        else:
            self._sink.on_invalid("undefined system common status " + _hex(b), bytes((b,)))

    def _pending(self):
        # An incomplete message to report when interrupted (checked before building the reason text, which allocates).
        return self._status != 0 and (self._have != 0 or self._explicit)

    def _interrupt(self, by):
        """A status byte (or the end) arrived while a channel/common message was incomplete."""
        if not self._pending():
            return
        data = bytearray()
        if self._explicit:
            data.append(self._status)
        if self._have > 0:
            data.append(self._d0)
        self._sink.on_invalid(
            "incomplete %s: expected %d data bytes, got %d before %s" % (_status_name(self._status), self._need, self._have, by),
            bytes(data),
        )
        self._have = 0
        self._explicit = False

    def _flush_stray(self):
        n = self._stray_count
        if n == 0:
            return
        kept = n if n < MAX_STRAY_KEPT else MAX_STRAY_KEPT
        reason = "stray data byte (no running status)" if n == 1 else "%d stray data bytes (no running status)" % n
        self._stray_count = 0
        self._sink.on_invalid(reason, bytes(self._stray[0:kept]))

    def _complete(self):
        s = self._status
        d0 = self._d0
        d1 = self._d1 if self._need == 2 else 0
        self._have = 0
        self._explicit = False
        if s >= 0xF0:
            self._status = 0
        self._sink.on_message(s, d0, d1)
