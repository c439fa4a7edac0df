# The firmware as it runs on the board (arp.app.open_board, importing usb_midi, busio and board), built on a
# VirtualBoard through the stub modules.
from arp.app import open_board
from arp.constants import SPIN_MAX_US
from tests import stubs
from tests.recording_hooks import RecordingHooks
from tests.virtual_board import VirtualBoard


class BoardApp:
    def __init__(self, device=None, seed=1, din_channel=1, spin_max_us=SPIN_MAX_US, hooks=None):
        self.board = VirtualBoard(device, seed)
        self.hooks = hooks if hooks is not None else RecordingHooks()
        time_stub = stubs.install(self.board)
        try:
            self.app = open_board(self.hooks, din_channel, time_stub.monotonic_ns, False, spin_max_us)
        finally:
            stubs.uninstall()
        self.vintage = self.app.vintage

    def send(self, data, at_us, chunk=48):
        self.board.host_send(data, at_us, chunk)

    def run_until(self, end_us):
        self.board.run_until(end_us, self.app.step)

    def trace(self):
        """What left the board, in the form the scenario runner and the parity test compare."""
        return {
            "usb_out": [{"hex": hexs(b), "at_ns": t} for (t, b) in self.board.usb_out],
            "din": [{"hex": hexs(b), "start_ns": s, "end_ns": e} for (b, s, e) in self.board.din],
            "hooks": list(self.hooks.calls),
            "forwarded": [hexs(b) for b in self.hooks.forwarded],
        }


def hexs(data):
    return " ".join("%02X" % b for b in data)


def unhex(text):
    return bytes(int(tok, 16) for tok in text.split())
