// The arp-proto command, run as users run it: a child process on the built file when it exists, else from source.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../cli/arp-proto.ts', import.meta.url));

function run(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', entry, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('decode: hex arguments → one JSON line per message', () => {
  const r = run(['decode', 'F0 7D 02 00 00 4E 10 F7', 'B0', '14', '09', 'F8']);
  assert.is(r.code, 0, r.err);
  assert.equal(r.out.trim().split('\n').map((l) => JSON.parse(l)), [
    { type: 'CalibrationAck', timeUs: 10000 },
    { type: 'Pattern', channel: 1, raw: 9, pattern: 'Random', clamped: true },
    { type: 'Clock' },
  ]);
});

test('decode: from stdin, with invalid bytes reported', () => {
  const r = run(['decode'], 'f07d0109 30f7\n90 3c\n');
  assert.is(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0], { type: 'Invalid', bytes: 'F0 7D 01 09 30 F7', reason: 'decodeLoadBuffer: event count 1200 exceeds 1000 (at byte 3)', code: 'TOO_MANY_EVENTS' });
  assert.is(lines[1].type, 'Invalid');
  assert.match(lines[1].reason, /incomplete NoteOn/);
});

test('encode: kinds by name, JSON body, hex out', () => {
  assert.is(run(['encode', 'Pattern', '{"pattern":"UpDown"}']).out.trim(), 'B0 14 02');
  assert.is(run(['encode', 'start-playback', '{"channel":2}']).out.trim(), 'B1 64 7F');
  assert.is(run(['encode', 'StatusRequest']).out.trim(), 'F0 7D 05 F7');
  assert.is(run(['encode', 'identity-request']).out.trim(), 'F0 7E 7F 06 01 F7');
  assert.is(
    run(['encode', 'LoadBuffer', '{"events":[{"timeUs":1000,"note":60,"velocity":80,"on":true}]}']).out.trim(),
    'F0 7D 01 00 01 00 00 07 68 3C 50 01 F7',
  );
});

test('build: a performance → one hex line per message', () => {
  const notes = JSON.stringify(Array.from({ length: 3 }, (_, i) => ({ note: 60 + i, velocity: 100, start: i * 0.5, duration: 0.25 })));
  const r = run(['build', notes, '--unit', 's', '--chunk', '4']);
  assert.is(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.is(lines.length, 2);
  assert.ok(lines[0]!.startsWith('F0 7D 01 00 04 '));
  assert.ok(lines[1]!.startsWith('F0 7D 04 00 02 '));
});

test('errors: clear message, code, usage; exit 1 for protocol errors, 2 for usage', () => {
  let r = run(['encode', 'Pattern', '{"pattern":"Sideways"}']);
  assert.is(r.code, 1);
  assert.match(r.err, /encodePattern: pattern must be one of .*got "Sideways" \[INVALID_ARGUMENT\]/);
  r = run(['encode', 'Teleport']);
  assert.is(r.code, 2);
  assert.match(r.err, /unknown kind "Teleport"/);
  assert.match(r.err, /usage:/);
  r = run(['encode', 'Pattern', '{pattern:1}']);
  assert.is(r.code, 2);
  assert.match(r.err, /the message is not valid JSON/);
  r = run(['decode', 'F0 7Q']);
  assert.is(r.code, 1);
  assert.match(r.err, /token 2 "7Q" is not whole hex bytes/);
  r = run(['frobnicate']);
  assert.is(r.code, 2);
  assert.match(r.err, /unknown command "frobnicate"/);
  r = run(['build', '[]']);
  assert.is(r.code, 1);
  assert.match(r.err, /no notes \[BAD_COUNT\]/);
});


test('the installed bin (node_modules/.bin/arp-proto) runs the built CLI', () => {
  const bin = fileURLToPath(new URL('../../node_modules/.bin/arp-proto', import.meta.url));
  const r = spawnSync(bin, ['encode', 'Calibrate'], { encoding: 'utf8' });
  assert.is(r.status, 0, `${bin}: ${r.stderr ?? r.error}`);
  assert.is(r.stdout.trim(), 'B0 68 7F');
});

test.run();
