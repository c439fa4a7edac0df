# mulberry32, bit for bit the same generator as arp-firmware-sim/src/rng.ts, so a seed gives the same main-loop
# jitter here and in the simulator.
MASK32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & MASK32


class Mulberry32:
    def __init__(self, seed):
        self._a = seed & MASK32

    def next_u32(self):
        self._a = (self._a + 0x6D2B79F5) & MASK32
        t = self._a
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & MASK32
        return (t ^ (t >> 14)) & MASK32

    def next_float(self):
        return self.next_u32() / 4294967296.0
