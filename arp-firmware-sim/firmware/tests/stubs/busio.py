# Stub of CircuitPython's `busio`: UART writes go onto the virtual board's DIN line, serialised at the baud rate.
from tests.stubs.board import Pin

_board = None


def attach(vboard):
    global _board
    _board = vboard


class UART:
    def __init__(self, tx, rx, *, baudrate=9600, bits=8, parity=None, stop=1, timeout=1, receiver_buffer_size=64):
        if _board is None:
            raise RuntimeError("busio stub: no virtual board installed (tests.stubs.install)")
        if not isinstance(tx, Pin):
            raise ValueError("busio.UART: tx must be a board pin, got %r" % (tx,))
        if baudrate != _board.model["din_baud"]:
            raise ValueError("busio.UART: the virtual DIN line runs at %d baud, got %r" % (_board.model["din_baud"], baudrate))
        if bits != 8 or parity is not None or stop != 1:
            raise ValueError("busio.UART: MIDI is 8N1, got bits=%r parity=%r stop=%r" % (bits, parity, stop))
        self._board = _board
        self.baudrate = baudrate
        self.timeout = timeout

    def write(self, buf):
        return self._board.uart_write(buf)

    def deinit(self):
        self._board = None
