# A virtual Arp board for the host-side tests: true time in integer nanoseconds, the board's quantised and drifting
# monotonic clock, the USB MIDI ports, the DIN UART with its serialisation, and the main loop. It is the Python twin
# of arp-firmware-sim/src/device.ts: the same model, the same costs, the same seeded jitter, so for one seed both
# run the firmware logic on the same timeline (test/firmware-parity.test.ts compares the two traces).
#
# Costs: each monotonic_ns() call advances time by clock_read_us; each USB read by usb_read_us plus usb_byte_us per
# byte read (the parse); a UART write blocks until only uart_fifo_bytes remain to send (as CircuitPython's SAMD
# busio.UART.write busy-waits); the rest of the main loop takes loop_period_us ± loop_jitter_us.
import math
from collections import deque

from tests.device_model import model as make_model
from tests.rng import Mulberry32

DEFAULT_READ_CHUNK = 48  # a 64-byte USB packet carries 16 USB-MIDI events of 3 MIDI bytes


class VirtualBoard:
    def __init__(self, overrides=None, seed=1):
        m = make_model(overrides)
        self.model = m
        self.t = 0  # true time since the simulation started, ns
        self._clock_step = 1e9 / m["clock_hz"]
        self._clock_read = round(m["clock_read_us"] * 1000)
        self._ppm = m["drift_ppm"]
        self._boot = round(m["boot_us"] * 1000)
        self._byte_ns = round(10e9 / m["din_baud"])
        self._fifo = m["uart_fifo_bytes"]
        self._usb_read = round(m["usb_read_us"] * 1000)
        self._usb_byte = round(m["usb_byte_us"] * 1000)
        self._period = round(m["loop_period_us"] * 1000)
        self._jitter = round(m["loop_jitter_us"] * 1000)
        self._rng = Mulberry32(seed)
        self._usb_in = deque()  # [available_at_ns, bytes] fragments, one per read at most
        self._line_free = 0
        self.next_iteration = 0
        self.iterations = 0
        self.clock_reads = 0
        # What left the board: (time_ns, bytes) on USB; (bytes, start_ns, end_ns) on DIN.
        self.usb_out = []
        self.din = []

    # --- the board's clock ------------------------------------------------------------------------------------

    def monotonic_ns(self):
        t = self.t
        local = self._boot + t + (int(t * self._ppm / 1e6) if self._ppm else 0)
        value = int(math.floor(math.floor(local / self._clock_step) * self._clock_step))
        self.t = t + self._clock_read
        self.clock_reads += 1
        return value

    # --- USB --------------------------------------------------------------------------------------------------

    def host_send(self, data, at_us, chunk=DEFAULT_READ_CHUNK):
        """The host sends `data` at `at_us`; the board's reads return it `chunk` bytes at a time."""
        if chunk < 1:
            raise ValueError("host_send: chunk must be >= 1, got %r" % (chunk,))
        at = round(at_us * 1000)
        for i in range(0, len(data), chunk):
            self._usb_in.append([at, bytes(data[i:i + chunk])])

    def usb_readinto(self, buf, nbytes):
        n = 0
        if self._usb_in and self._usb_in[0][0] <= self.t:
            frag = self._usb_in[0]
            n = min(len(frag[1]), nbytes, len(buf))
            buf[0:n] = frag[1][0:n]
            if n == len(frag[1]):
                self._usb_in.popleft()
            else:
                frag[1] = frag[1][n:]
        self.t += self._usb_read + n * self._usb_byte
        return n

    def usb_write(self, buf):
        self.usb_out.append((self.t, bytes(buf)))

    def usb_pending(self):
        return len(self._usb_in)

    # --- DIN UART ---------------------------------------------------------------------------------------------

    def uart_write(self, buf):
        n = len(buf)
        start = max(self.t, self._line_free)
        end = start + n * self._byte_ns
        self._line_free = end
        self.din.append((bytes(buf), start, end))
        self.t = max(self.t, end - self._fifo * self._byte_ns)
        return n

    # --- main loop --------------------------------------------------------------------------------------------

    def _loop_rest(self):
        j = self._jitter
        jitter = (self._rng.next_u32() % (2 * j + 1)) - j if j > 0 else 0
        return self._period + jitter

    def run_until(self, end_us, step):
        """Runs main-loop passes (`step()`, then the rest of the loop) while a pass starts at or before end_us."""
        end = round(end_us * 1000)
        while self.next_iteration <= end:
            if self.t < self.next_iteration:
                self.t = self.next_iteration
            step()
            self.iterations += 1
            self.next_iteration = self.t + self._loop_rest()
