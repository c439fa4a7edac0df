// File-path completion for plugin paths and session files.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function completePath(partial: string): string[] {
  const expanded = partial.replace(/^~(?=$|\/)/, process.env.HOME ?? '~');
  const dir = expanded.endsWith('/') ? expanded : dirname(expanded) || '.';
  const prefix = expanded.endsWith('/') ? '' : basename(expanded);
  let names: string[];
  try {
    names = readdirSync(dir === '' ? '.' : dir);
  } catch {
    return [];
  }
  const base = partial.endsWith('/') ? partial : partial.slice(0, partial.length - prefix.length);
  return names
    .filter((n) => n.startsWith(prefix) && (prefix.startsWith('.') || !n.startsWith('.')))
    .map((n) => {
      let isDir = false;
      try {
        isDir = statSync(join(dir, n)).isDirectory() && !n.endsWith('.vst3') && !n.endsWith('.lv2');
      } catch {
        isDir = false;
      }
      return `${base}${n}${isDir ? '/' : ''}`;
    })
    .sort();
}
