# The M4 device model, the same parameters and defaults as arp-firmware-sim/src/device-model.ts (snake_case here and
# in the scenario vectors). Times in microseconds. The defaults are estimates for a SAMD51 at 120 MHz running
# CircuitPython 9, not measurements; arp-firmware-sim/README.md says where each comes from.

DEFAULTS = {
    "loop_period_us": 1000,  # one pass of the Arp's main loop besides Vintage Mode's own work
    "loop_jitter_us": 250,  # ± uniform, seeded
    "clock_hz": 16384,  # monotonic_ns() advances in steps of 1/16384 s (61.035 µs)
    "clock_read_us": 10,  # CPU time of one monotonic_ns() call (what a spin loop costs per pass)
    "drift_ppm": 0,  # crystal error: the board's clock runs fast (+) or slow (-)
    "din_baud": 31250,  # 10 bits per byte: 320 µs
    "uart_fifo_bytes": 2,  # busio.UART.write() returns when this many bytes are left to send (DATA + shift register)
    "usb_read_us": 5,  # CPU time of one usb_midi read call
    "usb_byte_us": 6,  # CPU time to parse one received byte in Python
    "boot_us": 1000000,  # the board's uptime when the simulation starts (its monotonic_ns origin)
}


def model(overrides=None):
    """DEFAULTS with `overrides` (a dict, e.g. a scenario's "device"); unknown keys are errors."""
    m = dict(DEFAULTS)
    for key, value in (overrides or {}).items():
        if key not in DEFAULTS:
            raise ValueError("device model: unknown parameter %r (known: %s)" % (key, ", ".join(sorted(DEFAULTS))))
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ValueError("device model: %s must be a number, got %r" % (key, value))
        m[key] = value
    if m["clock_hz"] <= 0 or m["din_baud"] <= 0 or m["loop_period_us"] <= 0:
        raise ValueError("device model: clock_hz, din_baud and loop_period_us must be > 0")
    return m
