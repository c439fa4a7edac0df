# Playback of the ring on the firmware clock (PROTOCOL.md §5.3): each event goes to DIN when now − start ≥ t.
#
# All times are u28 microseconds (small ints on CircuitPython). The player keeps the due time of the last event sent
# (`_ref`) and the wait from there to the next event (`_wait`, the step between their timestamps modulo 2^28), so a
# take may run past the 2^28 µs wrap (PROTOCOL.md §3.2). A wait of 2^26 µs or more (only a Load's first event can
# have one) is moved forward in steps, so no modular difference ever comes near 2^27.
from arp.constants import REBASE_US, U28_MASK


class Player:
    def __init__(self, ring, din):
        self._ring = ring
        self._din = din
        self._ref = 0
        self._wait = 0

    def start(self, now):
        """Playback starts at `now` with the first buffered event (its time counts from 0)."""
        self._ref = now
        self._wait = self._ring.times[self._ring.head]

    def service(self, now):
        """Sends every event due at `now`, in order (late ones at once). Returns True once the last event is sent."""
        ring = self._ring
        din = self._din
        while ring.count > 0:
            since = (now - self._ref) & U28_MASK
            if since < self._wait:
                if since >= REBASE_US:
                    self._ref = (self._ref + since) & U28_MASK
                    self._wait -= since
                return False
            i = ring.head
            if ring.ons[i]:
                din.note_on(ring.notes[i], ring.velocities[i])
            else:
                din.note_off(ring.notes[i], ring.velocities[i])
            self._ref = (self._ref + self._wait) & U28_MASK
            t = ring.times[i]
            ring.pop()
            if ring.count > 0:
                self._wait = (ring.times[ring.head] - t) & U28_MASK
        return True

    def wait(self, now):
        """Microseconds from `now` until the next event is due (≤ 0: due)."""
        return self._wait - ((now - self._ref) & U28_MASK)
