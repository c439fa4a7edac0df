import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, decodeCalibrationAck, decodePlaybackStarted, diffU28, encodeCalibrationAck, encodePlaybackStarted, fromHex, signedDiffU28, toHex, unwrapU28, wrapU28 } from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

// Provenance: the spec's "Example Response" (shared/seeds/004): received at 10 000 µs. Its bytes 00 00 27 10 are
// 8-bit; v1 (PROTOCOL.md §3.3): 10000 = 78·128 + 16 → 00 00 4E 10.
test('the spec example ACK, v1 bytes', () => {
  assert.is(toHex(encodeCalibrationAck(10_000)), 'F0 7D 02 00 00 4E 10 F7');
  assert.equal(decode(fromHex('F0 7D 02 00 00 4E 10 F7')), { type: 'CalibrationAck', timeUs: 10_000 });
});

test('ACK round trip across the 28-bit range', () => {
  for (const t of [0, 1, 127, 128, 16383, 16384, 2_097_151, 2_097_152, 268_435_455]) {
    assert.is(decodeCalibrationAck(encodeCalibrationAck(t)).timeUs, t);
  }
});

test('ACK errors', () => {
  throwsCode(() => encodeCalibrationAck(268_435_456), 'INVALID_ARGUMENT', 'timeUs', '268435456');
  throwsCode(() => encodeCalibrationAck(-1), 'INVALID_ARGUMENT');
  throwsCode(() => decode(fromHex('F0 7D 02 00 00 27 10 00 F7')), 'BAD_LENGTH', 'expected 8 bytes, got 9');
  // The spec's own 8-bit example with a byte ≥ 0x80: rejected naming the byte.
  throwsCode(() => decode(fromHex('F0 7D 02 00 00 03 E8 F7')), 'HIGH_BIT', 'timestamp', '0xE8', 'at byte 6');
});

test('PlaybackStarted: same shape as the ACK, command 06 (PROTOCOL.md §3.4)', () => {
  assert.is(toHex(encodePlaybackStarted(10_000)), 'F0 7D 06 00 00 4E 10 F7');
  assert.equal(decode(fromHex('F0 7D 06 7F 7F 7F 7F F7')), { type: 'PlaybackStarted', timeUs: 268_435_455 });
  assert.is(decodePlaybackStarted(encodePlaybackStarted(1)).timeUs, 1);
  throwsCode(() => decodePlaybackStarted(fromHex('F0 7D 02 00 00 4E 10 F7')), 'UNKNOWN_COMMAND', 'decodePlaybackStarted', 'command 0x02, expected 0x06');
  throwsCode(() => encodePlaybackStarted(2 ** 28), 'INVALID_ARGUMENT', 'encodePlaybackStarted', 'timeUs');
});

test('modular time helpers', () => {
  const M = 2 ** 28;
  assert.is(wrapU28(M + 5), 5);
  assert.is(wrapU28(-1), M - 1);
  assert.is(diffU28(5, M - 5), 10);
  assert.is(diffU28(M - 5, 5), M - 10);
  assert.is(signedDiffU28(5, M - 5), 10);
  assert.is(signedDiffU28(M - 5, 5), -10);
  assert.is(signedDiffU28(2 ** 27, 0), -(2 ** 27));
  assert.is(signedDiffU28(2 ** 27 - 1, 0), 2 ** 27 - 1);
  // An ACK clock that wrapped twice, followed on an unwrapped line.
  let line = 0;
  for (let t = 0; t < 3 * M; t += 40_000_000) {
    line = unwrapU28(line, wrapU28(t));
    assert.is(line, t);
  }
  assert.is(unwrapU28(M - 10, 20), M + 20);
  assert.is(unwrapU28(M + 20, M - 10), M - 10);
});

test.run();
