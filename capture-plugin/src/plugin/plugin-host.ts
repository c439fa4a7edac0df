// What the VintageCapture plugin shell (native/plugin, running this core in QuickJS — or a Node harness) provides to
// the core. Every call is synchronous and made on the JS thread; the shell calls back `timer(id)` when a timer is due.

export interface PluginHost {
  /** the shell's monotonic clock, µs (the time base of every hostUs argument) */
  nowUs(): number;
  /** bytes to the Arp's USB MIDI input (the shell writes them to the Arp's port) */
  sendToArp(bytes: Uint8Array): void;
  /** call timer(id) at host time atUs (or at once when it has passed) */
  setTimer(id: number, atUs: number): void;
  clearTimer(id: number): void;
  /** writes a take file whole (atomically); returns where it went */
  writeFile(name: string, bytes: Uint8Array): string;
  /** a line for the log (not the audio thread) */
  log(message: string): void;
}
