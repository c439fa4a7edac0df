# The DIN MIDI output to the vintage synth (busio.UART at 31 250 baud). Every message is written whole from one
# preallocated 3-byte buffer, without running status (some early MIDI implementations mishandle it, and a whole
# message per write keeps each UART write self-contained). Sounding notes are tracked so a Stop sends only the
# note-offs it needs (PROTOCOL.md §5.4).
from arp.constants import CC_ALL_NOTES_OFF


def check_channel(channel):
    """The DIN channel as printed on hardware, 1-16 (PROTOCOL.md §5.6)."""
    if not isinstance(channel, int) or isinstance(channel, bool) or channel < 1 or channel > 16:
        raise ValueError("din_channel must be an integer 1-16, got %r" % (channel,))
    return channel


class DinOut:
    def __init__(self, uart, channel=1):
        self._uart = uart
        self._msg = bytearray(3)
        self._sounding = bytearray(128)
        self._n_sounding = 0
        self._nibble = check_channel(channel) - 1

    @property
    def channel(self):
        return self._nibble + 1

    @channel.setter
    def channel(self, channel):
        """Changing the channel while notes sound releases them on the old channel first."""
        nibble = check_channel(channel) - 1
        if nibble != self._nibble and self._n_sounding > 0:
            self.release_all()
        self._nibble = nibble

    @property
    def sounding(self):
        """Number of notes switched on and not yet off."""
        return self._n_sounding

    def note_on(self, note, velocity):
        # A note-on with velocity 0 is a note-off by MIDI 1.0; the synth will treat it so, and so does the tracking.
        self._send(0x90, note, velocity)
        self._mark(note, 1 if velocity > 0 else 0)

    def note_off(self, note, velocity):
        self._send(0x80, note, velocity)
        self._mark(note, 0)

    def release_all(self):
        """Note-off (velocity 0) for every sounding note, lowest first, then CC 123 All Notes Off."""
        note = 0
        while self._n_sounding > 0 and note < 128:
            if self._sounding[note]:
                self.note_off(note, 0)
            note += 1
        self._send(0xB0, CC_ALL_NOTES_OFF, 0)

    def _mark(self, note, on):
        if self._sounding[note] != on:
            self._sounding[note] = on
            self._n_sounding += 1 if on else -1

    def _send(self, kind, d0, d1):
        msg = self._msg
        msg[0] = kind | self._nibble
        msg[1] = d0
        msg[2] = d1
        self._uart.write(msg)
