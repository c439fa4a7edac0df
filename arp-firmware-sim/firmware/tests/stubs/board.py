# Stub of CircuitPython's `board`: the pins the firmware names.


class Pin:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "board.%s" % self.name


TX = Pin("TX")
RX = Pin("RX")
