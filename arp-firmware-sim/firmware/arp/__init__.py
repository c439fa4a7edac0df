# The Arp's Vintage Mode firmware package (CircuitPython 9; also runs on CPython for the host-side tests).
