# USB MIDI in → Vintage Mode: reads usb_midi.ports[0] into a preallocated buffer and feeds the byte parser, which
# calls back here with whole messages (the main-loop integration of the spec, with a parser that keeps SysEx across
# reads, PROTOCOL.md §1, §7).
from arp.constants import SYSEX_MAX_BYTES, USB_READ_BYTES, USB_READS_PER_POLL
from arp.midi_stream import MidiStream


class UsbLink:
    """port_in: usb_midi.ports[0] (readinto(buf, n) or read(n)); vintage: VintageMode; hooks: ArpHooks.

    poll() reads at most `reads_per_poll` chunks, so a long transfer cannot hold up tick() for more than a few
    packets; a 7 KB buffer arrives over a few dozen loop passes. It reads VintageMode's clock right before every
    read, so Vintage Mode knows when a command arrived: after the last read that returned nothing began, and by the
    time the read that returned it began (CalibrationTiming, PROTOCOL.md §3.5, §5.5).
    """

    def __init__(self, port_in, vintage, hooks, reads_per_poll=USB_READS_PER_POLL, max_sysex=SYSEX_MAX_BYTES):
        if not isinstance(reads_per_poll, int) or reads_per_poll < 1:
            raise ValueError("UsbLink: reads_per_poll must be an integer >= 1, got %r" % (reads_per_poll,))
        self._port = port_in
        self._vintage = vintage
        self._hooks = hooks
        self._reads = reads_per_poll
        self._buf = bytearray(USB_READ_BYTES)
        self._stream = MidiStream(self, max_sysex)
        # CircuitPython's PortIn has readinto(), which fills our buffer without allocating; read() is the fallback.
        self._readinto = getattr(port_in, "readinto", None)
        # When the last read that returned nothing began; before the first, VintageMode's construction.
        self._empty_us = vintage.usb_empty_us

    def poll(self):
        """Reads and handles what USB has delivered. Returns the number of bytes read."""
        vintage = self._vintage
        total = 0
        reads = 0
        while reads < self._reads:
            reads += 1
            # One clock read per USB read (a long int of garbage, as every clock read; arp/gc_guard.py).
            now = vintage.now_us()
            if self._readinto is not None:
                n = self._readinto(self._buf, USB_READ_BYTES)
                if not n:
                    self._empty_us = now
                    break
                vintage.usb_window(self._empty_us, now)
                self._stream.feed(self._buf, n)
            else:
                data = self._port.read(USB_READ_BYTES)
                if not data:
                    self._empty_us = now
                    break
                n = len(data)
                vintage.usb_window(self._empty_us, now)
                self._stream.feed(data, n)
            total += n
        return total

    # --- MidiStream sink ----------------------------------------------------------------------------------------

    def on_message(self, status, d0, d1):
        if status & 0xF0 == 0xB0 and self._vintage.handle_cc(d0, d1):
            return
        self._hooks.forward_midi(status, d0, d1)

    def on_realtime(self, byte):
        self._hooks.forward_realtime(byte)

    def on_sysex(self, buf, n):
        self._vintage.handle_sysex(buf, n)

    def on_invalid(self, reason, data):
        # A cut or oversize SysEx addressed to the Arp is answered (Status Malformed or TooManyEvents); other
        # invalid bytes are dropped, as MIDI receivers do.
        if len(data) >= 2 and data[0] == 0xF0:
            self._vintage.handle_broken_sysex(data, len(data))
