# Keeps CircuitPython's garbage collector out of the moments that matter. Playback allocates nothing per event, but
# time.monotonic_ns() returns a long int, so every clock read leaves a little garbage; left alone, the collector
# would run whenever the heap fills, possibly just before a note is due. VintageMode calls maybe_collect() only when
# no DIN deadline is nearer than GC_GAP_US (20 ms), and this collects once free memory is below `low_water`, so the
# heap never fills during playback.
import gc


class GcGuard:
    def __init__(self, low_water=32768):
        if not isinstance(low_water, int) or low_water < 0:
            raise ValueError("GcGuard: low_water must be an integer >= 0, got %r" % (low_water,))
        self._low_water = low_water
        # gc.mem_free() exists on CircuitPython/MicroPython only; on CPython (the tests) the guard never collects.
        self._mem_free = getattr(gc, "mem_free", None)
        self.collections = 0

    def maybe_collect(self):
        if self._mem_free is not None and self._mem_free() < self._low_water:
            gc.collect()
            self.collections += 1
