// What Vintage Mode asks of the rest of the Arp firmware (PROTOCOL.md §5.1, §5.2); mirrors firmware/arp/hooks.py.

export interface ArpHooks {
  /** Entering Vintage Mode: stop updating the OLED and show `text` ("VINTAGE MODE - USB CTRL"). */
  suspendDisplay(text: string): void;
  resumeDisplay(): void;
  suspendButtons(): void;
  resumeButtons(): void;
  suspendArpeggiator(): void;
  /** Leaving Vintage Mode: the arpeggiator runs again with the stored CC 20-23 settings. */
  resumeArpeggiator(pattern: number, division: number, octaves: number, latch: boolean): void;
  /** A USB MIDI message that is not a Vintage Mode command; d1 is 0 for one-data-byte messages. */
  forwardMidi(status: number, d0: number, d1: number): void;
  /** A USB MIDI real-time byte. */
  forwardRealtime(byte: number): void;
}

/** Hooks of a board without UI or arpeggiator: every call does nothing. */
export const NO_HOOKS: ArpHooks = Object.freeze({
  suspendDisplay: () => {},
  resumeDisplay: () => {},
  suspendButtons: () => {},
  resumeButtons: () => {},
  suspendArpeggiator: () => {},
  resumeArpeggiator: () => {},
  forwardMidi: () => {},
  forwardRealtime: () => {},
});

/** Records every call as the strings the scenario vectors use (the same as firmware/tests/recording_hooks.py). */
export class RecordingHooks implements ArpHooks {
  readonly calls: string[] = [];
  /** forwarded messages, as bytes */
  readonly forwarded: Uint8Array[] = [];

  suspendDisplay(text: string): void {
    this.calls.push(`suspend_display:${text}`);
  }
  resumeDisplay(): void {
    this.calls.push('resume_display');
  }
  suspendButtons(): void {
    this.calls.push('suspend_buttons');
  }
  resumeButtons(): void {
    this.calls.push('resume_buttons');
  }
  suspendArpeggiator(): void {
    this.calls.push('suspend_arpeggiator');
  }
  resumeArpeggiator(pattern: number, division: number, octaves: number, latch: boolean): void {
    this.calls.push(`resume_arpeggiator:${pattern},${division},${octaves},${latch ? 1 : 0}`);
  }
  forwardMidi(status: number, d0: number, d1: number): void {
    const n = status === 0xf1 || status === 0xf3 || (status >= 0xc0 && status < 0xe0) ? 2 : status === 0xf6 ? 1 : 3;
    this.forwarded.push(Uint8Array.of(status, d0, d1).subarray(0, n));
  }
  forwardRealtime(byte: number): void {
    this.forwarded.push(Uint8Array.of(byte));
  }
}
