// Service mode: the command language on a Unix socket (mode 0600), several clients at once, attach, --json, and a
// saving shutdown on SIGTERM (as systemd stops it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CommandClient } from '@vcpi/host';
import { plugins } from '../native/helpers.js';
import { runLinkvst, startLinkvst, tempDir, waitForOutput } from './helpers.js';

test('two clients at once on the daemon socket; attach -c and --json; SIGTERM saves and exits 0', async () => {
  const dir = tempDir();
  const socket = join(dir, 'linkvst.sock');
  const session = join(dir, 'session.json');
  const daemon = startLinkvst(['--daemon', '--socket', socket, '--session', session, '--no-restore']);
  try {
    await waitForOutput(daemon.stdout, (t) => t.includes(`[Daemon] listening on ${socket}`));
    assert.is(statSync(socket).mode & 0o777, 0o600, 'only its user may connect');
    const [a, b] = await Promise.all([CommandClient.open(socket), CommandClient.open(socket)]);
    const load = await a.run(`load 1 ${plugins.synthVst3} Lead`);
    assert.equal(load.lines, ['  slot 1 = Lead']);
    // Both clients at once: interleaved commands, each answered in order, one shared state.
    const replies = await Promise.all([a.run('gain 1 0.5'), b.run('route 3 1'), a.run('solo 1'), b.run('routing')]);
    assert.equal(replies.map((r) => r.lines[0]), ['  Lead: gain 0.50', '  ch 3 -> slot 1 (Lead)', '  Lead: SOLO', '  ch  3 -> slot 1 (Lead)']);
    const bad = await b.run('gain 9 0.5');
    assert.is(bad.error?.code, 'BAD_SLOT');
    assert.equal(bad.lines, ['error: slot must be 1-8, got 9', 'usage: gain <slot> <0.0-1.0>']);
    const quit = await b.run('quit');
    assert.is((quit as { detach?: boolean }).detach, true, 'quit from a client only detaches it');
    a.close();
    const attached = runLinkvst(['attach', '--socket', socket, '--json', '-c', 'slots', '-c', 'master'], []);
    assert.is(attached.code, 0, attached.err);
    const [slots, master] = attached.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.is(slots.data[0].instrument.name, 'Lead');
    assert.is(slots.data[0].gain, 0.5);
    assert.equal(master.data, { masterGain: 1 });
    const failing = runLinkvst(['attach', '--socket', socket, '-c', 'mute 0'], []);
    assert.is(failing.code, 1, 'a failed command makes attach -c exit 1');
    assert.match(failing.out, /error: slot must be 1-8, got 0/);
    daemon.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => daemon.once('exit', r));
    assert.is(code, 0);
    assert.ok(!existsSync(socket), 'the socket is removed');
    assert.is(JSON.parse(readFileSync(session, 'utf8')).slots[0].instrument.name, 'Lead', 'saved on SIGTERM');
  } finally {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }
});

test('attach without a daemon says how to start one', () => {
  const r = runLinkvst(['attach', '--socket', join(tempDir(), 'none.sock'), '-c', 'status'], []);
  assert.is(r.code, 1);
  assert.match(r.err, /no linkvst daemon on .*none\.sock \(start one with linkvst --daemon/);
});

test('a second daemon on the same socket refuses to start', async () => {
  const dir = tempDir();
  const socket = join(dir, 's.sock');
  const first = startLinkvst(['--daemon', '--socket', socket, '--session', join(dir, 'a.json'), '--no-restore']);
  try {
    await waitForOutput(first.stdout, (t) => t.includes('listening'));
    const second = runLinkvst(['--daemon', '--socket', socket, '--session', join(dir, 'b.json'), '--no-restore'], [], {}, 60_000);
    assert.is(second.code, 1);
    assert.match(second.err, /another linkvst is already listening on/);
  } finally {
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));
  }
});

test.run();
