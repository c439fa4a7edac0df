// VintageCapture in a linkvst slot, driven as a user drives it from the CLI: its buttons are parameters (the plugin
// sees a press in its next audio block and releases the button itself), its results are read-only parameters, and
// what it is doing (message, progress, the last error and its hint), its Arp port and its takes are in its state.
import type { ParameterInfo } from '../native/engine.js';
import type { PluginState, PluginStatus } from '@vcpi/capture-plugin';
import { HostError } from '../core/host-error.js';
import type { Host } from '../core/host.js';
import { pluginStateJson, withPluginStateJson } from './juce-state.js';

/** The plugin's name as its summary gives it (every format). */
export const CAPTURE_PLUGIN = 'VintageCapture';

export interface CaptureView {
  slot: number;
  mode: PluginStatus['mode'];
  message: string;
  /** 0..1 of the running operation */
  progress: number;
  /** the plugin has the Arp's port open */
  arp: boolean;
  /** the port the plugin keeps in its state ('' = found by the Arp's identity reply) */
  arpPort: string;
  calibrated: boolean;
  calibration: PluginState['calibration'];
  /** the last take's p99 timing error, ms (NaN before a take) */
  takeErrorMs: number;
  error: PluginStatus['error'];
  takes: string[];
}

export interface WaitOptions {
  /** called with each new message (and progress) while the operation runs */
  onProgress?: (line: string) => void;
  /** gives up (and aborts the operation) after this long, ms */
  timeoutMs?: number;
  /** injectable for tests */
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const POLL_MS = 100;

function valueOf(params: readonly ParameterInfo[], name: string): ParameterInfo {
  const p = params.find((x) => x.name === name);
  if (!p) throw new HostError('BAD_STATE', `${CAPTURE_PLUGIN} has no '${name}' parameter: is it an older build? (rebuild with scripts/setup.sh)`);
  return p;
}

export class CaptureControl {
  constructor(private readonly host: Host) {}

  /** Slots holding VintageCapture, in order. */
  slots(): number[] {
    return this.host.slots.filter((s) => s.instrument && !s.instrument.missing && s.instrument.summary?.name === CAPTURE_PLUGIN).map((s) => s.slot);
  }

  /** The slot a command means: the one given (it must hold VintageCapture), else the only one loaded. */
  pick(slot: number | undefined): number {
    const all = this.slots();
    if (slot !== undefined) {
      if (!all.includes(slot)) {
        throw new HostError('NO_PLUGIN', `slot ${slot} does not hold ${CAPTURE_PLUGIN}${all.length ? ` (it is in slot ${all.join(', ')})` : ''}`);
      }
      return slot;
    }
    if (all.length === 0) {
      throw new HostError('NO_PLUGIN', `no slot holds ${CAPTURE_PLUGIN}: load it first (load 1 ~/.vst3/VintageCapture.vst3)`);
    }
    if (all.length > 1) throw new HostError('USAGE', `${CAPTURE_PLUGIN} is in slots ${all.join(', ')}: say which`);
    return all[0] as number;
  }

  async view(slot: number): Promise<CaptureView> {
    const engine = this.host.engine;
    const [params, state] = await Promise.all([engine.parameters({ slot }), engine.getState({ slot })]);
    const json = pluginStateJson(state) as Partial<PluginState>;
    const number = (name: string): number => valueOf(params, name).value;
    const status = json.status;
    const errorCode = valueOf(params, 'Error').text;
    return {
      slot,
      mode: (status?.mode ?? valueOf(params, 'Mode').text) as PluginStatus['mode'],
      message: status?.message ?? '',
      progress: status?.progress ?? number('Progress') / 100,
      arp: valueOf(params, 'Arp').text === 'On',
      arpPort: typeof json.arpPort === 'string' ? json.arpPort : '',
      calibrated: json.calibration !== undefined,
      calibration: json.calibration,
      takeErrorMs: Array.isArray(json.takes) && json.takes.length > 0 ? number('Take error') : Number.NaN,
      error: status?.error ?? (errorCode !== 'none' ? { code: errorCode, message: errorCode, hint: '' } : undefined),
      takes: Array.isArray(json.takes) ? json.takes.filter((t): t is string => typeof t === 'string') : [],
    };
  }

  /** Keeps `name` as the Arp's port in the plugin's state ('' = find the Arp by its identity reply). */
  async setArpPort(slot: number, name: string): Promise<void> {
    const engine = this.host.engine;
    const state = await engine.getState({ slot });
    const json = pluginStateJson(state) as PluginState;
    const { status: _shown, ...kept } = json;
    await engine.setState({ slot }, withPluginStateJson(state, { ...kept, arpPort: name }));
  }

  async abort(slot: number): Promise<void> {
    await this.press(slot, 'Abort', 1);
  }

  /** Starts (on) or stops (off) recording the performance; resolves once the plugin has taken it. */
  async record(slot: number, on: boolean, options: WaitOptions = {}): Promise<CaptureView> {
    const before = await this.view(slot);
    if (on && before.mode !== 'idle') throw new HostError('CAPTURE', `${CAPTURE_PLUGIN} is ${before.mode}: wait for it or abort it first`);
    if (!on && before.mode !== 'recording') throw new HostError('CAPTURE', `${CAPTURE_PLUGIN} is not recording (it is ${before.mode})`);
    this.needAudio();
    await this.press(slot, 'Record', on ? 1 : 0);
    const view = await this.until(slot, (v) => (on ? v.mode === 'recording' || v.error !== undefined : v.mode !== 'recording'), options, 5_000);
    if (on && view.mode !== 'recording') throw this.failure(view, 'record');
    if (!on && view.error) throw this.failure(view, 'record');
    return view;
  }

  /** Runs the calibration wizard and waits for its result, reporting each step. */
  async calibrate(slot: number, options: WaitOptions = {}): Promise<CaptureView> {
    return this.operation(slot, 'Calibrate', 'calibrating', options);
  }

  /** Sends the recorded take to the Arp (verified) without playing it; play() then starts at once. */
  async send(slot: number, options: WaitOptions = {}): Promise<CaptureView> {
    return this.operation(slot, 'Send', 'sending', options);
  }

  /** Sends the recorded take to the Arp (unless sent already), plays it on a bar, captures and aligns the synth. */
  async play(slot: number, options: WaitOptions = {}): Promise<CaptureView> {
    return this.operation(slot, 'Play', 'playing', options);
  }

  private async operation(slot: number, button: string, mode: PluginStatus['mode'], options: WaitOptions): Promise<CaptureView> {
    const before = await this.view(slot);
    if (before.mode !== 'idle') throw new HostError('CAPTURE', `${CAPTURE_PLUGIN} is ${before.mode}: wait for it or abort it first`);
    this.needAudio();
    if (!before.arp) {
      throw new HostError(
        'CAPTURE',
        `${CAPTURE_PLUGIN} has no Arp: plug the Arp in, pick its port (capture port <name>), or let the simulated Arp stand in (linkvst --arp sim)`,
      );
    }
    const takesBefore = before.takes.length;
    await this.press(slot, button, 1);
    // The plugin releases the button once it has acted on it: by then it runs, finished already, or said why not.
    const sleep = options.sleep ?? sleepMs;
    let view = await this.view(slot);
    for (let waited = 0; view.mode !== mode; waited += POLL_MS / 2) {
      if (!(await this.pressed(slot, button))) {
        view = await this.view(slot);
        if (view.mode === mode) break;
        if (view.error) throw this.failure(view, button.toLowerCase());
        return this.finished(view, mode, takesBefore);
      }
      if (waited >= 5_000) throw new HostError('CAPTURE', `${CAPTURE_PLUGIN} did not act on ${button} within 5 s: is the audio device running (status)?`);
      await sleep(POLL_MS / 2);
      view = await this.view(slot);
    }
    const done = await this.until(slot, (v) => v.mode !== mode, options, options.timeoutMs ?? 300_000);
    if (done.error) throw this.failure(done, button.toLowerCase());
    return this.finished(done, mode, takesBefore);
  }

  private finished(done: CaptureView, mode: PluginStatus['mode'], takesBefore: number): CaptureView {
    if (mode === 'playing' && done.takes.length <= takesBefore) {
      throw new HostError('CAPTURE', `${CAPTURE_PLUGIN} finished the take but wrote no file: ${done.message}`);
    }
    return done;
  }

  private async pressed(slot: number, name: string): Promise<boolean> {
    return valueOf(await this.host.engine.parameters({ slot }), name).value >= 0.5;
  }

  private async press(slot: number, name: string, value: number): Promise<void> {
    await this.host.engine.setParameter({ slot }, name, value);
  }

  /** The plugin acts on its buttons in the audio thread: nothing happens without a running device. */
  private needAudio(): void {
    if (!this.host.audioRunning) throw new HostError('UNAVAILABLE', `${CAPTURE_PLUGIN} acts in the audio callback: start audio first (audio_start)`);
  }

  private async until(slot: number, done: (v: CaptureView) => boolean, options: WaitOptions, timeoutMs: number): Promise<CaptureView> {
    const sleep = options.sleep ?? sleepMs;
    let shown = '';
    let view = await this.view(slot);
    for (let waited = 0; !done(view); waited += POLL_MS) {
      if (waited >= timeoutMs) {
        if (view.mode !== 'idle') await this.abort(slot).catch(() => undefined);
        throw new HostError('CAPTURE', `${CAPTURE_PLUGIN} did not finish within ${Math.round(timeoutMs / 1000)} s (${view.mode}: ${view.message}); aborted`);
      }
      const line = `  ${view.message}${view.progress > 0 && view.progress < 1 ? `  [${Math.round(view.progress * 100)}%]` : ''}`;
      if (view.message && line !== shown) {
        options.onProgress?.(line);
        shown = line;
      }
      await sleep(POLL_MS);
      view = await this.view(slot);
    }
    return view;
  }

  private failure(view: CaptureView, what: string): HostError {
    const e = view.error;
    if (!e) return new HostError('CAPTURE', `${what} did not start: ${view.message}`);
    return new HostError('CAPTURE', `${what} failed (${e.code}): ${e.message}${e.hint ? `; ${e.hint}` : ''}`);
  }
}
