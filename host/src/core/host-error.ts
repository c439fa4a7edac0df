// Errors the host shows the user: a stable code, a message naming what was wrong, and (for a command) its usage.

export type HostErrorCode =
  | 'USAGE' // the command's arguments do not parse
  | 'BAD_SLOT'
  | 'BAD_CHANNEL'
  | 'BAD_VALUE'
  | 'NO_PLUGIN' // nothing loaded where the command points
  | 'UNKNOWN_PARAMETER'
  | 'UNKNOWN_COMMAND'
  | 'FILE' // a file that cannot be read or written
  | 'SESSION' // a session file that does not parse
  | 'ENGINE' // the native engine refused (its own code is in `cause`)
  | 'BAD_STATE' // a plugin state linkvst reads (VintageCapture's) that does not parse
  | 'CAPTURE' // VintageCapture reported a failure (its own code and hint are in the message)
  | 'UNAVAILABLE'; // a feature this build or machine does not have (no audio device, no addon…)

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
    /** the command's usage line, shown under the message */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The message of any error, for the user (engine errors keep the library's own text). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
