# VintageMode as a unit, with fake ports and a stepping clock: the decisions of PROTOCOL.md §5 that the scenario
# vectors do not pin down to a single call, and the constructor's checks.
import unittest

from arp.constants import U28_MASK
from arp.event_ring import EventRing
from arp.modes.vintage_mode import VintageMode
from tests.board_app import unhex
from tests.fakes import Recorder, StepClock
from tests.recording_hooks import RecordingHooks


def load_bytes(events, cmd=1):
    out = bytearray((0xF0, 0x7D, cmd, len(events) >> 7, len(events) & 0x7F))
    for t, note, vel, on in events:
        out += bytes(((t >> 21) & 0x7F, (t >> 14) & 0x7F, (t >> 7) & 0x7F, t & 0x7F, note, vel, on))
    out.append(0xF7)
    return bytes(out)


def make(**kwargs):
    din, usb, clock, hooks = Recorder(), Recorder(), StepClock(), RecordingHooks()
    vm = VintageMode(din, usb, clock, hooks, **kwargs)
    return vm, din, usb, clock, hooks


class Construction(unittest.TestCase):
    def test_din_channel_out_of_range_names_the_value(self):
        for bad in (0, 17, "1", 1.5, True):
            with self.assertRaises(ValueError) as ctx:
                make(din_channel=bad)
            self.assertIn("din_channel must be an integer 1-16, got %r" % (bad,), str(ctx.exception))

    def test_spin_limit_out_of_range_names_the_value(self):
        with self.assertRaises(ValueError) as ctx:
            make(spin_max_us=-1)
        self.assertIn("spin_max_us must be an integer 0-20000, got -1", str(ctx.exception))

    def test_spec_defaults(self):
        vm = make()[0]
        self.assertEqual((vm.pattern, vm.division, vm.octave_range, vm.latch, vm.active), (0, 1, 1, False, False))

    def test_ring_is_preallocated_7_bytes_per_event(self):
        r = EventRing()
        storage = r.times.itemsize * len(r.times) + len(r.notes) + len(r.velocities) + len(r.ons)
        self.assertEqual(storage, 7000)


class Commands(unittest.TestCase):
    def test_handle_cc_reports_whether_it_was_a_command(self):
        vm = make()[0]
        self.assertTrue(vm.handle_cc(102, 127))
        self.assertFalse(vm.handle_cc(7, 100))
        self.assertFalse(vm.handle_cc(24, 1))
        self.assertFalse(vm.handle_cc(99, 1))
        self.assertFalse(vm.handle_cc(105, 1))
        self.assertTrue(vm.handle_cc(20, 1))

    def test_enter_hooks_once_in_spec_order(self):
        vm, _, _, _, hooks = make()
        vm.enter()
        vm.enter()
        self.assertEqual(hooks.calls, ["suspend_display:VINTAGE MODE - USB CTRL", "suspend_buttons", "suspend_arpeggiator"])

    def test_exit_hands_the_settings_to_the_arpeggiator(self):
        vm, _, _, _, hooks = make()
        vm.enter()
        for cc, v in ((20, 3), (21, 0), (22, 2), (23, 5)):
            vm.handle_cc(cc, v)
        vm.exit()
        self.assertEqual(hooks.calls[-3:], ["resume_display", "resume_buttons", "resume_arpeggiator:3,0,2,1"])

    def test_status_fields(self):
        vm, _, usb, _, _ = make()
        vm.enter()
        vm.handle_sysex(load_bytes([(0, 60, 100, 1), (1000, 60, 0, 0)]), 20)
        vm.handle_cc(23, 1)
        msg = unhex("F0 7D 05 F7")
        vm.handle_sysex(msg, len(msg))
        s = usb.writes[-1]
        self.assertEqual(len(s), 15)
        self.assertEqual(list(s[3:8]), [0, 1 | 4, 0, 1, 1])
        self.assertEqual((s[8] * 128 + s[9], s[10] * 128 + s[11]), (2, 998))
        self.assertEqual(s[12] * 128 + s[13], (0 + 60 + 100 + 1 + 0 + 0 + 7 + 104 + 60 + 0 + 0) % 16384)

    def test_messages_the_arp_sends_are_ignored_when_received_whole_or_cut(self):
        vm, _, usb, _, _ = make()
        vm.enter()
        timing = "F0 7D 07 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 F7"
        for text in ("F0 7D 02 00 00 00 01 F7", "F0 7D 03 00 01 00 01 01 00 00 07 68 00 00 F7", "F0 7D 06 00 00 00 02 F7", timing, "F0 7D 07 F7"):
            msg = unhex(text)
            vm.handle_sysex(msg, len(msg))
            vm.handle_broken_sysex(msg, 4)
        self.assertEqual(usb.writes, [], "CalibrationAck, Status, PlaybackStarted and CalibrationTiming get no reply")
        msg = unhex("F0 7D 08 F7")
        vm.handle_sysex(msg, len(msg))
        self.assertEqual([w[2:4] for w in usb.writes], [bytes((0x03, 1))], "an unknown command is Malformed")

    def test_usb_window_times_go_with_the_calibrate_they_came_with(self):
        vm, _, usb, clock, _ = make()
        vm.enter()
        vm.usb_window(7_000, 7_900)
        clock.ns = 8_000_000_000
        vm.calibrate()
        vm.usb_window(9_000, 9_500)  # later reads (a StatusRequest, an Exit) do not move the calibration's times
        vm.exit()
        timing = usb.writes[-1]
        fields = [((timing[i] * 128 + timing[i + 1]) * 128 + timing[i + 2]) * 128 + timing[i + 3] for i in (3, 7, 11, 15)]
        self.assertEqual(fields[0:3], [8_000_000, 7_900, 7_000])
        self.assertGreaterEqual(fields[3], fields[0], "a finished early by Exit: still after t")

    def test_calibrate_sends_note_on_at_once_and_off_from_tick(self):
        vm, din, usb, clock, _ = make()
        vm.enter()
        clock.ns = 5_000_000_000
        vm.calibrate()
        self.assertEqual(din.hex(), ["90 3C 7F"])
        self.assertTrue(vm.calibrating)
        clock.ns += 50_000_000
        vm.tick()
        self.assertEqual(len(din.writes), 1, "nothing at 50 ms")
        clock.ns += 60_000_000
        vm.tick()
        self.assertEqual(din.hex(), ["90 3C 7F", "80 3C 00"])
        t = 5_000_000 & U28_MASK
        self.assertEqual(usb.writes[0], bytes((0xF0, 0x7D, 0x02, (t >> 21) & 0x7F, (t >> 14) & 0x7F, (t >> 7) & 0x7F, t & 0x7F, 0xF7)))
        self.assertFalse(vm.calibrating)
        # Then the CalibrationTiming: t, r and e (no USB read yet: the clock at construction, 0), a at the finish.
        timing = usb.writes[1]
        self.assertEqual((len(usb.writes), len(timing), timing[0:3], timing[3:7], timing[7:15]), (2, 20, bytes((0xF0, 0x7D, 0x07)), usb.writes[0][3:7], bytes(8)))
        a = ((timing[15] * 128 + timing[16]) * 128 + timing[17]) * 128 + timing[18]
        self.assertTrue(100_000 <= a - t < 111_000, "a = %d" % a)


class Playback(unittest.TestCase):
    def test_accepted_start_answers_playback_started_with_the_u28_start_time(self):
        vm, din, usb, clock, _ = make()
        vm.enter()
        vm.start_playback()
        self.assertEqual([w[2:4] for w in usb.writes], [bytes((0x03, 5))], "BufferEmpty, nothing else")
        msg = load_bytes([(0, 60, 100, 1), (1000, 60, 0, 0)])
        vm.handle_sysex(msg, len(msg))
        clock.ns = ((1 << 28) + 12_345) * 1000  # past the wrap: the time is sent modulo 2^28
        vm.start_playback()
        self.assertEqual(vm.started_at_us, 12_345)
        self.assertEqual(usb.hex()[2:], ["F0 7D 06 00 00 60 39 F7"])
        self.assertEqual(din.writes, [], "nothing played yet")
        vm.start_playback()
        self.assertEqual([w[2:4] for w in usb.writes[3:]], [bytes((0x03, 6))], "Busy, nothing else")

    def test_times_run_past_the_2_28_wrap(self):
        # A streamed take longer than 268 s: Append timestamps wrap modulo 2^28 (PROTOCOL.md §3.2).
        vm, din, usb, clock, _ = make()
        vm.enter()
        near = (1 << 28) - 2_000_000
        # Steps under 2^27 µs (134 s) each, the last event 2 s before the wrap.
        first = load_bytes([(0, 60, 100, 1), (100_000_000, 60, 0, 0), (200_000_000, 61, 100, 1), (near, 61, 0, 0)])
        vm.handle_sysex(first, len(first))
        wrapped = load_bytes([(1_000_000, 62, 100, 1), (2_000_000, 62, 0, 0)], cmd=4)
        vm.handle_sysex(wrapped, len(wrapped))
        self.assertEqual([w[3] for w in usb.writes], [0, 0], "the Load and the wrapped Append are accepted")
        clock.ns = 1_000_000_000
        vm.start_playback()
        ends = []
        # Jump through 271 s in 0.5 s ticks, noting when each message goes out.
        for i in range(543):
            clock.ns = 1_000_000_000 + i * 500_000_000
            before = len(din.writes)
            vm.tick()
            ends += [(i * 0.5, w) for w in din.hex()[before:]]
        self.assertEqual([w for _, w in ends], ["90 3C 64", "80 3C 00", "90 3D 64", "80 3D 00", "90 3E 64", "80 3E 00", "B0 7B 00"])
        self.assertEqual([t for t, _ in ends], [0, 100, 200, 266.5, 269.5, 270.5, 270.5])

    def test_first_event_far_in_the_future_is_not_sent_early(self):
        vm, din, _, clock, _ = make()
        vm.enter()
        msg = load_bytes([(200_000_000, 60, 100, 1)])
        vm.handle_sysex(msg, len(msg))
        vm.start_playback()
        start = clock.ns
        for s in range(0, 199):
            clock.ns = start + s * 1_000_000_000
            vm.tick()
        self.assertEqual(din.writes, [], "nothing before 199 s")
        clock.ns = start + 200_001_000_000
        vm.tick()
        self.assertEqual(din.hex()[0], "90 3C 64")

    def test_stop_releases_sounding_notes_then_all_notes_off(self):
        vm, din, _, clock, _ = make()
        vm.enter()
        msg = load_bytes([(0, 64, 100, 1), (0, 60, 100, 1), (0, 67, 0, 1), (5_000_000, 60, 0, 0)])
        vm.handle_sysex(msg, len(msg))
        vm.start_playback()
        vm.tick()
        vm.stop_playback()
        self.assertEqual(din.hex(), ["90 40 64", "90 3C 64", "90 43 00", "80 3C 00", "80 40 00", "B0 7B 00"])
        vm.stop_playback()
        self.assertEqual(len(din.writes), 6, "Stop when stopped sends nothing")

    def test_gc_guard_is_called_only_far_from_deadlines(self):
        class Guard:
            calls = 0

            def maybe_collect(self):
                Guard.calls += 1

        din, usb, clock = Recorder(), Recorder(), StepClock(step_ns=0)
        vm = VintageMode(din, usb, clock, RecordingHooks(), gc_guard=Guard())
        vm.enter()
        msg = load_bytes([(0, 60, 100, 1), (10_000, 60, 0, 0), (100_000, 62, 100, 1)])
        vm.handle_sysex(msg, len(msg))
        vm.start_playback()
        clock.ns += 1_000
        vm.tick()  # sends the first; the next is 9 ms away: no collection
        self.assertEqual(Guard.calls, 0)
        clock.ns += 20_000_000
        vm.tick()  # sends the second; the third is 70 ms away: may collect
        self.assertEqual(Guard.calls, 1)


if __name__ == "__main__":
    unittest.main()
