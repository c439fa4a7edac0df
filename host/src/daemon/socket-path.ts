// Where the daemon listens: $LINKVST_SOCKET (the Pi's service sets /run/vcpi/linkvst.sock), else
// $XDG_RUNTIME_DIR/linkvst.sock, else a per-user file in /tmp.
import { join } from 'node:path';
import { tmpdir, userInfo } from 'node:os';

export function defaultSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LINKVST_SOCKET) return env.LINKVST_SOCKET;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'linkvst.sock');
  return join(tmpdir(), `linkvst-${userInfo().uid}.sock`);
}
