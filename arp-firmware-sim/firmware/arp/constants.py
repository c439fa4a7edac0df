# Numbers of the Vintage Mode wire format (protocol/PROTOCOL.md) and of the firmware's timing, written once.
# Plain module-level ints: CircuitPython folds them like const() when they are imported by name.

# --- wire format (PROTOCOL.md §2-§4) ---------------------------------------------------------------------------
MANUFACTURER_ID = 0x7D
UNIVERSAL_NON_REALTIME = 0x7E

CMD_LOAD = 0x01
CMD_ACK = 0x02
CMD_STATUS = 0x03
CMD_APPEND = 0x04
CMD_STATUS_REQUEST = 0x05
CMD_STARTED = 0x06
CMD_TIMING = 0x07

CC_PATTERN = 20
CC_DIVISION = 21
CC_OCTAVES = 22
CC_LATCH = 23
CC_START = 100
CC_STOP = 101
CC_ENTER = 102
CC_EXIT = 103
CC_CALIBRATE = 104
CC_ALL_NOTES_OFF = 123

PATTERN_MAX = 3
DIVISION_MAX = 2
OCTAVES_MAX = 3

# Status codes (PROTOCOL.md §4.1)
OK = 0
MALFORMED = 1
TOO_MANY_EVENTS = 2
NOT_IN_VINTAGE_MODE = 3
OUT_OF_ORDER = 4
BUFFER_EMPTY = 5
BUSY = 6

# Status flag bits (PROTOCOL.md §4.2)
FLAG_VINTAGE = 1
FLAG_PLAYING = 2
FLAG_LATCH = 4
FLAG_CALIBRATING = 8

MAX_EVENTS = 1000
EVENT_BYTES = 7
BUFFER_OVERHEAD = 6
SUM_MODULUS = 16384

# 28-bit microsecond arithmetic (PROTOCOL.md §3.2, §3.3). Every time the firmware keeps is a u28, which stays a
# small int on CircuitPython (small ints hold 30 bits), so time arithmetic never allocates.
U28_MASK = 0x0FFFFFFF
U28_HALF = 0x08000000

CALIBRATION_NOTE = 60
CALIBRATION_VELOCITY = 127
CALIBRATION_NOTE_US = 100000

SCREEN_TEXT = "VINTAGE MODE - USB CTRL"

# --- firmware timing (arp-firmware-sim/firmware/README.md, "Timing") ---------------------------------------------
# A tick spins on the clock for an event due before the next tick is expected (the measured loop period plus this
# margin), for a wait of at most SPIN_MAX_US, and for at most SPIN_TICK_MAX_US in all per tick (so dense events cannot
# keep USB input waiting longer than that). SPIN_MAX_US 0 turns spinning off (events go out on the first tick after
# they are due, as the spec's tick() does).
SPIN_MAX_US = 2000
SPIN_MARGIN_US = 250
SPIN_TICK_MAX_US = 6000
# The loop-period estimate starts here and never goes above LOOP_EST_MAX_US.
LOOP_EST_INIT_US = 2000
LOOP_EST_MAX_US = 20000
# A wait longer than this is moved forward in steps so that no u28 difference ever nears 2^27.
REBASE_US = 0x04000000
# The garbage collector may run (gc_guard.py) only when no DIN deadline is nearer than this.
GC_GAP_US = 20000

SYSEX_MAX_BYTES = 8192
USB_READ_BYTES = 64
USB_READS_PER_POLL = 4
