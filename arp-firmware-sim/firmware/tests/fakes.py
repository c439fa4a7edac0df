# Small explicit fakes for unit tests of single firmware modules (the scenario tests use the full VirtualBoard).


class Recorder:
    """A port or UART: records each write as bytes."""

    def __init__(self):
        self.writes = []

    def write(self, buf):
        self.writes.append(bytes(buf))
        return len(buf)

    def hex(self):
        return [" ".join("%02X" % b for b in w) for w in self.writes]


class StepClock:
    """monotonic_ns that returns `ns` and then moves on by `step_ns` (so a spin on it ends)."""

    def __init__(self, ns=0, step_ns=1000):
        self.ns = ns
        self.step_ns = step_ns
        self.reads = 0

    def __call__(self):
        value = self.ns
        self.ns += self.step_ns
        self.reads += 1
        return value
