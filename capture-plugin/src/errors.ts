// The capture core's one error type: a stable code, a message that says what went wrong, and a hint that says what
// to do about it (shown to the user as is).

export type CaptureErrorCode =
  | 'NO_ACK' // the Arp did not answer: not connected, or not in Vintage Mode
  | 'NO_ONSET' // no synth sound detected: synth not connected, not listening on the channel, or too quiet
  | 'NOT_SILENT' // the input does not go quiet between notes (long release, noise, feedback)
  | 'INCONSISTENT' // pings disagree: noisy or jittery path
  | 'ABORTED' // the user stopped it
  | 'ARP_REFUSED' // the Arp answered a Status with an error code
  | 'TRANSFER_FAILED' // a buffer did not arrive intact after retries
  | 'NO_CALIBRATION' // a take needs a calibration profile first
  | 'EMPTY_TAKE' // nothing was recorded
  | 'BUSY' // another operation is running
  | 'INVALID_ARGUMENT'
  | 'BAD_PROFILE'; // a stored profile does not parse

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    readonly code: CaptureErrorCode,
    /** what went wrong, without the hint (`message` has both) */
    readonly detail: string,
    readonly hint: string = '',
  ) {
    super(hint ? `${detail} — ${hint}` : detail);
  }
}
