import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ARP_IDENTITY,
  decode,
  decodeIdentityReply,
  encodeIdentityReply,
  encodeIdentityRequest,
  fromHex,
  isArpIdentity,
  toHex,
} from '@vcpi/protocol';
import { throwsCode } from './helpers/expect.js';

// Provenance: MIDI 1.0 Universal Device Inquiry (General Information, sub-IDs 06 01 / 06 02) and PROTOCOL.md §4.5.
test('request: all-call and a device ID', () => {
  assert.is(toHex(encodeIdentityRequest()), 'F0 7E 7F 06 01 F7');
  assert.is(toHex(encodeIdentityRequest(0x10)), 'F0 7E 10 06 01 F7');
  assert.equal(decode(fromHex('F0 7E 7F 06 01 F7')), { type: 'IdentityRequest', deviceId: 0x7f });
});

test("the Arp's reply", () => {
  const bytes = encodeIdentityReply();
  assert.is(toHex(bytes), 'F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 00 F7');
  assert.is(bytes.length, 15);
  const r = decodeIdentityReply(bytes);
  assert.equal(r, { type: 'IdentityReply', ...ARP_IDENTITY });
  assert.ok(isArpIdentity(r));
});

test('replies of other devices decode, 1- and 3-byte manufacturer IDs', () => {
  // A Roland-style 1-byte ID (41), family 0x0123 LSB first → 23 02.
  const roland = decodeIdentityReply(fromHex('F0 7E 10 06 02 41 23 02 45 00 01 02 03 04 F7'));
  assert.equal(roland, { type: 'IdentityReply', deviceId: 0x10, manufacturer: 0x41, family: 0x0123, model: 0x45, version: [1, 2, 3, 4] });
  assert.not.ok(isArpIdentity(roland));
  // A 3-byte ID 00 20 6B (Arturia), as devices on the same USB hub answer.
  const arturia = decodeIdentityReply(fromHex('F0 7E 00 06 02 00 20 6B 02 00 06 00 01 02 03 04 F7'));
  assert.is(arturia.manufacturer, 0x206b);
  assert.is(toHex(encodeIdentityReply(arturia)), 'F0 7E 00 06 02 00 20 6B 02 00 06 00 01 02 03 04 F7');
});

test('identity errors', () => {
  throwsCode(() => decode(fromHex('F0 7E 7F 06 01 00 F7')), 'BAD_LENGTH', 'expected 6 bytes, got 7');
  throwsCode(() => decodeIdentityReply(fromHex('F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 F7')), 'BAD_LENGTH', 'expected 15 bytes, got 14');
  throwsCode(() => decodeIdentityReply(fromHex('F0 7E 7F 06 01 F7')), 'UNKNOWN_COMMAND', '06 0x01', 'expected 06 0x02');
  throwsCode(() => encodeIdentityRequest(128), 'INVALID_ARGUMENT', 'deviceId', '128');
  throwsCode(() => encodeIdentityReply({ ...ARP_IDENTITY, version: [1, 2, 3] as never }), 'INVALID_ARGUMENT', 'version must be 4 numbers');
  throwsCode(() => encodeIdentityReply({ ...ARP_IDENTITY, manufacturer: 0x0180 }), 'INVALID_ARGUMENT', 'manufacturer');
});

test.run();
