# Runs every scenario vector (tests/scenarios/arp/*.json) against the firmware on CPython, one test per vector, each
# with every seed the vector names. The simulator runs the same files (arp-firmware-sim/test/scenarios.test.ts).
import unittest

from tests.scenario_runner import check_trace, check_vector, load_vector, run_vector, vector_files


class ScenarioVectors(unittest.TestCase):
    def test_there_are_vectors(self):
        self.assertGreaterEqual(len(vector_files()), 20)


def _clock_vector(boot_us, delta, clock):
    return {
        "name": "checker", "seeds": [1], "device": {"boot_us": boot_us}, "steps": [], "run_until_us": 0,
        "expect": {
            "usb_out": [{"hex": "F0 7D 06 ?? ?? ?? ?? F7", "label": "started", "clock_us": clock}],
            "din": [{"hex": "90 3C 64", "after": {"label": "started", "from": "clock", "delta_us": delta}}],
        },
    }


def _started(field):
    return "F0 7D 06 %02X %02X %02X %02X F7" % ((field >> 21) & 0x7F, (field >> 14) & 0x7F, (field >> 7) & 0x7F, field & 0x7F)


def _clock_trace(field, din_end_us, usb_hex=None):
    return {
        "usb_out": [{"hex": usb_hex or _started(field), "at_ns": 0}],
        "din": [{"hex": "90 3C 64", "start_ns": (din_end_us - 960) * 1000, "end_ns": din_end_us * 1000}],
        "hooks": [],
        "forwarded": [],
    }


def _u28_hex(v):
    return "%02X %02X %02X %02X" % ((v >> 21) & 0x7F, (v >> 14) & 0x7F, (v >> 7) & 0x7F, v & 0x7F)


BOOT = 1_000_000


def _timing_vector():
    return {
        "name": "checker", "seeds": [1], "steps": [], "run_until_us": 0,
        "expect": {
            "usb_out": [
                {"hex": "F0 7D 02 ?? ?? ?? ?? F7", "label": "cal_ack"},
                {"hex": "F0 7D 07" + " ??" * 16 + " F7", "timing": {"ack": "cal_ack", "sent_us": 20_000}},
            ],
            "din": [],
        },
    }


def _timing_trace(t, r, e, a, ack=20_100, ack_at_us=120_020):
    """Board-clock fields given as true µs (boot_us added here)."""
    b = [BOOT + x for x in (t, r, e, a)]
    return {
        "usb_out": [
            {"hex": "F0 7D 02 %s F7" % _u28_hex(BOOT + ack), "at_ns": ack_at_us * 1000},
            {"hex": "F0 7D 07 %s F7" % " ".join(_u28_hex(x) for x in b), "at_ns": ack_at_us * 1000},
        ],
        "din": [], "hooks": [], "forwarded": [],
    }


class Checker(unittest.TestCase):
    """The checker itself, on hand-made traces (the same cases as arp-firmware-sim/test/scenarios.test.ts)."""

    def test_after_a_labelled_messages_clock_across_the_wrap(self):
        boot = (1 << 28) - 100
        # The field 400 is 500 µs of true time after boot (it wrapped); the DIN message ends 1960 µs after that.
        self.assertEqual(check_trace(_clock_vector(boot, [1960, 1960], [400, 400]), _clock_trace(400, 2460)), [])
        self.assertEqual(check_trace(_clock_vector(boot, [1900, 1950], [0, 399]), _clock_trace(400, 2460)), [
            "usb_out[0] (started): clock time 400 µs, expected 0 .. 399",
            "din[0]: 1.960 ms after started's clock, expected 1.900 ms .. 1.950 ms",
        ])
        self.assertEqual(check_trace(_clock_vector(boot, [0, 10**9], [0, 10**9]), _clock_trace(400, 2460, "F0 7D 03 00 F7")), [
            "usb_out[0] (started): expected F0 7D 06 ?? ?? ?? ?? F7, got F0 7D 03 00 F7",
            "usb_out[0] (started): clock time None µs, expected 0 .. 1000000000",
            "din[0]: started (F0 7D 03 00 F7) carries no clock time",
        ])

    def test_calibration_timing_against_its_ack_and_the_send(self):
        v = _timing_vector()
        # e before the send, r 72 µs before it (a clock step and a clock read, floored), t the ACK's, a before the ACK.
        self.assertEqual(check_trace(v, _timing_trace(20_100, 19_928, 19_000, 120_000)), [])
        self.assertEqual(check_trace(v, _timing_trace(20_101, 19_900, 20_001, 120_030)), [
            "usb_out[1]: t 1020101 µs, cal_ack carries 1020100 µs",
            "usb_out[1]: expected e <= r <= t <= a, got e 1020001 r 1019900 t 1020101 a 1120030 µs",
            "usb_out[1]: e at 20.001 ms, after the Calibrate was sent at 20.000 ms",
            "usb_out[1]: r at 19.900 ms, more than 0.072 ms before the Calibrate was sent at 20.000 ms",
            "usb_out[1]: a at 120.030 ms, after cal_ack was written at 120.020 ms",
        ])
        trace = _timing_trace(20_100, 19_928, 19_000, 120_000)
        trace["usb_out"][1]["hex"] = "F0 7D 07 F7"
        self.assertEqual(check_trace(v, trace)[-1], "usb_out[1]: F0 7D 07 F7 is not a CalibrationTiming")
        v["expect"]["usb_out"][1]["timing"]["ack"] = "other"
        self.assertEqual(check_trace(v, _timing_trace(20_100, 19_928, 19_000, 120_000)), ["usb_out[1]: no message labelled other"])

    def test_an_unknown_expectation_key_is_refused(self):
        def with_expect(e):
            v = _clock_vector(0, [0, 0], [0, 0])
            v["expect"]["usb_out"] = [e]
            return v

        cases = [
            ({"hex": "F7", "ack_us": [0, 1]}, "x.json: expect.usb_out[0]: unknown key ack_us"),
            ({"hex": "F7", "after": {"label": "a", "delta_us": [0, 1], "from": "at"}}, "after.from must be \"clock\", got 'at'"),
            ({"hex": "F7", "after": {"label": "a", "delta": [0, 1]}}, "after: unknown key delta"),
            ({"hex": "F7", "timing": {"ack": "a"}}, "timing must have exactly the keys ack, sent_us, got ack"),
            ({"hex": "F7", "timing": {"ack": "a", "sent_us": 0, "sent": 0}}, "timing must have exactly the keys ack, sent_us, got ack, sent_us, sent"),
        ]
        for e, message in cases:
            with self.assertRaises(ValueError) as ctx:
                check_vector(with_expect(e), "x.json")
            self.assertIn(message, str(ctx.exception))


def _make_test(file_name):
    def test(self):
        v = load_vector(file_name)
        for seed in v["seeds"]:
            errors = check_trace(v, run_vector(v, seed))
            self.assertEqual(errors, [], "%s, seed %d:\n  %s" % (file_name, seed, "\n  ".join(errors)))

    return test


for _name in vector_files():
    setattr(ScenarioVectors, "test_" + _name[:-5].replace("-", "_"), _make_test(_name))


if __name__ == "__main__":
    unittest.main()
