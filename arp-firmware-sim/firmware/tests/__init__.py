# Host-side tests of the Arp firmware: the real modules under arp/ on CPython, with explicit stub modules for the
# CircuitPython APIs (tests/stubs) bound to a virtual board with a controllable clock (tests/virtual_board.py).
