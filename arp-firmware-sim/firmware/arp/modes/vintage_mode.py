# Vintage Mode (PROTOCOL.md §5; the spec's arp/modes/vintage_mode.py completed): the host drives the Arp over USB
# MIDI, the Arp plays a timestamped note buffer to DIN on its own clock.
#
# Called from the main loop (arp/app.py): UsbLink hands it CCs and SysEx as they are parsed; tick() sends what is
# due. Nothing here blocks for long: the calibration note-off is a deadline, not a sleep, and a tick spins on the
# clock only for an event due before the next tick (at most spin_max_us).
from arp.buffer_loader import BufferLoader, event_sum
from arp.constants import (
    BUFFER_EMPTY,
    BUSY,
    CALIBRATION_NOTE,
    CALIBRATION_NOTE_US,
    CALIBRATION_VELOCITY,
    CC_CALIBRATE,
    CC_DIVISION,
    CC_ENTER,
    CC_EXIT,
    CC_LATCH,
    CC_OCTAVES,
    CC_PATTERN,
    CC_START,
    CC_STOP,
    CMD_ACK,
    CMD_APPEND,
    CMD_LOAD,
    CMD_STARTED,
    CMD_STATUS,
    CMD_STATUS_REQUEST,
    CMD_TIMING,
    DIVISION_MAX,
    FLAG_CALIBRATING,
    FLAG_LATCH,
    FLAG_PLAYING,
    FLAG_VINTAGE,
    GC_GAP_US,
    LOOP_EST_INIT_US,
    LOOP_EST_MAX_US,
    MALFORMED,
    MANUFACTURER_ID,
    NOT_IN_VINTAGE_MODE,
    OCTAVES_MAX,
    OK,
    PATTERN_MAX,
    SCREEN_TEXT,
    SPIN_MARGIN_US,
    SPIN_MAX_US,
    SPIN_TICK_MAX_US,
    U28_MASK,
    UNIVERSAL_NON_REALTIME,
)
from arp.din_out import DinOut
from arp.event_ring import EventRing
from arp.hooks import ArpHooks
from arp.player import Player
from arp.replies import Replies


def _sent_by_arp(cmd):
    # CalibrationAck, Status, PlaybackStarted and CalibrationTiming go from the Arp to the host; receiving one is
    # ignored (no reply, so two Arps wired to each other cannot ping-pong; PROTOCOL.md §4.3).
    return cmd == CMD_ACK or cmd == CMD_STATUS or cmd == CMD_STARTED or cmd == CMD_TIMING


class VintageMode:
    """USB MIDI controlled playback for VintageCapture (PROTOCOL.md §5).

    din_uart:      object with write(buf), the DIN MIDI UART (busio.UART at 31 250 baud)
    usb_out:       object with write(buf), usb_midi.ports[1]
    monotonic_ns:  the clock, time.monotonic_ns on the board
    hooks:         ArpHooks for the rest of the Arp firmware (OLED, buttons, arpeggiator)
    din_channel:   DIN output channel 1-16 (PROTOCOL.md §5.6)
    spin_max_us:   longest wait spun on the clock for an event due before the next tick; 0 sends on ticks only
    gc_guard:      object with maybe_collect(), called when no DIN deadline is near (arp/gc_guard.py), or None
    """

    def __init__(self, din_uart, usb_out, monotonic_ns, hooks=None, din_channel=1, spin_max_us=SPIN_MAX_US, gc_guard=None):
        if not isinstance(spin_max_us, int) or spin_max_us < 0 or spin_max_us > LOOP_EST_MAX_US:
            raise ValueError("VintageMode: spin_max_us must be an integer 0-%d, got %r" % (LOOP_EST_MAX_US, spin_max_us))
        self._mono = monotonic_ns
        self._hooks = hooks if hooks is not None else ArpHooks()
        self.din = DinOut(din_uart, din_channel)
        self.ring = EventRing()
        self._loader = BufferLoader()
        self._replies = Replies(usb_out)
        self._player = Player(self.ring, self.din)
        self._spin_max = spin_max_us
        self._gc = gc_guard
        self.active = False
        self.playing = False
        self.calibrating = False
        # Arp settings (CC 20-23), the spec's defaults.
        self.pattern = 0
        self.division = 1
        self.octave_range = 1
        self.latch = False
        # The board's u28 µs clock when the current (or last) playback started: t = 0 of the take.
        self.started_at_us = 0
        self._sum = 0
        self._cal_ref = 0
        # When the USB reads around the command being handled began (UsbLink sets them through usb_window() before
        # it dispatches a read's bytes): the last read that returned nothing, and the read that returned the bytes.
        # Until the first read, both are the clock now, the earliest the firmware can see anything (PROTOCOL.md §3.5).
        self.usb_empty_us = self.now_us()
        self.usb_read_us = self.usb_empty_us
        # The calibration's own copies, taken when the Calibrate is handled (CalibrationTiming's r and e).
        self._cal_read = 0
        self._cal_empty = 0
        self._tick_end = -1
        self._loop_est = LOOP_EST_INIT_US

    # --- USB input (from UsbLink) -------------------------------------------------------------------------------

    def handle_cc(self, cc, value):
        """A Control Change from USB, any channel (PROTOCOL.md §2). Returns True when it was a Vintage Mode command."""
        if cc == CC_ENTER:
            self.enter()
            return True
        if not (CC_PATTERN <= cc <= CC_LATCH or CC_START <= cc <= CC_CALIBRATE):
            return False
        if not self.active:
            self._send_status(NOT_IN_VINTAGE_MODE)
        elif cc == CC_PATTERN:
            self.pattern = min(value, PATTERN_MAX)
        elif cc == CC_DIVISION:
            self.division = min(value, DIVISION_MAX)
        elif cc == CC_OCTAVES:
            self.octave_range = min(value, OCTAVES_MAX)
        elif cc == CC_LATCH:
            self.latch = value > 0
        elif cc == CC_START:
            self.start_playback()
        elif cc == CC_STOP:
            self.stop_playback()
        elif cc == CC_EXIT:
            self.exit()
        else:
            self.calibrate()
        return True

    def handle_sysex(self, buf, n):
        """A whole SysEx buf[0:n], F0 ... F7 (PROTOCOL.md §3, §4.4, §4.5)."""
        if n == 6 and buf[1] == UNIVERSAL_NON_REALTIME and buf[3] == 0x06 and buf[4] == 0x01:
            self._replies.identity()
            return
        if n < 3 or buf[1] != MANUFACTURER_ID:
            return
        cmd = buf[2] if n > 3 else -1
        if cmd == CMD_LOAD or cmd == CMD_APPEND:
            self._buffer_message(buf, n, True)
        elif cmd == CMD_STATUS_REQUEST:
            self._send_status(OK if n == 4 else MALFORMED)
        elif not _sent_by_arp(cmd):
            self._send_status(MALFORMED)

    def handle_broken_sysex(self, data, n):
        """A SysEx that was cut by a status byte or exceeded the size limit (no F7); data[0:n] is what was kept."""
        if n < 2 or data[1] != MANUFACTURER_ID:
            return
        cmd = data[2] if n > 2 else -1
        if cmd == CMD_LOAD or cmd == CMD_APPEND:
            self._buffer_message(data, n, False)
        elif not _sent_by_arp(cmd):
            self._send_status(MALFORMED)

    def usb_window(self, empty_us, read_us):
        """UsbLink, before it dispatches the bytes of a read: when the last empty read began and when this read began,
        u28 µs of now_us(). Two stores, nothing allocated."""
        self.usb_empty_us = empty_us
        self.usb_read_us = read_us

    # --- commands (PROTOCOL.md §5) ------------------------------------------------------------------------------

    def enter(self):
        """CC 102 (§5.1). Again while in Vintage Mode: stops playback and clears the buffer."""
        if self.active:
            if self.playing:
                self._end_playback()
            self.ring.clear()
            return
        self.active = True
        self.ring.clear()
        self._hooks.suspend_display(SCREEN_TEXT)
        self._hooks.suspend_buttons()
        self._hooks.suspend_arpeggiator()

    def exit(self):
        """CC 103 (§5.2): stop, finish a calibration early (note-off, ACK and CalibrationTiming now), clear, hand the
        UI back."""
        if self.playing:
            self._end_playback()
        if self.calibrating:
            self._finish_calibration()
        self.ring.clear()
        self.active = False
        self._hooks.resume_display()
        self._hooks.resume_buttons()
        self._hooks.resume_arpeggiator(self.pattern, self.division, self.octave_range, self.latch)

    def start_playback(self):
        """CC 100 (§5.3)."""
        if self.playing or self.calibrating:
            self._send_status(BUSY)
        elif self.ring.count == 0:
            self._send_status(BUFFER_EMPTY)
        else:
            self.playing = True
            self.started_at_us = self.now_us()
            self._player.start(self.started_at_us)
            # PlaybackStarted (§3.4) before any event plays: the host places the take by this time, not by when
            # it sent the Start (USB jitter).
            self._replies.started(self.started_at_us)

    def stop_playback(self):
        """CC 101 (§5.4). Not playing: accepted, does nothing."""
        if self.playing:
            self._end_playback()

    def calibrate(self):
        """CC 104 (§5.5): note-on now, note-off 100 ms later from tick(), then the ACK with the time received and
        the CalibrationTiming (§3.5)."""
        if self.playing or self.calibrating:
            self._send_status(BUSY)
            return
        self._cal_ref = self.now_us()
        self._cal_read = self.usb_read_us
        self._cal_empty = self.usb_empty_us
        self.calibrating = True
        self.din.note_on(CALIBRATION_NOTE, CALIBRATION_VELOCITY)

    # --- main loop ----------------------------------------------------------------------------------------------

    def tick(self):
        """Call once per main-loop pass: sends the DIN messages that are due. Allocates nothing itself."""
        now = self.now_us()
        if self._tick_end >= 0:
            # Peak-hold estimate of the time between ticks (end of one to start of the next), decaying slowly.
            gap = (now - self._tick_end) & U28_MASK
            if gap > LOOP_EST_MAX_US:
                gap = LOOP_EST_MAX_US
            est = self._loop_est
            self._loop_est = gap if gap > est else est - ((est - gap) >> 4)
        if self.playing or self.calibrating:
            now = self._service(now)
        self._tick_end = now
        if self._gc is not None:
            wait = self._next_wait(now)
            if wait < 0 or wait > GC_GAP_US:
                self._gc.maybe_collect()

    def flags(self):
        f = 0
        if self.active:
            f |= FLAG_VINTAGE
        if self.playing:
            f |= FLAG_PLAYING
        if self.latch:
            f |= FLAG_LATCH
        if self.calibrating:
            f |= FLAG_CALIBRATING
        return f

    @property
    def loop_estimate_us(self):
        return self._loop_est

    def now_us(self):
        """The board's clock, µs since boot modulo 2^28: the time every reply carries. One monotonic_ns() call (a
        little garbage on CircuitPython: a long int; arp/gc_guard.py)."""
        return (self._mono() // 1000) & U28_MASK

    # --- internals ----------------------------------------------------------------------------------------------

    def _service(self, now):
        # Sends what is due; if the next deadline comes before the next tick is expected, spins until it and sends
        # it too (so an event is late by the clock's resolution, not by a loop period).
        spun = 0
        while True:
            if self.calibrating and ((now - self._cal_ref) & U28_MASK) >= CALIBRATION_NOTE_US:
                self._finish_calibration()
            if self.playing and self._player.service(now):
                self._end_playback()
            wait = self._next_wait(now)
            if wait < 0:
                return now
            limit = self._loop_est + SPIN_MARGIN_US
            if limit > self._spin_max:
                limit = self._spin_max
            if wait > limit or spun + wait > SPIN_TICK_MAX_US:
                return now
            start = now
            while ((now - start) & U28_MASK) < wait:
                now = self.now_us()
            spun += (now - start) & U28_MASK

    def _next_wait(self, now):
        wait = -1
        if self.playing:
            wait = self._player.wait(now)
        if self.calibrating:
            w = CALIBRATION_NOTE_US - ((now - self._cal_ref) & U28_MASK)
            if wait < 0 or w < wait:
                wait = w
        return wait

    def _end_playback(self):
        # Stop (§5.4): note-offs for the sounding notes, CC 123; the take stays if it is whole.
        self.playing = False
        self.din.release_all()
        self.ring.rewind()

    def _finish_calibration(self):
        # The note-off, then the ACK, then when the ACK began to be written with when the Calibrate came in (§3.5).
        self.din.note_off(CALIBRATION_NOTE, 0)
        self.calibrating = False
        ack_us = self.now_us()
        self._replies.ack(self._cal_ref)
        self._replies.timing(self._cal_ref, self._cal_read, self._cal_empty, ack_us)

    def _buffer_message(self, buf, n, complete):
        append = buf[2] == CMD_APPEND
        self._sum = event_sum(buf, n, complete)
        if not self.active:
            self._send_status(NOT_IN_VINTAGE_MODE)
            return
        if self.playing and not append:
            self._send_status(BUSY)
            return
        code = self._loader.check(buf, n, complete, append, self.ring)
        if code == OK:
            self._loader.commit(buf, n, append, self.ring)
        self._send_status(code)

    def _send_status(self, code):
        self._replies.status(code, self.flags(), self.pattern, self.division, self.octave_range, self.ring.count, self._sum)
