# The byte parser (arp/midi_stream.py), PROTOCOL.md §7 case by case. Its agreement with the protocol library's
# decoder on random streams is checked by arp-firmware-sim/test/firmware-parity.test.ts.
import unittest

from arp.midi_stream import MAX_STRAY_KEPT, MidiStream, data_length
from tests.board_app import unhex


class Collect:
    def __init__(self):
        self.out = []

    def on_message(self, status, d0, d1):
        self.out.append(("msg", status, d0, d1))

    def on_realtime(self, byte):
        self.out.append(("rt", byte))

    def on_sysex(self, buf, n):
        self.out.append(("sysex", bytes(buf[0:n])))

    def on_invalid(self, reason, data):
        self.out.append(("invalid", reason, bytes(data)))


def parse(hex_text, chunk=None, max_sysex=8192, end=True):
    sink = Collect()
    s = MidiStream(sink, max_sysex)
    data = unhex(hex_text)
    step = chunk or max(1, len(data))
    for i in range(0, len(data), step):
        piece = data[i:i + step]
        s.feed(piece, len(piece))
    if end:
        s.end()
    return sink.out


class ChannelMessages(unittest.TestCase):
    def test_cc_note_program_pitch_bend(self):
        self.assertEqual(
            parse("B0 14 02 90 3C 40 C5 07 E0 00 40"),
            [("msg", 0xB0, 20, 2), ("msg", 0x90, 60, 64), ("msg", 0xC5, 7, 0), ("msg", 0xE0, 0, 64)],
        )

    def test_running_status(self):
        self.assertEqual(parse("B0 14 02 15 01 16 03"), [("msg", 0xB0, 20, 2), ("msg", 0xB0, 21, 1), ("msg", 0xB0, 22, 3)])

    def test_system_common_cancels_running_status(self):
        out = parse("90 3C 40 F6 3E 40")
        self.assertEqual(out[0:2], [("msg", 0x90, 60, 64), ("msg", 0xF6, 0, 0)])
        self.assertEqual(out[2], ("invalid", "2 stray data bytes (no running status)", b"\x3e\x40"))

    def test_interrupted_message_names_what_and_where(self):
        self.assertEqual(
            parse("B0 14 90 3C 40"),
            [("invalid", "incomplete ControlChange: expected 2 data bytes, got 1 before status 0x90", b"\xb0\x14"), ("msg", 0x90, 60, 64)],
        )

    def test_interrupted_running_status_message_reports_only_its_data(self):
        out = parse("B0 14 02 15 F6")
        self.assertEqual(out[1], ("invalid", "incomplete ControlChange: expected 2 data bytes, got 1 before status 0xF6", b"\x15"))

    def test_incomplete_at_end_of_input(self):
        self.assertEqual(parse("E0 00"), [("invalid", "incomplete PitchBend: expected 2 data bytes, got 1 before end of input", b"\xe0\x00")])

    def test_system_common_with_data(self):
        self.assertEqual(parse("F1 23 F2 01 02 F3 05"), [("msg", 0xF1, 0x23, 0), ("msg", 0xF2, 1, 2), ("msg", 0xF3, 5, 0)])

    def test_data_lengths(self):
        self.assertEqual([data_length(s) for s in (0x80, 0xB0, 0xC0, 0xD0, 0xE0, 0xF1, 0xF2, 0xF3, 0xF6, 0xF0, 0xF8)], [2, 2, 1, 1, 2, 1, 2, 1, 0, -1, -1])


class RealTime(unittest.TestCase):
    def test_between_status_and_data(self):
        self.assertEqual(parse("B0 F8 14 FE 02"), [("rt", 0xF8), ("rt", 0xFE), ("msg", 0xB0, 20, 2)])

    def test_inside_sysex_at_once_and_sysex_intact(self):
        self.assertEqual(parse("F0 7D F8 05 FA F7"), [("rt", 0xF8), ("rt", 0xFA), ("sysex", b"\xf0\x7d\x05\xf7")])

    def test_undefined_real_time_is_invalid_and_changes_nothing(self):
        self.assertEqual(parse("B0 14 F9 02 FD"), [("invalid", "undefined real-time status 0xF9", b"\xf9"), ("msg", 0xB0, 20, 2), ("invalid", "undefined real-time status 0xFD", b"\xfd")])


class SysEx(unittest.TestCase):
    LOAD = "F0 7D 01 00 01 00 00 07 68 3C 50 01 F7"

    def test_whole(self):
        self.assertEqual(parse(self.LOAD), [("sysex", unhex(self.LOAD))])

    def test_any_chunking_gives_the_same_result(self):
        whole = parse(self.LOAD + " B0 14 02 F8 " + self.LOAD)
        for chunk in (1, 2, 3, 5, 7, 48):
            self.assertEqual(parse(self.LOAD + " B0 14 02 F8 " + self.LOAD, chunk=chunk), whole, "chunk %d" % chunk)

    def test_cut_by_a_status_byte(self):
        self.assertEqual(
            parse("F0 7D 01 00 90 3C 40"),
            [("invalid", "unterminated SysEx cut by status 0x90", b"\xf0\x7d\x01\x00"), ("msg", 0x90, 60, 64)],
        )

    def test_unterminated_at_end(self):
        self.assertEqual(parse("F0 7D 05"), [("invalid", "unterminated SysEx at end of input", b"\xf0\x7d\x05")])

    def test_stray_f7(self):
        self.assertEqual(parse("F7"), [("invalid", "F7 (end of SysEx) without a SysEx", b"\xf7")])

    def test_size_limit_reports_once_and_discards_to_f7(self):
        body = " ".join(["11"] * 20)
        out = parse("F0 " + body + " F7 B0 14 02", max_sysex=10)
        self.assertEqual(out[0], ("invalid", "SysEx exceeds 10 bytes; the rest up to F7 is discarded", b"\xf0" + b"\x11" * 8))
        self.assertEqual(out[1:], [("msg", 0xB0, 20, 2)])

    def test_largest_sysex_that_fits(self):
        text = "F0 " + " ".join(["22"] * 8) + " F7"
        self.assertEqual(parse(text, max_sysex=10), [("sysex", unhex(text))])


class Strays(unittest.TestCase):
    def test_consecutive_strays_are_one_report(self):
        self.assertEqual(parse("01 02 03 B0 14 02"), [("invalid", "3 stray data bytes (no running status)", b"\x01\x02\x03"), ("msg", 0xB0, 20, 2)])

    def test_single_stray(self):
        self.assertEqual(parse("05"), [("invalid", "stray data byte (no running status)", b"\x05")])

    def test_many_strays_keep_the_first_64(self):
        out = parse(" ".join(["07"] * 100))
        self.assertEqual(out, [("invalid", "100 stray data bytes (no running status)", b"\x07" * MAX_STRAY_KEPT)])

    def test_undefined_system_common(self):
        self.assertEqual(parse("F4 F5"), [("invalid", "undefined system common status 0xF4", b"\xf4"), ("invalid", "undefined system common status 0xF5", b"\xf5")])


class Lifecycle(unittest.TestCase):
    def test_reset_forgets_a_partial_message(self):
        sink = Collect()
        s = MidiStream(sink)
        s.feed(b"\xf0\x7d\x01")
        s.reset()
        s.feed(b"\x14\x02\xb0\x14\x02")
        self.assertEqual(sink.out, [("invalid", "2 stray data bytes (no running status)", b"\x14\x02"), ("msg", 0xB0, 20, 2)])

    def test_bad_size_limit_is_refused_with_its_value(self):
        with self.assertRaises(ValueError) as ctx:
            MidiStream(Collect(), 1)
        self.assertIn("max_sysex must be an integer >= 2, got 1", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
