# The ring (arp/event_ring.py), the Load/Append checks (arp/buffer_loader.py) and the DIN writer (arp/din_out.py).
import unittest

from arp.buffer_loader import BufferLoader, event_count, event_sum
from arp.constants import MALFORMED, OK, OUT_OF_ORDER, TOO_MANY_EVENTS
from arp.din_out import DinOut
from arp.event_ring import EventRing
from tests.fakes import Recorder
from tests.test_vintage_mode import load_bytes


class Ring(unittest.TestCase):
    def test_a_whole_take_rewinds(self):
        r = EventRing(4)
        for i in range(3):
            r.push(i * 10, 60 + i, 100, 1)
        r.pop()
        r.pop()
        self.assertEqual((r.head, r.count, r.free()), (2, 1, 3))
        self.assertTrue(r.rewind())
        self.assertEqual((r.head, r.count), (0, 3))

    def test_a_take_that_overwrote_its_beginning_empties(self):
        r = EventRing(4)
        for i in range(4):
            r.push(i, 60, 100, 1)
        r.pop()
        r.push(9, 61, 100, 1)
        self.assertEqual((r.head, r.count, r.times[0]), (1, 4, 9), "slot 0 reused")
        self.assertFalse(r.rewind())
        self.assertEqual((r.count, r.has_last), (0, False))

    def test_last_event_held(self):
        r = EventRing(2)
        r.push(5, 61, 90, 0)
        self.assertEqual((r.has_last, r.last_time, r.last_note, r.last_on), (True, 5, 61, 0))
        r.clear()
        self.assertFalse(r.has_last)

    def test_capacity_must_be_positive(self):
        with self.assertRaises(ValueError) as ctx:
            EventRing(0)
        self.assertIn("capacity must be an integer >= 1, got 0", str(ctx.exception))


class Loader(unittest.TestCase):
    def check(self, msg, append=False, ring=None, complete=True):
        return BufferLoader().check(msg, len(msg), complete, append, ring or EventRing())

    def test_codes(self):
        good = load_bytes([(0, 60, 100, 1), (10, 60, 0, 0)])
        self.assertEqual(self.check(good), OK)
        self.assertEqual(self.check(bytes.fromhex("F07D010000F7")), MALFORMED)
        self.assertEqual(self.check(bytes.fromhex("F07D0100F7")), MALFORMED)
        self.assertEqual(self.check(good[:-8] + b"\xf7"), MALFORMED, "length does not match the count")
        bad_on = bytearray(good)
        bad_on[11] = 2
        self.assertEqual(self.check(bytes(bad_on)), MALFORMED)
        self.assertEqual(self.check(load_bytes([(10, 60, 100, 1), (5, 60, 0, 0)])), OUT_OF_ORDER)
        self.assertEqual(self.check(load_bytes([(10, 60, 100, 1), (10, 60, 0, 0)])), OUT_OF_ORDER)
        self.assertEqual(self.check(load_bytes([(10, 60, 0, 0), (10, 60, 100, 1)])), OK, "retrigger")
        self.assertEqual(self.check(load_bytes([(0, 60, 100, 1)] * 1001)), TOO_MANY_EVENTS)

    def test_field_errors_win_over_order(self):
        msg = bytearray(load_bytes([(10, 60, 100, 1), (5, 61, 100, 1)]))
        msg[18] = 3
        self.assertEqual(self.check(bytes(msg)), MALFORMED)

    def test_cut_messages(self):
        self.assertEqual(self.check(bytes.fromhex("F07D011000"), complete=False), TOO_MANY_EVENTS, "count 2048 before the cut")
        self.assertEqual(self.check(bytes.fromhex("F07D010002000000"), complete=False), MALFORMED)
        self.assertEqual(self.check(bytes.fromhex("F07D01"), complete=False), MALFORMED)

    def test_append_checks_against_the_last_event_and_free_slots(self):
        ring = EventRing(3)
        loader = BufferLoader()
        first = load_bytes([(100, 60, 100, 1), (200, 60, 0, 0)])
        loader.commit(first, len(first), False, ring)
        self.assertEqual(self.check(load_bytes([(150, 61, 100, 1)], 4), True, ring), OUT_OF_ORDER)
        self.assertEqual(self.check(load_bytes([(200, 61, 100, 1)], 4), True, ring), OK)
        self.assertEqual(self.check(load_bytes([(300, 61, 100, 1), (400, 61, 0, 0)], 4), True, ring), TOO_MANY_EVENTS)
        wrapped = load_bytes([(50, 61, 100, 1)], 4)
        ring.last_time = (1 << 28) - 10
        self.assertEqual(self.check(wrapped, True, ring), OK, "a step across the 2^28 wrap")

    def test_sum_and_count(self):
        msg = load_bytes([(1000, 60, 80, 1)])
        self.assertEqual(event_sum(msg, len(msg), True), (0 + 0 + 7 + 104 + 60 + 80 + 1))
        self.assertEqual(event_sum(msg[:-3], len(msg) - 3, False), (0 + 0 + 7 + 104 + 60))
        self.assertEqual((event_count(msg, len(msg)), event_count(msg, 4)), (1, -1))


class Din(unittest.TestCase):
    def test_messages_on_the_channel(self):
        uart = Recorder()
        d = DinOut(uart, 16)
        d.note_on(60, 100)
        d.note_off(60, 64)
        self.assertEqual(uart.hex(), ["9F 3C 64", "8F 3C 40"])

    def test_velocity_zero_note_on_ends_the_note(self):
        uart = Recorder()
        d = DinOut(uart)
        d.note_on(60, 100)
        d.note_on(60, 0)
        self.assertEqual(d.sounding, 0)
        d.release_all()
        self.assertEqual(uart.hex()[-1:], ["B0 7B 00"])

    def test_changing_channel_releases_on_the_old_one(self):
        uart = Recorder()
        d = DinOut(uart, 1)
        d.note_on(62, 90)
        d.channel = 2
        d.note_on(64, 90)
        self.assertEqual(uart.hex(), ["90 3E 5A", "80 3E 00", "B0 7B 00", "91 40 5A"])
        with self.assertRaises(ValueError):
            d.channel = 0


if __name__ == "__main__":
    unittest.main()
