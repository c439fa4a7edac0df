# What the Arp sends back over USB (PROTOCOL.md §3.3-§3.5, §4.3, §4.5), built in preallocated buffers.
from arp.constants import (
    CMD_ACK,
    CMD_STARTED,
    CMD_STATUS,
    CMD_TIMING,
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
        self._timing = bytearray(20)
        self._timing[0] = 0xF0
        self._timing[1] = MANUFACTURER_ID
        self._timing[2] = CMD_TIMING
        self._timing[19] = 0xF7

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

    def timing(self, time_us, read_us, empty_us, ack_us):
        """F0 7D 07 t r e a F7, 20 bytes: the ACK's time, when the read that returned the Calibrate began, when the
        last empty read before it began, when the ACK was written; u28 each (PROTOCOL.md §3.5)."""
        m = self._timing
        _put_u28(m, 3, time_us)
        _put_u28(m, 7, read_us)
        _put_u28(m, 11, empty_us)
        _put_u28(m, 15, ack_us)
        self._out.write(m)

    def _timestamp(self, m, time_us):
        _put_u28(m, 3, time_us)
        self._out.write(m)

    def identity(self):
        self._out.write(IDENTITY_REPLY)


def _put_u28(m, i, v):
    # Four 7-bit groups, big-endian (PROTOCOL.md §3.1).
    m[i] = (v >> 21) & 0x7F
    m[i + 1] = (v >> 14) & 0x7F
    m[i + 2] = (v >> 7) & 0x7F
    m[i + 3] = v & 0x7F
