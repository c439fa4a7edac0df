// Runs a fixture script in a private network namespace whose only interface is a loopback with a multicast route:
// Ableton Link's discovery (UDP multicast) then stays inside it. Used by the Link and transport tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hostDir = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `script` (relative to host/) under tsx in the namespace; killed after `timeoutMs`. */
export async function runInNamespace(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
