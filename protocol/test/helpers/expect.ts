// Asserts that `fn` throws a ProtocolError with `code`, and (optionally) a message containing each of `parts`.
import * as assert from 'uvu/assert';
import { ProtocolError, type ProtocolErrorCode } from '@vcpi/protocol';

export function throwsCode(fn: () => unknown, code: ProtocolErrorCode, ...parts: string[]): ProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  if (caught === undefined) assert.unreachable(`expected ProtocolError ${code}, nothing was thrown`);
  if (!(caught instanceof ProtocolError)) assert.unreachable(`expected ProtocolError ${code}, got ${String(caught)}`);
  const err = caught as ProtocolError;
  assert.is(err.code, code, `code (message: ${err.message})`);
  for (const p of parts) assert.ok(err.message.includes(p), `message ${JSON.stringify(err.message)} should contain ${JSON.stringify(p)}`);
  return err;
}
