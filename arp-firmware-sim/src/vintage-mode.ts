// Vintage Mode (PROTOCOL.md §5): the simulator's copy of firmware/arp/modes/vintage_mode.py, statement for
// statement, so both make the same decisions and read the clock the same number of times (the parity test compares
// their traces).
import {
  CALIBRATION_NOTE,
  CALIBRATION_NOTE_US,
  CALIBRATION_VELOCITY,
  COMMAND_CC,
  FLAG_BIT,
  IDENTITY_REQUEST,
  GENERAL_INFORMATION,
  MANUFACTURER_ID,
  SETTING_MAX,
  SYSEX_COMMAND,
  UNIVERSAL_NON_REALTIME,
} from '@vcpi/protocol';
import { checkBuffer, commitBuffer, eventSum } from './buffer-loader.js';
import { DinOut, type ByteWriter } from './din-out.js';
import { EventRing } from './event-ring.js';
import {
  BUFFER_EMPTY,
  BUSY,
  GC_GAP_US,
  LOOP_EST_INIT_US,
  LOOP_EST_MAX_US,
  MALFORMED,
  NOT_IN_VINTAGE_MODE,
  OK,
  SCREEN_TEXT,
  SPIN_MARGIN_US,
  SPIN_MAX_US,
  SPIN_TICK_MAX_US,
  U28_MASK,
} from './firmware-constants.js';
import { NO_HOOKS, type ArpHooks } from './hooks.js';
import { Player } from './player.js';
import { Replies } from './replies.js';

const CC = COMMAND_CC;

/** CalibrationAck, Status, PlaybackStarted and CalibrationTiming go from the Arp to the host; receiving one is
 * ignored (no reply, so two Arps wired to each other cannot ping-pong; PROTOCOL.md §4.3). */
const sentByArp = (cmd: number): boolean =>
  cmd === SYSEX_COMMAND.CalibrationAck ||
  cmd === SYSEX_COMMAND.Status ||
  cmd === SYSEX_COMMAND.PlaybackStarted ||
  cmd === SYSEX_COMMAND.CalibrationTiming;

export interface VintageModeOptions {
  hooks?: ArpHooks;
  /** DIN output channel 1-16 (PROTOCOL.md §5.6), default 1 */
  dinChannel?: number;
  /** longest wait spun on the clock for an event due before the next tick, µs (0-20000, default 2000); 0 sends on
   * ticks only */
  spinMaxUs?: number;
  /** called when no DIN deadline is near (the firmware's GcGuard) */
  gcGuard?: { maybeCollect(): void };
}

export class VintageMode {
  readonly din: DinOut;
  readonly ring = new EventRing();
  active = false;
  playing = false;
  calibrating = false;
  pattern = 0;
  division = 1;
  octaveRange = 1;
  latch = false;
  /** The board's u28 µs clock when the current (or last) playback started: t = 0 of the take. */
  startedAtUs = 0;
  /** When the USB reads around the command being handled began (UsbLink sets them through usbWindow() before it
   * dispatches a read's bytes): the last read that returned nothing, and the read that returned the bytes. Until the
   * first read, both are the clock at construction, the earliest the firmware can see anything (PROTOCOL.md §3.5). */
  usbEmptyUs: number;
  usbReadUs: number;
  private readonly mono: () => number;
  private readonly hooks: ArpHooks;
  private readonly replies: Replies;
  private readonly player: Player;
  private readonly spinMax: number;
  private readonly gc: { maybeCollect(): void } | undefined;
  private sum = 0;
  private calRef = 0;
  /** The calibration's own copies, taken when the Calibrate is handled (CalibrationTiming's r and e). */
  private calRead = 0;
  private calEmpty = 0;
  private tickEnd = -1;
  private loopEst = LOOP_EST_INIT_US;

  /** @throws RangeError for a DIN channel outside 1-16 or spinMaxUs outside 0-20000 */
  constructor(dinUart: ByteWriter, usbOut: ByteWriter, monotonicNs: () => number, options: VintageModeOptions = {}) {
    const spin = options.spinMaxUs ?? SPIN_MAX_US;
    if (!Number.isInteger(spin) || spin < 0 || spin > LOOP_EST_MAX_US) {
      throw new RangeError(`VintageMode: spinMaxUs must be an integer 0-${LOOP_EST_MAX_US}, got ${String(spin)}`);
    }
    this.mono = monotonicNs;
    this.hooks = options.hooks ?? NO_HOOKS;
    this.din = new DinOut(dinUart, options.dinChannel ?? 1);
    this.replies = new Replies(usbOut);
    this.player = new Player(this.ring, this.din);
    this.spinMax = spin;
    this.gc = options.gcGuard;
    this.usbEmptyUs = this.nowUs();
    this.usbReadUs = this.usbEmptyUs;
  }

  /** UsbLink, before it dispatches the bytes of a read: when the last empty read began and when this read began,
   * u28 µs of nowUs(). */
  usbWindow(emptyUs: number, readUs: number): void {
    this.usbEmptyUs = emptyUs;
    this.usbReadUs = readUs;
  }

  // --- USB input -------------------------------------------------------------------------------------------------

  /** A Control Change from USB, any channel (PROTOCOL.md §2). Returns true when it was a Vintage Mode command. */
  handleCc(cc: number, value: number): boolean {
    if (cc === CC.EnterVintageMode) {
      this.enter();
      return true;
    }
    if (!((cc >= CC.Pattern && cc <= CC.Latch) || (cc >= CC.StartPlayback && cc <= CC.Calibrate))) return false;
    if (!this.active) this.sendStatus(NOT_IN_VINTAGE_MODE);
    else if (cc === CC.Pattern) this.pattern = Math.min(value, SETTING_MAX.Pattern);
    else if (cc === CC.Division) this.division = Math.min(value, SETTING_MAX.Division);
    else if (cc === CC.OctaveRange) this.octaveRange = Math.min(value, SETTING_MAX.OctaveRange);
    else if (cc === CC.Latch) this.latch = value > 0;
    else if (cc === CC.StartPlayback) this.startPlayback();
    else if (cc === CC.StopPlayback) this.stopPlayback();
    else if (cc === CC.ExitVintageMode) this.exit();
    else this.calibrate();
    return true;
  }

  /** A whole SysEx bytes[0:n], F0 … F7 (PROTOCOL.md §3, §4.4, §4.5). */
  handleSysex(bytes: Uint8Array, n: number): void {
    if (n === 6 && bytes[1] === UNIVERSAL_NON_REALTIME && bytes[3] === GENERAL_INFORMATION && bytes[4] === IDENTITY_REQUEST) {
      this.replies.identity();
      return;
    }
    if (n < 3 || bytes[1] !== MANUFACTURER_ID) return;
    const cmd = n > 3 ? (bytes[2] as number) : -1;
    if (cmd === SYSEX_COMMAND.LoadBuffer || cmd === SYSEX_COMMAND.AppendBuffer) this.bufferMessage(bytes, n, true);
    else if (cmd === SYSEX_COMMAND.StatusRequest) this.sendStatus(n === 4 ? OK : MALFORMED);
    else if (!sentByArp(cmd)) this.sendStatus(MALFORMED);
  }

  /** A SysEx cut by a status byte or over the size limit (no F7); bytes[0:n] is what was kept. */
  handleBrokenSysex(bytes: Uint8Array, n: number): void {
    if (n < 2 || bytes[1] !== MANUFACTURER_ID) return;
    const cmd = n > 2 ? (bytes[2] as number) : -1;
    if (cmd === SYSEX_COMMAND.LoadBuffer || cmd === SYSEX_COMMAND.AppendBuffer) this.bufferMessage(bytes, n, false);
    else if (!sentByArp(cmd)) this.sendStatus(MALFORMED);
  }

  // --- commands (PROTOCOL.md §5) ---------------------------------------------------------------------------------

  enter(): void {
    if (this.active) {
      if (this.playing) this.endPlayback();
      this.ring.clear();
      return;
    }
    this.active = true;
    this.ring.clear();
    this.hooks.suspendDisplay(SCREEN_TEXT);
    this.hooks.suspendButtons();
    this.hooks.suspendArpeggiator();
  }

  exit(): void {
    if (this.playing) this.endPlayback();
    if (this.calibrating) this.finishCalibration();
    this.ring.clear();
    this.active = false;
    this.hooks.resumeDisplay();
    this.hooks.resumeButtons();
    this.hooks.resumeArpeggiator(this.pattern, this.division, this.octaveRange, this.latch);
  }

  startPlayback(): void {
    if (this.playing || this.calibrating) this.sendStatus(BUSY);
    else if (this.ring.count === 0) this.sendStatus(BUFFER_EMPTY);
    else {
      this.playing = true;
      this.startedAtUs = this.nowUs();
      this.player.start(this.startedAtUs);
      // PlaybackStarted (§3.4) before any event plays: the host places the take by this time, not by when it sent
      // the Start (USB jitter).
      this.replies.started(this.startedAtUs);
    }
  }

  stopPlayback(): void {
    if (this.playing) this.endPlayback();
  }

  calibrate(): void {
    if (this.playing || this.calibrating) {
      this.sendStatus(BUSY);
      return;
    }
    this.calRef = this.nowUs();
    this.calRead = this.usbReadUs;
    this.calEmpty = this.usbEmptyUs;
    this.calibrating = true;
    this.din.noteOn(CALIBRATION_NOTE, CALIBRATION_VELOCITY);
  }

  // --- main loop -------------------------------------------------------------------------------------------------

  /** Once per main-loop pass: sends the DIN messages that are due. */
  tick(): void {
    let now = this.nowUs();
    if (this.tickEnd >= 0) {
      let gap = (now - this.tickEnd) & U28_MASK;
      if (gap > LOOP_EST_MAX_US) gap = LOOP_EST_MAX_US;
      const est = this.loopEst;
      this.loopEst = gap > est ? gap : est - ((est - gap) >> 4);
    }
    if (this.playing || this.calibrating) now = this.service(now);
    this.tickEnd = now;
    if (this.gc !== undefined) {
      const wait = this.nextWait(now);
      if (wait < 0 || wait > GC_GAP_US) this.gc.maybeCollect();
    }
  }

  flags(): number {
    return (
      (this.active ? FLAG_BIT.vintage : 0) |
      (this.playing ? FLAG_BIT.playing : 0) |
      (this.latch ? FLAG_BIT.latch : 0) |
      (this.calibrating ? FLAG_BIT.calibrating : 0)
    );
  }

  get loopEstimateUs(): number {
    return this.loopEst;
  }

  /** The board's clock, µs since boot modulo 2^28: the time every reply carries. One monotonicNs() call. */
  nowUs(): number {
    return Math.floor(this.mono() / 1000) % 0x10000000;
  }

  // --- internals -------------------------------------------------------------------------------------------------

  private service(start: number): number {
    let now = start;
    let spun = 0;
    for (;;) {
      if (this.calibrating && ((now - this.calRef) & U28_MASK) >= CALIBRATION_NOTE_US) this.finishCalibration();
      if (this.playing && this.player.service(now)) this.endPlayback();
      const wait = this.nextWait(now);
      if (wait < 0) return now;
      const limit = Math.min(this.loopEst + SPIN_MARGIN_US, this.spinMax);
      if (wait > limit || spun + wait > SPIN_TICK_MAX_US) return now;
      const from = now;
      while (((now - from) & U28_MASK) < wait) now = this.nowUs();
      spun += (now - from) & U28_MASK;
    }
  }

  private nextWait(now: number): number {
    let wait = -1;
    if (this.playing) wait = this.player.wait(now);
    if (this.calibrating) {
      const w = CALIBRATION_NOTE_US - ((now - this.calRef) & U28_MASK);
      if (wait < 0 || w < wait) wait = w;
    }
    return wait;
  }

  private endPlayback(): void {
    this.playing = false;
    this.din.releaseAll();
    this.ring.rewind();
  }

  private finishCalibration(): void {
    // The note-off, then the ACK, then when the ACK began to be written with when the Calibrate came in (§3.5).
    this.din.noteOff(CALIBRATION_NOTE, 0);
    this.calibrating = false;
    const ackUs = this.nowUs();
    this.replies.ack(this.calRef);
    this.replies.timing(this.calRef, this.calRead, this.calEmpty, ackUs);
  }

  private bufferMessage(bytes: Uint8Array, n: number, complete: boolean): void {
    const append = bytes[2] === SYSEX_COMMAND.AppendBuffer;
    this.sum = eventSum(bytes, n, complete);
    if (!this.active) {
      this.sendStatus(NOT_IN_VINTAGE_MODE);
      return;
    }
    if (this.playing && !append) {
      this.sendStatus(BUSY);
      return;
    }
    const check = checkBuffer(bytes, n, complete, append, this.ring);
    if (check.code === OK) commitBuffer(check.events, append, this.ring);
    this.sendStatus(check.code);
  }

  private sendStatus(code: number): void {
    this.replies.status(code, this.flags(), this.pattern, this.division, this.octaveRange, this.ring.count, this.sum);
  }
}
