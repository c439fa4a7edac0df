// Ableton Link inside the engine (engine.link). Disabled it is a local timeline at the internal tempo, which the
// MIDI clock follows as well.
import type { NativeLinkSnapshot, NativeLive } from './load-addon.js';

/** Beat and phase are at `timeNs` (engine clock) for the quantum. */
export type LinkSnapshot = NativeLinkSnapshot;

export interface LinkStatus {
  /** Now, from the application's view. */
  app: LinkSnapshot;
  /** As the audio callback last read it, at the time its block is heard (timeNs 0 before the first callback). */
  audio: LinkSnapshot;
}

export class LinkControl {
  readonly #live: () => NativeLive;

  /** @internal Created by Engine; use engine.link. */
  constructor(live: () => NativeLive) {
    this.#live = live;
  }

  /** Joins or leaves the Link session on the local network. */
  enable(on: boolean): void {
    this.#live().linkEnable(on);
  }

  /** Sets the tempo now; peers follow. @throws EngineError ERR_BAD_VALUE (outside 20..999) */
  setTempo(bpm: number): void {
    this.#live().linkSetTempo(bpm);
  }

  /** Beats per bar for phase and for the clock's Start (default 4). @throws EngineError ERR_BAD_VALUE (1..64) */
  setQuantum(beats: number): void {
    this.#live().linkSetQuantum(beats);
  }

  /** Shares start/stop with peers (and the MIDI clock follows the session's playing state). */
  setStartStopSync(on: boolean): void {
    this.#live().linkSetStartStopSync(on);
  }

  /** Starts (at the next bar) or stops the session's transport. */
  setPlaying(playing: boolean): void {
    this.#live().linkSetPlaying(playing);
  }

  status(): LinkStatus {
    return this.#live().linkStatus();
  }

  /** The engine-clock time (ns) of a beat on the current timeline. */
  timeAtBeat(beat: number): number {
    return this.#live().linkTimeAtBeat(beat);
  }

  /** The beat at an engine-clock time (ns). */
  beatAtTime(timeNs: number): number {
    return this.#live().linkBeatAtTime(timeNs);
  }
}
