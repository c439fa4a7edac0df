# What the Arp sends back over USB (PROTOCOL.md §3.3, §3.4, §4.3, §4.5), built in preallocated buffers.
from arp.constants import (
    CMD_ACK,
    CMD_STARTED,
    CMD_STATUS,
    MANUFACTURER_ID,
    MAX_EVENTS,
)

# Universal Device Inquiry reply (PROTOCOL.md §4.5): manufacturer 7D, family 1, model 1 (LSB first), version 1.0.0.0.
IDENTITY_REPLY = bytes((0xF0, 0x7E, 0x7F, 0x06, 0x02, MANUFACTURER_ID, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0xF7))


class Replies:
    def __init__(self, usb_out):
        self._out = usb_out
        self._status = bytearray((0xF0, MANUFACTURER_ID, CMD_STATUS, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF7))
        self._ack = bytearray((0xF0, MANUFACTURER_ID, CMD_ACK, 0, 0, 0, 0, 0xF7))
        self._started = bytearray((0xF0, MANUFACTURER_ID, CMD_STARTED, 0, 0, 0, 0, 0xF7))

    def status(self, code, flags, pattern, division, octaves, count, event_sum):
        """F0 7D 03 code flags pattern division octaves cH cL fH fL sH sL F7, 15 bytes (PROTOCOL.md §4.3)."""
        s = self._status
        free = MAX_EVENTS - count
        s[3] = code
        s[4] = flags
        s[5] = pattern
        s[6] = division
        s[7] = octaves
        s[8] = count >> 7
        s[9] = count & 0x7F
        s[10] = free >> 7
        s[11] = free & 0x7F
        s[12] = event_sum >> 7
        s[13] = event_sum & 0x7F
        self._out.write(s)

    def ack(self, time_us):
        """F0 7D 02 t3 t2 t1 t0 F7: the u28 time the Calibrate was received (PROTOCOL.md §3.3)."""
        self._timestamp(self._ack, time_us)

    def started(self, time_us):
        """F0 7D 06 t3 t2 t1 t0 F7: the u28 time playback started, t = 0 of the take (PROTOCOL.md §3.4)."""
        self._timestamp(self._started, time_us)

    def _timestamp(self, m, time_us):
        m[3] = (time_us >> 21) & 0x7F
        m[4] = (time_us >> 14) & 0x7F
        m[5] = (time_us >> 7) & 0x7F
        m[6] = time_us & 0x7F
        self._out.write(m)

    def identity(self):
        self._out.write(IDENTITY_REPLY)
