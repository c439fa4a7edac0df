// The firmware's own numbers (firmware/arp/constants.py), those that are not wire format. Wire-format numbers come
// from @vcpi/protocol.
import { STATUS_CODE_VALUE } from '@vcpi/protocol';

/** Status codes as numbers (PROTOCOL.md §4.1). */
export const OK = STATUS_CODE_VALUE.Ok;
export const MALFORMED = STATUS_CODE_VALUE.Malformed;
export const TOO_MANY_EVENTS = STATUS_CODE_VALUE.TooManyEvents;
export const NOT_IN_VINTAGE_MODE = STATUS_CODE_VALUE.NotInVintageMode;
export const OUT_OF_ORDER = STATUS_CODE_VALUE.OutOfOrder;
export const BUFFER_EMPTY = STATUS_CODE_VALUE.BufferEmpty;
export const BUSY = STATUS_CODE_VALUE.Busy;

export const U28_MASK = 0x0fffffff;
export const U28_HALF = 0x08000000;

export const SCREEN_TEXT = 'VINTAGE MODE - USB CTRL';

/** Longest wait spun on the clock for an event due before the next tick; 0 sends on ticks only. */
export const SPIN_MAX_US = 2000;
export const SPIN_MARGIN_US = 250;
/** Most time spun in all in one tick, so dense events cannot keep USB input waiting longer. */
export const SPIN_TICK_MAX_US = 6000;
export const LOOP_EST_INIT_US = 2000;
export const LOOP_EST_MAX_US = 20000;
/** A wait this long or longer is moved forward in steps (player.ts). */
export const REBASE_US = 0x04000000;
/** The garbage collector may run only when no DIN deadline is nearer than this. */
export const GC_GAP_US = 20000;

export const SYSEX_MAX_BYTES = 8192;
export const USB_READ_BYTES = 64;
export const USB_READS_PER_POLL = 4;
