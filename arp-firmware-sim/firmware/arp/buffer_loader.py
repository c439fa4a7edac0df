# LoadBuffer (01) and AppendBuffer (04) straight from the received SysEx bytes into the ring (PROTOCOL.md §3.1,
# §3.2). All-or-nothing: check() reads the whole message first, commit() writes it only when check() said OK, so a
# refused message leaves the buffer as it was. No staging copy and no allocation: the order check uses two
# preallocated 128-byte tables.
#
# Check order (the same as the protocol library's decodeBufferMessage, so both answer the same code):
#   length < 6, count missing or 0 → MALFORMED; count > 1000 → TOO_MANY_EVENTS; cut or oversize SysEx → MALFORMED;
#   length ≠ 6 + 7n → MALFORMED; an `on` byte > 1 → MALFORMED; order → OUT_OF_ORDER; Append over free → TOO_MANY_EVENTS.
from arp.constants import (
    BUFFER_OVERHEAD,
    EVENT_BYTES,
    MALFORMED,
    MAX_EVENTS,
    OK,
    OUT_OF_ORDER,
    SUM_MODULUS,
    TOO_MANY_EVENTS,
    U28_HALF,
    U28_MASK,
)


def event_sum(buf, n, complete):
    """Status `s` (PROTOCOL.md §4.3): the sum of the bytes between nL and F7, modulo 16 384. For a SysEx that was
    cut or exceeded the size limit (`complete` False, no F7 kept), the bytes received after nL."""
    end = n - 1 if complete else n
    total = 0
    i = BUFFER_OVERHEAD - 1
    while i < end:
        total += buf[i]
        i += 1
    return total % SUM_MODULUS


def event_count(buf, n):
    """nH·128 + nL, or -1 when the message stops before the count."""
    if n < BUFFER_OVERHEAD - 1:
        return -1
    return buf[3] * 128 + buf[4]


def _time_at(buf, o):
    return ((buf[o] * 128 + buf[o + 1]) * 128 + buf[o + 2]) * 128 + buf[o + 3]


class BufferLoader:
    def __init__(self):
        # Notes switched on at the current time (a note-off of one of them at that time is out of order), and the
        # list of those notes so they can be unmarked when time moves on.
        self._on_now = bytearray(128)
        self._marked = bytearray(128)

    def check(self, buf, n, complete, append, ring):
        """The status code for a Load (append False) or Append of buf[0:n]; `ring` gives the free slots and the
        last event held."""
        if complete and n < BUFFER_OVERHEAD:
            return MALFORMED
        count = event_count(buf, n)
        if count <= 0:
            return MALFORMED
        if count > MAX_EVENTS:
            return TOO_MANY_EVENTS
        if not complete or n != BUFFER_OVERHEAD + EVENT_BYTES * count:
            return MALFORMED
        o = BUFFER_OVERHEAD - 1 + 6
        for _ in range(count):
            if buf[o] > 1:
                return MALFORMED
            o += EVENT_BYTES
        if not self._in_order(buf, count, append, ring):
            return OUT_OF_ORDER
        if append and count > ring.free():
            return TOO_MANY_EVENTS
        return OK

    def commit(self, buf, n, append, ring):
        """Writes a checked message into the ring. A Load replaces the buffer; an Append to an empty buffer starts a
        new take (PROTOCOL.md §3.2)."""
        count = event_count(buf, n)
        if not append or ring.count == 0:
            ring.clear()
        o = BUFFER_OVERHEAD - 1
        for _ in range(count):
            ring.push(_time_at(buf, o), buf[o + 4], buf[o + 5], buf[o + 6])
            o += EVENT_BYTES

    def _in_order(self, buf, count, modular, ring):
        # PROTOCOL.md §3.1/§3.2, as the library's findOrderViolation: each step from the previous event is forward
        # and below 2^27 (modulo 2^28 for an Append); at equal times a note-off may not follow its own note-on.
        on_now = self._on_now
        marked = self._marked
        n_marked = 0
        has_prev = False
        prev = 0
        if modular and ring.count > 0 and ring.has_last:
            has_prev = True
            prev = ring.last_time
            if ring.last_on:
                on_now[ring.last_note] = 1
                marked[0] = ring.last_note
                n_marked = 1
        ok = True
        o = BUFFER_OVERHEAD - 1
        for _ in range(count):
            t = _time_at(buf, o)
            note = buf[o + 4]
            if has_prev:
                step = ((t - prev) & U28_MASK) if modular else t - prev
                if step < 0 or step >= U28_HALF:
                    ok = False
                    break
                if step > 0:
                    while n_marked > 0:
                        n_marked -= 1
                        on_now[marked[n_marked]] = 0
            if buf[o + 6]:
                if not on_now[note]:
                    on_now[note] = 1
                    marked[n_marked] = note
                    n_marked += 1
            elif on_now[note]:
                ok = False
                break
            has_prev = True
            prev = t
            o += EVENT_BYTES
        while n_marked > 0:
            n_marked -= 1
            on_now[marked[n_marked]] = 0
        return ok
