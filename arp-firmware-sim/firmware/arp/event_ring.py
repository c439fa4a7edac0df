# The note buffer: a ring of 1000 events in preallocated arrays (PROTOCOL.md §3, §5.3). 7 bytes of payload per event
# as the spec's memory budget says (4-byte time, note, velocity, on), no per-event objects, so filling and playing it
# never allocates.
from array import array

from arp.constants import MAX_EVENTS


class EventRing:
    """Events in play order. While playing, played events free their slots (streaming Appends reuse them).

    The events written since the take began are remembered: if they all still fit (at most `capacity`), the take is
    whole and rewind() makes it playable again from its first event; once an Append has overwritten the take's
    beginning, rewind() empties the buffer (PROTOCOL.md §5.3).
    """

    def __init__(self, capacity=MAX_EVENTS):
        if not isinstance(capacity, int) or capacity < 1:
            raise ValueError("EventRing: capacity must be an integer >= 1, got %r" % (capacity,))
        self.capacity = capacity
        # Times are u28 (< 2^30), so reading them back gives small ints on CircuitPython. A bytearray initialiser is
        # taken as raw bytes by both CircuitPython and CPython ("I" is 4 bytes on both).
        self.times = array("I", bytearray(4 * capacity))
        self.notes = bytearray(capacity)
        self.velocities = bytearray(capacity)
        self.ons = bytearray(capacity)
        self.head = 0
        self.count = 0
        self._take_start = 0
        self._take_written = 0
        # The last event held (the reference of the next Append's first step, PROTOCOL.md §3.2).
        self.has_last = False
        self.last_time = 0
        self.last_note = 0
        self.last_on = 0

    def clear(self):
        self.head = 0
        self.count = 0
        self._take_start = 0
        self._take_written = 0
        self.has_last = False

    def free(self):
        return self.capacity - self.count

    def push(self, time_us, note, velocity, on):
        """Appends one event; the caller has checked free() first."""
        i = self.head + self.count
        if i >= self.capacity:
            i -= self.capacity
        self.times[i] = time_us
        self.notes[i] = note
        self.velocities[i] = velocity
        self.ons[i] = on
        self.count += 1
        self._take_written += 1
        self.has_last = True
        self.last_time = time_us
        self.last_note = note
        self.last_on = on

    def pop(self):
        """Drops the first event (it has been played) and frees its slot."""
        self.head += 1
        if self.head == self.capacity:
            self.head = 0
        self.count -= 1

    def rewind(self):
        """After playback: the whole take again if it is intact, otherwise nothing. Returns True when whole."""
        if self._take_written <= self.capacity:
            self.head = self._take_start
            self.count = self._take_written
            return True
        self.clear()
        return False
