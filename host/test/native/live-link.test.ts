// Ableton Link inside the engine, against a second engine and LinkHut (a real Link peer), in a private network
// namespace whose only interface is a loopback with a multicast route: Link discovery (UDP multicast) then stays
// inside this sandbox. The scenario runs in fixtures/link-peers.ts; this test asserts what it observed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runInNamespace } from './link-namespace.js';

test('Link: two engines and LinkHut share tempo, beat and start/stop in an isolated network namespace', async () => {
  const run = await runInNamespace('test/native/fixtures/link-peers.ts', 90000);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  assert.is(run.code, 0, `fixture failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const seen = JSON.parse(line) as Record<string, unknown>;
  assert.is(seen.peersFound, true, 'the two engines see each other');
  assert.is(seen.tempoPropagated, true, 'a tempo set on one engine reaches the other');
  assert.ok(typeof seen.beatDifference === 'number' && seen.beatDifference < 0.01, `same beat at the same time (${String(seen.beatDifference)})`);
  assert.is(seen.playingPropagated, true, 'start/stop sync: start');
  assert.is(seen.stopPropagated, true, 'start/stop sync: stop');
  assert.is(seen.linkHutJoined, true, 'LinkHut joins the session');
  assert.is(seen.linkHutTempo, true, 'LinkHut and the engines agree on the tempo once joined');
  assert.is(seen.engineFollowsLinkHut, true, "the engines follow LinkHut's tempo change");
  assert.is(seen.linkHutFollowsEngine, true, "LinkHut follows the engine's tempo change");
  assert.is(seen.leftSession, true, 'disabling Link leaves the session');
});

test.run();
