# The main-loop integration of Vintage Mode: one object the Arp's code.py creates and calls once per loop pass.
from arp.constants import SPIN_MAX_US
from arp.gc_guard import GcGuard
from arp.hooks import ArpHooks
from arp.modes.vintage_mode import VintageMode
from arp.usb_link import UsbLink

DIN_BAUDRATE = 31250


class VintageApp:
    """Wires USB in → parser → VintageMode → DIN/USB out. step() = poll USB, then tick playback."""

    def __init__(self, usb_in, usb_out, din_uart, monotonic_ns, hooks=None, din_channel=1, spin_max_us=SPIN_MAX_US, gc_guard=None):
        self.hooks = hooks if hooks is not None else ArpHooks()
        self.vintage = VintageMode(din_uart, usb_out, monotonic_ns, self.hooks, din_channel, spin_max_us, gc_guard)
        self.link = UsbLink(usb_in, self.vintage, self.hooks)

    def step(self):
        self.link.poll()
        self.vintage.tick()


def open_board(hooks=None, din_channel=1, monotonic_ns=None, gc_guard=None, spin_max_us=SPIN_MAX_US):
    """The app on the real board: usb_midi ports 0/1, busio.UART on board.TX at 31 250 baud, time.monotonic_ns,
    and a GcGuard (pass gc_guard=False for none)."""
    import board
    import busio
    import usb_midi

    if monotonic_ns is None:
        import time

        monotonic_ns = time.monotonic_ns
    if gc_guard is None:
        gc_guard = GcGuard()
    elif gc_guard is False:
        gc_guard = None
    uart = busio.UART(board.TX, board.RX, baudrate=DIN_BAUDRATE, timeout=0)
    return VintageApp(usb_midi.ports[0], usb_midi.ports[1], uart, monotonic_ns, hooks, din_channel, spin_max_us, gc_guard)
