# A million seeded random bytes through the whole USB input path (reads → parser → Vintage Mode → DIN/USB out) on
# the virtual board: no exception, no hang (the run is bounded in loop passes), memory bounded, and afterwards a
# valid StatusRequest and Identity request are answered. The simulator runs the same test
# (arp-firmware-sim/test/random-bytes.test.ts).
import tracemalloc
import unittest

from arp.hooks import ArpHooks
from tests.board_app import BoardApp, unhex
from tests.rng import Mulberry32

TOTAL = 1_000_000


def random_bytes(seed, n):
    r = Mulberry32(seed)
    out = bytearray(n)
    for i in range(0, n, 4):
        v = r.next_u32()
        out[i:i + 4] = v.to_bytes(4, "little")[0:min(4, n - i)]
    return bytes(out)


class CountingHooks(ArpHooks):
    def __init__(self):
        self.forwarded = 0
        self.mode_changes = 0

    def forward_midi(self, status, d0, d1):
        self.forwarded += 1

    def forward_realtime(self, byte):
        self.forwarded += 1

    def suspend_display(self, text):
        self.mode_changes += 1


class CountingBoard:
    """Keeps counts instead of every message, so the test's own memory stays flat."""

    def __init__(self, app):
        b = app.board
        self.usb = 0
        self.din = 0
        self.last_usb = []

        def usb_write(buf, b=b):
            self.usb += 1
            self.last_usb.append(bytes(buf))
            del self.last_usb[:-4]

        def uart_write(buf, b=b, original=b.uart_write):
            self.din += 1
            original(buf)
            b.din.pop()

        b.usb_write = usb_write
        b.uart_write = uart_write


class RandomBytes(unittest.TestCase):
    def test_a_million_random_bytes_then_a_valid_message(self):
        hooks = CountingHooks()
        app = BoardApp(seed=7, hooks=hooks)
        counts = CountingBoard(app)
        data = random_bytes(20260101, TOTAL)
        chunk_rng = Mulberry32(99)
        # 64 bytes per millisecond of host time (about what the board reads and parses), in reads of 1-48 bytes.
        for i in range(0, TOTAL, 64):
            app.send(data[i:i + 64], i // 64 * 1000, 1 + chunk_rng.next_u32() % 48)
        tracemalloc.start()
        try:
            now = 0
            baseline = None
            while app.board.usb_pending() > 0 and now < 60_000_000:
                now += 100_000
                app.run_until(now)
                if baseline is None and now >= 1_000_000:
                    baseline = tracemalloc.get_traced_memory()[0]
            at = now
            app.run_until(at + 1_000_000)
            grown = tracemalloc.get_traced_memory()[0] - baseline
        finally:
            tracemalloc.stop()
        self.assertEqual(app.board.usb_pending(), 0, "every byte was read")
        self.assertLess(app.board.iterations, 2 * (at + 1_000_000) // 1000, "the loop kept its pace")
        self.assertLess(grown, 256 * 1024, "memory grew by %d bytes while parsing ~900 000 bytes" % grown)
        vm = app.vintage
        self.assertLessEqual(vm.ring.count, 1000)
        self.assertGreater(counts.usb, 0)
        self.assertGreater(hooks.forwarded, 10000)

        app.send(b"\xf7", at + 1_000_000)
        app.run_until(at + 1_100_000)
        before = counts.usb
        app.send(unhex("F0 7D 05 F7 F0 7E 7F 06 01 F7"), at + 1_100_000)
        app.run_until(at + 1_200_000)
        self.assertEqual(counts.usb - before, 2)
        status, identity = counts.last_usb[-2:]
        self.assertEqual((len(status), status[0:4]), (15, bytes((0xF0, 0x7D, 0x03, 0x00))))
        self.assertEqual(identity, unhex("F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 00 F7"))


if __name__ == "__main__":
    unittest.main()
