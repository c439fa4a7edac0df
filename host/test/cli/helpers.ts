// Running linkvst as users do: a child process from source, commands on stdin, output collected.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const entry = fileURLToPath(new URL('../../src/cli/linkvst.ts', import.meta.url));
export const root = fileURLToPath(new URL('../../../', import.meta.url));

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'linkvst-test-'));

export interface Run {
  code: number | null;
  out: string;
  err: string;
  /** stdout split at the prompts: the output of each command in order (index 0: before the first prompt) */
  replies: string[];
}

const NODE_ARGS = ['--conditions=source', '--import', 'tsx', entry];

/**
 * Runs linkvst with `lines` on stdin (then end of input). `isolated`: in a network namespace of its own (no
 * interfaces up), for tests that enable Ableton Link — its discovery must not multicast on the machine's network.
 */
export function runLinkvst(args: string[], lines: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000, isolated = false): Run {
  const command = isolated ? 'unshare' : process.execPath;
  const prefix = isolated ? ['--net', '--', process.execPath] : [];
  const r = spawnSync(command, [...prefix, ...NODE_ARGS, ...args], {
    input: lines.map((l) => `${l}\n`).join(''),
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  const out = r.stdout ?? '';
  return { code: r.status, out, err: r.stderr ?? '', replies: out.split('linkvst> ') };
}

/** Starts linkvst in the background (daemon tests). */
export function startLinkvst(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves when `predicate` holds for the accumulated output of `stream`, or rejects after `ms`. */
export function waitForOutput(stream: NodeJS.ReadableStream, predicate: (text: string) => boolean, ms = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting; output so far:\n${text}`)), ms);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (predicate(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}
