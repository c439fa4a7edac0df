# CalibrationTiming (PROTOCOL.md §3.5) on the virtual board: the times it carries against the true times of the run
# (the same cases as arp-firmware-sim/test/calibration-timing.test.ts). A board time is read back as true time like
# the scenario vectors' clock rule: (field - boot_us) mod 2^28, exact on a board without drift.
import unittest

from arp.replies import Replies
from tests.board_app import BoardApp, unhex

ENTER = unhex("B0 66 7F")
CALIBRATE = unhex("B0 68 7F")
U28 = 1 << 28
STEP_US = 1e6 / 16384  # the model's clock step
CLOCK_READ_US = 10


def u28(b, i):
    return ((b[i] * 128 + b[i + 1]) * 128 + b[i + 2]) * 128 + b[i + 3]


def replies(app):
    """(ack_at_ns, ack time, (t, r, e, a), timing_at_ns) of the one calibration in the run."""
    out = app.board.usb_out
    i = [k for k, (_, b) in enumerate(out) if b[2] == 0x02]
    assert len(i) == 1, "one CalibrationAck, got %d" % len(i)
    (ack_at, ack), (timing_at, timing) = out[i[0]], out[i[0] + 1]
    assert len(timing) == 20 and timing[2] == 0x07 and timing[19] == 0xF7, "a CalibrationTiming follows the ACK"
    return ack_at, u28(ack, 3), tuple(u28(timing, k) for k in (3, 7, 11, 15)), timing_at


def not_before(x, y):
    """y is at or after x on the u28 clock."""
    return (y - x) % U28 < U28 // 2


class CalibrationTiming(unittest.TestCase):
    def real_us(self, app, field):
        return (field - app.board.model["boot_us"]) % U28

    def test_a_calibrate_between_two_loop_passes_is_bracketed_by_the_reads_around_it(self):
        for seed in (1, 2, 3):
            app = BoardApp(seed=seed)
            app.send(ENTER, 0)
            app.run_until(20_000)
            # The last pass has ended (its last read came back empty); the next starts at next_pass.
            last_end, next_pass = app.board.t, app.board.next_iteration
            arrival_us = (last_end + next_pass) // 2000
            app.send(CALIBRATE, arrival_us)
            app.run_until(arrival_us + 200_000)
            ack_at, ack_time, (t, r, e, a), timing_at = replies(app)
            e_us, r_us, a_us = self.real_us(app, e), self.real_us(app, r), self.real_us(app, a)
            where = "seed %d: e %d, arrival %d, r %d µs" % (seed, e_us, arrival_us, r_us)
            self.assertLess(e_us, arrival_us, where)
            self.assertLess(arrival_us - e_us, 2000, "e is the last pass's empty read, " + where)
            self.assertLessEqual(arrival_us, r_us, where)
            # r is the first read of the next pass, which reads the clock as the pass begins.
            self.assertTrue(next_pass / 1000 - STEP_US - 1 < r_us <= next_pass / 1000, "r at the next pass (%d ns), %s" % (next_pass, where))
            self.assertEqual(t, ack_time, "t pairs the two messages")
            self.assertTrue(not_before(r, t), "t >= r")
            self.assertGreaterEqual((a - t) % U28, 100_000, "a after the 100 ms note")
            self.assertLessEqual(a_us * 1000, ack_at, "a is read before the ACK is written")
            self.assertLess(ack_at - a_us * 1000, (STEP_US + CLOCK_READ_US + 1) * 1000, "right before it")
            self.assertEqual(timing_at, ack_at, "the CalibrationTiming goes out right after the ACK")

    def test_a_calibrate_in_the_very_first_read_reports_the_start_as_e(self):
        app = BoardApp(seed=1)
        app.send(ENTER + CALIBRATE, 0)
        app.run_until(150_000)
        _, _, (t, r, e, a), _ = replies(app)
        self.assertTrue(not_before(e, r) and not_before(r, t) and not_before(t, a))
        self.assertTrue(not_before(self.real_us(app, e), 0), "e <= arrival (0)")
        self.assertLessEqual(self.real_us(app, e), self.real_us(app, r))

    def test_a_calibrate_spread_over_reads_before_any_empty_read_keeps_e_at_the_start(self):
        # One byte per read, four reads per pass: Enter and the first byte of the Calibrate fill the first pass, the
        # second pass's second read completes it. No read has come back empty: e is the clock at construction.
        app = BoardApp(seed=1)
        construction = app.vintage.usb_empty_us
        app.send(ENTER + CALIBRATE, 0, 1)
        app.run_until(150_000)
        _, _, (t, r, e, a), _ = replies(app)
        self.assertEqual(e, construction)
        self.assertGreater((r - e) % U28, 1000, "r is in the second pass, a loop period later")
        self.assertTrue(not_before(r, t))


class TimingReply(unittest.TestCase):
    def test_bytes_and_one_preallocated_buffer(self):
        class Keep:
            def __init__(self):
                self.writes = []

            def write(self, buf):
                self.writes.append((buf, bytes(buf)))

        out = Keep()
        replies = Replies(out)
        replies.timing(1, 2, 3, U28 - 1)
        replies.timing(10_000, 0, 0, 0)
        self.assertEqual(out.writes[0][1], unhex("F0 7D 07 00 00 00 01 00 00 00 02 00 00 00 03 7F 7F 7F 7F F7"))
        self.assertEqual(out.writes[1][1], unhex("F0 7D 07 00 00 4E 10 00 00 00 00 00 00 00 00 00 00 00 00 F7"))
        self.assertIs(out.writes[0][0], out.writes[1][0], "the same buffer each time: nothing allocated per reply")


if __name__ == "__main__":
    unittest.main()
