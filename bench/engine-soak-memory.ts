// The soak's memory map readings: /proc/self/smaps summed per mapping (a file's path; anonymous mappings in two
// groups, 8 MiB ones — thread stacks — and the rest), with the thread and mapping counts. diff() names where resident memory grew between two readings: mappings of an unloaded plugin's library
// left behind, thread stacks, JACK's shared memory, heap arenas.
import { readdirSync, readFileSync } from 'node:fs';

export interface MapReading { groups: Map<string, { rss: number; count: number }>; threads: number; mappings: number }

export function readMaps(): MapReading {
  const groups = new Map<string, { rss: number; count: number }>();
  let name = '';
  let mappings = 0;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header !== null) {
      mappings++;
      const kb = (parseInt(header[2] ?? '0', 16) - parseInt(header[1] ?? '0', 16)) / 1024;
      const path = header[4] ?? '';
      name = path !== '' ? path : kb === 8192 ? 'anonymous 8 MiB (thread stacks)' : 'anonymous (malloc arenas and mmapped blocks, V8 pages)';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss !== null) {
      const g = groups.get(name) ?? { rss: 0, count: 0 };
      g.rss += Number(rss[1]);
      g.count++;
      groups.set(name, g);
    }
  }
  return { groups, threads: readdirSync('/proc/self/task').length, mappings };
}

/** The biggest resident changes (kB) between two readings, largest first, and the totals. */
export function diffMaps(before: MapReading, after: MapReading, top = 8): string[] {
  const names = new Set([...before.groups.keys(), ...after.groups.keys()]);
  const rows: { name: string; delta: number; counts: string }[] = [];
  for (const name of names) {
    const a = before.groups.get(name) ?? { rss: 0, count: 0 };
    const b = after.groups.get(name) ?? { rss: 0, count: 0 };
    if (a.rss !== b.rss || a.count !== b.count) rows.push({ name, delta: b.rss - a.rss, counts: a.count === b.count ? `${b.count}` : `${a.count}→${b.count}` });
  }
  rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  const total = rows.reduce((s, r) => s + r.delta, 0);
  const lines = [`threads ${before.threads}→${after.threads}, mappings ${before.mappings}→${after.mappings}, resident ${total >= 0 ? '+' : ''}${total} kB in ${rows.length} changed groups; largest:`];
  for (const r of rows.slice(0, top)) lines.push(`${r.delta >= 0 ? '+' : ''}${r.delta} kB  ${r.name} (×${r.counts})`);
  return lines;
}
