// The M4 device model: how the simulated board spends time. The same parameters and defaults as
// firmware/tests/device_model.py (snake_case there and in the scenario vectors). The defaults are estimates for a
// SAMD51 at 120 MHz running CircuitPython 9, not measurements; README.md says where each comes from.

export interface DeviceModel {
  /** One pass of the Arp's main loop besides Vintage Mode's own work, µs. */
  loopPeriodUs: number;
  /** ± uniform jitter of that pass, µs (seeded). */
  loopJitterUs: number;
  /** monotonic_ns() advances in steps of 1/clockHz s (16384 Hz: 61.035 µs). */
  clockHz: number;
  /** CPU time of one monotonic_ns() call, µs: what one pass of a spin loop costs. */
  clockReadUs: number;
  /** Crystal error: the board's clock runs fast (+) or slow (−) by this many parts per million. */
  driftPpm: number;
  /** DIN baud rate; 10 bits per byte (320 µs at 31 250). */
  dinBaud: number;
  /** busio.UART.write() returns when this many bytes are left to send (data + shift register). */
  uartFifoBytes: number;
  /** CPU time of one usb_midi read call, µs. */
  usbReadUs: number;
  /** CPU time to parse one received byte in Python, µs. */
  usbByteUs: number;
  /** The board's uptime when the simulation starts (the origin of its monotonic_ns), µs. */
  bootUs: number;
}

export const M4_DEFAULTS: Readonly<DeviceModel> = Object.freeze({
  loopPeriodUs: 1000,
  loopJitterUs: 250,
  clockHz: 16384,
  clockReadUs: 10,
  driftPpm: 0,
  dinBaud: 31250,
  uartFifoBytes: 2,
  usbReadUs: 5,
  usbByteUs: 6,
  bootUs: 1_000_000,
});

const SNAKE: Record<keyof DeviceModel, string> = {
  loopPeriodUs: 'loop_period_us',
  loopJitterUs: 'loop_jitter_us',
  clockHz: 'clock_hz',
  clockReadUs: 'clock_read_us',
  driftPpm: 'drift_ppm',
  dinBaud: 'din_baud',
  uartFifoBytes: 'uart_fifo_bytes',
  usbReadUs: 'usb_read_us',
  usbByteUs: 'usb_byte_us',
  bootUs: 'boot_us',
};
const KEYS = Object.keys(SNAKE) as (keyof DeviceModel)[];
const BY_SNAKE = new Map(KEYS.map((k) => [SNAKE[k], k]));

/**
 * M4_DEFAULTS with `overrides`.
 * @throws RangeError naming the parameter for an unknown key, a non-finite number or a value out of range
 */
export function deviceModel(overrides: Partial<DeviceModel> = {}): DeviceModel {
  const m: DeviceModel = { ...M4_DEFAULTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in SNAKE)) throw new RangeError(`deviceModel: unknown parameter ${JSON.stringify(key)} (known: ${KEYS.join(', ')})`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`deviceModel: ${key} must be a finite number, got ${JSON.stringify(value)}`);
    }
    m[key as keyof DeviceModel] = value;
  }
  for (const key of KEYS) {
    const positive = key === 'clockHz' || key === 'dinBaud' || key === 'loopPeriodUs';
    if (key === 'driftPpm' ? Math.abs(m[key]) >= 1e5 : positive ? m[key] <= 0 : m[key] < 0) {
      throw new RangeError(`deviceModel: ${key} is out of range: ${m[key]}`);
    }
  }
  return m;
}

/** A model from snake_case keys, as the scenario vectors write it (`{"loop_jitter_us": 0}`). @throws RangeError */
export function deviceModelFromSnake(overrides: Readonly<Record<string, unknown>> = {}): DeviceModel {
  const camel: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const k = BY_SNAKE.get(key);
    if (!k) throw new RangeError(`device model: unknown parameter ${JSON.stringify(key)} (known: ${[...BY_SNAKE.keys()].join(', ')})`);
    camel[k] = value;
  }
  return deviceModel(camel as Partial<DeviceModel>);
}
