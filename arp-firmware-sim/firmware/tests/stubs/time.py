# Stub of CircuitPython's `time`: the virtual board's clock (quantised to 1/clock_hz, drifting by drift_ppm). Each
# call costs clock_read_us of virtual time, so a loop spinning on the clock ends. The module-level functions use the
# attached board; for_board() gives a time module bound to one board, for code that outlives the attachment.

_board = None


def attach(vboard):
    global _board
    _board = vboard


class BoardTime:
    def __init__(self, vboard):
        self._board = vboard

    def monotonic_ns(self):
        return self._board.monotonic_ns()

    def monotonic(self):
        return self._board.monotonic_ns() / 1e9

    def sleep(self, seconds):
        self._board.t += round(seconds * 1e9)


def for_board(vboard):
    return BoardTime(vboard)


def monotonic_ns():
    return _board.monotonic_ns()


def monotonic():
    return _board.monotonic_ns() / 1e9


def sleep(seconds):
    _board.t += round(seconds * 1e9)
