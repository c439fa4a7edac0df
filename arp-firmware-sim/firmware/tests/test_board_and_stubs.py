# The board integration (arp/app.py open_board) on the stub modules, the virtual board's model, and the shared PRNG.
import sys
import unittest

from arp.app import open_board
from arp.gc_guard import GcGuard
from tests import stubs
from tests.board_app import BoardApp, unhex
from tests.device_model import model
from tests.rng import Mulberry32
from tests.virtual_board import VirtualBoard


class Stubs(unittest.TestCase):
    def test_open_board_imports_the_circuitpython_modules(self):
        board = VirtualBoard()
        time_stub = stubs.install(board)
        try:
            self.assertIn("usb_midi", sys.modules)
            app = open_board(None, 3, time_stub.monotonic_ns, False)
            app.vintage.din.note_on(60, 1)
        finally:
            stubs.uninstall()
        self.assertNotIn("usb_midi", sys.modules)
        self.assertEqual(board.din[0][0], bytes((0x92, 60, 1)))

    def test_uart_refuses_a_baud_rate_the_line_does_not_run_at(self):
        board = VirtualBoard()
        stubs.install(board)
        try:
            import board as board_module
            import busio

            with self.assertRaises(ValueError) as ctx:
                busio.UART(board_module.TX, board_module.RX, baudrate=9600)
            self.assertIn("31250", str(ctx.exception))
        finally:
            stubs.uninstall()

    def test_gc_guard_on_cpython_never_collects(self):
        g = GcGuard()
        g.maybe_collect()
        self.assertEqual(g.collections, 0)
        with self.assertRaises(ValueError):
            GcGuard(-1)


class Model(unittest.TestCase):
    def test_unknown_parameter_is_named(self):
        with self.assertRaises(ValueError) as ctx:
            model({"loop_period": 5})
        self.assertIn("unknown parameter 'loop_period'", str(ctx.exception))

    def test_clock_is_quantised_to_1_16384_s(self):
        b = VirtualBoard({"boot_us": 0, "clock_read_us": 0})
        b.t = 61_035
        self.assertEqual(b.monotonic_ns(), 0)
        b.t = 61_036
        self.assertEqual(b.monotonic_ns(), 61_035)

    def test_drift_makes_the_clock_fast(self):
        b = VirtualBoard({"boot_us": 0, "clock_read_us": 0, "drift_ppm": 100, "clock_hz": 1_000_000_000})
        b.t = 10_000_000_000
        self.assertEqual(b.monotonic_ns(), 10_001_000_000)

    def test_uart_serialises_and_blocks_until_two_bytes_remain(self):
        b = VirtualBoard()
        b.uart_write(b"\x90\x3c\x64")
        self.assertEqual(b.t, 320_000)
        b.uart_write(b"\x90\x40\x64")
        self.assertEqual(b.din[1][1:], (960_000, 1_920_000), "the second note leaves after the first")
        self.assertEqual(b.t, 1_280_000)

    def test_mulberry32_matches_the_typescript_generator(self):
        # Values printed by arp-firmware-sim/src/rng.ts for the same seeds.
        for seed, first in ((1, [2693262067, 11749833, 2265367787]), (42, [2581720956, 1925393290, 3661312704])):
            r = Mulberry32(seed)
            self.assertEqual([r.next_u32() for _ in range(3)], first)

    def test_one_byte_reads(self):
        app = BoardApp()
        app.send(unhex("F0 7E 7F 06 01 F7"), 0, chunk=1)
        app.run_until(20_000)
        self.assertEqual(app.trace()["usb_out"][0]["hex"], "F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 00 F7")


if __name__ == "__main__":
    unittest.main()
