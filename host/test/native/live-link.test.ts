// Ableton Link inside the engine, against a second engine and LinkHut (a real Link peer), in a private network
// namespace whose only interface is a loopback with a multicast route: Link discovery (UDP multicast) then stays
// inside this sandbox. The scenario runs in fixtures/link-peers.ts; this test asserts what it observed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const hostDir = fileURLToPath(new URL('../../', import.meta.url));

async function runInNamespace(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('unshare', ['--net', '--', 'sh', '-c',
    'ip link set lo up && ip route add 224.0.0.0/4 dev lo && exec "$0" "$@"',
    process.execPath, '--conditions=source', '--import', 'tsx', script], { cwd: hostDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

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
