// Reading and writing session files so that nothing is ever lost: writes go to a temporary file that is synced and
// renamed over the old one (a crash leaves the old or the new file, whole); the previous file is kept as `.bak`; a
// file that did not parse is kept aside before anything replaces it.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { HostError } from '../core/host-error.js';

export function defaultSessionPath(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'linkvst', 'session.json');
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse a directory fsync; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `text` to `path` atomically: temp file, fsync, keep the old file as `path.bak`, rename, fsync the folder.
 * @throws HostError FILE naming the path and the system's reason
 */
export function writeAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${Date.now()}-${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(path)) {
      copyFileSync(path, `${path}.bak`);
      const b = openSync(`${path}.bak`, 'r');
      fsyncSync(b);
      closeSync(b);
    }
    renameSync(tmp, path);
    fsyncDir(dir);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // not created
    }
    throw new HostError('FILE', `cannot write ${path}: ${(err as Error).message}`);
  }
}

/** Reads a file's text; undefined when it does not exist. @throws HostError FILE for other read errors */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HostError('FILE', `cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Keeps a file that did not parse as `path.corrupt-<time>` before anything replaces it; returns that name. */
export function keepAside(path: string): string {
  const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(path, aside);
  return aside;
}
