# Stub of CircuitPython's `usb_midi`: ports[0] reads what the virtual host sent, ports[1] records what the board
# sends back.

_board = None
ports = ()


class PortIn:
    def __init__(self, vboard):
        self._board = vboard

    def readinto(self, buf, nbytes=None):
        n = self._board.usb_readinto(buf, len(buf) if nbytes is None else nbytes)
        return n if n > 0 else None

    def read(self, nbytes=None):
        buf = bytearray(64 if nbytes is None else nbytes)
        n = self._board.usb_readinto(buf, len(buf))
        return bytes(buf[0:n])


class PortOut:
    def __init__(self, vboard):
        self._board = vboard

    def write(self, buf, nbytes=None):
        self._board.usb_write(buf if nbytes is None else buf[0:nbytes])
        return len(buf) if nbytes is None else nbytes


def attach(vboard):
    global _board, ports
    _board = vboard
    ports = () if vboard is None else (PortIn(vboard), PortOut(vboard))
