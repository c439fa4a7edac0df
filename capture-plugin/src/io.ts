// Everything the capture core touches outside itself, injected. The same core runs in Node tests (virtual time),
// in Node live use, and bundled inside the VintageCapture plugin's QuickJS; nothing here is a Node API.

/** The host's monotonic clock in µs (virtual in tests). */
export interface Clock {
  nowUs(): number;
}

/** Timers on the same clock. `at` is an absolute time in µs. */
export interface Timers {
  setAt(atUs: number, fn: () => void): number;
  clear(id: number): void;
}

/** Key-value storage for calibration profiles and state (plugin state, a file, localStorage…). */
export interface Storage {
  read(key: string): string | undefined;
  write(key: string, value: string): void;
}

/** Where takes go: a file in a take folder (Node), the plugin's take store (QuickJS). */
export interface TakeWriter {
  /** Writes a whole file atomically; returns where it was written (a path or an id shown to the user). */
  write(name: string, bytes: Uint8Array): string;
}

export interface CoreIo {
  clock: Clock;
  timers: Timers;
  /** Bytes to the Arp's USB MIDI input. */
  sendToArp(bytes: Uint8Array): void;
  storage: Storage;
  takes?: TakeWriter;
  log?(message: string): void;
}
