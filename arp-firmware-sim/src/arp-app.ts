// The main-loop integration (firmware/arp/app.py VintageApp): USB in → parser → VintageMode → DIN/USB out.
import type { ByteWriter } from './din-out.js';
import { NO_HOOKS, type ArpHooks } from './hooks.js';
import { UsbLink, type UsbPortIn } from './usb-link.js';
import { VintageMode, type VintageModeOptions } from './vintage-mode.js';

export class VintageApp {
  readonly hooks: ArpHooks;
  readonly vintage: VintageMode;
  readonly link: UsbLink;

  /** @throws RangeError for a DIN channel or spin limit out of range */
  constructor(usbIn: UsbPortIn, usbOut: ByteWriter, dinUart: ByteWriter, monotonicNs: () => number, options: VintageModeOptions = {}) {
    this.hooks = options.hooks ?? NO_HOOKS;
    this.vintage = new VintageMode(dinUart, usbOut, monotonicNs, { ...options, hooks: this.hooks });
    this.link = new UsbLink(usbIn, this.vintage, this.hooks);
  }

  /** One main-loop pass of Vintage Mode: poll USB, then tick playback. */
  step(): void {
    this.link.poll();
    this.vintage.tick();
  }
}
