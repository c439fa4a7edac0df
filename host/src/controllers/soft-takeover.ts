// Soft takeover: after the host's value changed behind a control's back (a session restore, the CLI, another
// controller), the physical control only takes over once it reaches the current value — so nothing jumps.

export interface Takeover {
  /** the host's current value, 0..127 on the control's scale; undefined: not known (follow the control) */
  target: number | undefined;
  /** the control's last position, 0..127; undefined: not seen yet */
  last: number | undefined;
  /** true once the control has reached the target */
  engaged: boolean;
}

/** How close (in CC steps) counts as reaching the target. */
export const PICKUP_STEPS = 2;

export function newTakeover(): Takeover {
  return { target: undefined, last: undefined, engaged: true };
}

/** The host's value changed elsewhere: disengage until the control reaches it. */
export function retarget(t: Takeover, target: number): void {
  t.target = target;
  t.engaged = t.last !== undefined && Math.abs(t.last - target) <= PICKUP_STEPS;
}

/**
 * A new position from the control: returns true when it should be applied. It engages when it is within
 * PICKUP_STEPS of the target, or when it crossed the target since its last position.
 */
export function move(t: Takeover, value: number): boolean {
  const prev = t.last;
  t.last = value;
  if (t.engaged || t.target === undefined) {
    t.engaged = true;
    return true;
  }
  const crossed = prev !== undefined && (prev - t.target) * (value - t.target) <= 0;
  if (crossed || Math.abs(value - t.target) <= PICKUP_STEPS) {
    t.engaged = true;
    return true;
  }
  return false;
}
