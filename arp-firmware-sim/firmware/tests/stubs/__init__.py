# Explicit stand-ins for the CircuitPython modules the firmware imports on the board: usb_midi, busio, board and
# time. Each is a thin module that forwards to the VirtualBoard it is installed with, so the firmware's own
# integration code (arp/app.py open_board) runs unchanged on CPython against a controllable clock.
import sys

from tests.stubs import board as board_stub
from tests.stubs import busio as busio_stub
from tests.stubs import time as time_stub
from tests.stubs import usb_midi as usb_midi_stub

_NAMES = {"board": board_stub, "busio": busio_stub, "usb_midi": usb_midi_stub}


def install(vboard):
    """Binds the stubs to `vboard` and registers usb_midi, busio and board in sys.modules. `time` is not
    registered (CPython's own time module must stay): the firmware takes the returned board-bound time stub's
    monotonic_ns by injection."""
    for name, module in _NAMES.items():
        existing = sys.modules.get(name)
        if existing is not None and existing is not module:
            raise RuntimeError("stubs.install: a real module %r is already imported; the stubs would shadow it" % name)
    usb_midi_stub.attach(vboard)
    busio_stub.attach(vboard)
    time_stub.attach(vboard)
    for name, module in _NAMES.items():
        sys.modules[name] = module
    return time_stub.for_board(vboard)


def uninstall():
    for name, module in _NAMES.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    usb_midi_stub.attach(None)
    busio_stub.attach(None)
    time_stub.attach(None)
