// Writes the Arp scenario vectors, tests/scenarios/arp/*.json: run with `npm run scenarios -w @vcpi/arp-firmware-sim`
// after changing a definition. `--check` writes nothing and exits 1 when a file differs from its definition (the
// scenario test runs the same comparison).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioVector } from '../src/scenario-format.js';
import { commandVectors } from './scenarios-commands.js';
import { playbackVectors } from './scenarios-playback.js';

export const SCENARIO_DIR = fileURLToPath(new URL('../../tests/scenarios/arp/', import.meta.url));

export function allVectors(): ScenarioVector[] {
  const vectors = [...commandVectors, ...playbackVectors].map((make) => make());
  const names = new Set<string>();
  for (const v of vectors) {
    if (names.has(v.name)) throw new Error(`generate-scenarios: two vectors are named ${v.name}`);
    names.add(v.name);
  }
  return vectors;
}

/** Pretty JSON with each step and expected message on one line, so a vector reads as a table. */
export function formatVector(v: ScenarioVector): string {
  const line = (x: unknown): string => JSON.stringify(x);
  const list = (xs: readonly unknown[], indent: string): string =>
    xs.length === 0 ? '[]' : `[\n${xs.map((x) => `${indent}  ${line(x)}`).join(',\n')}\n${indent}]`;
  const head = Object.entries(v)
    .filter(([k]) => k !== 'steps' && k !== 'expect' && k !== 'run_until_us')
    .map(([k, x]) => `  ${line(k)}: ${line(x)}`);
  const expect = [`    "usb_out": ${list(v.expect.usb_out, '    ')}`, `    "din": ${list(v.expect.din, '    ')}`];
  if (v.expect.hooks) expect.push(`    "hooks": ${line(v.expect.hooks)}`);
  if (v.expect.forwarded) expect.push(`    "forwarded": ${line(v.expect.forwarded)}`);
  return `{\n${[...head, `  "steps": ${list(v.steps, '  ')}`, `  "run_until_us": ${v.run_until_us}`, `  "expect": {\n${expect.join(',\n')}\n  }`].join(',\n')}\n}\n`;
}

/** Files that differ from their definitions, and vector files that have no definition. */
export function staleFiles(dir = SCENARIO_DIR): string[] {
  const stale: string[] = [];
  const vectors = allVectors();
  for (const v of vectors) {
    const path = join(dir, `${v.name}.json`);
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      stale.push(`${v.name}.json (missing)`);
      continue;
    }
    if (text !== formatVector(v)) stale.push(`${v.name}.json (differs)`);
  }
  const known = new Set(vectors.map((v) => `${v.name}.json`));
  for (const f of readdirSync(dir)) if (f.endsWith('.json') && !known.has(f)) stale.push(`${f} (no definition)`);
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    if (stale.length > 0) {
      console.error(`scenario vectors out of date: ${stale.join(', ')}; run npm run scenarios -w @vcpi/arp-firmware-sim`);
      process.exit(1);
    }
    console.log('scenario vectors are up to date');
  } else {
    for (const v of allVectors()) {
      writeFileSync(join(SCENARIO_DIR, `${v.name}.json`), formatVector(v));
      console.log(`wrote tests/scenarios/arp/${v.name}.json (${v.steps.length} steps, ${v.expect.usb_out.length} USB replies, ${v.expect.din.length} DIN messages)`);
    }
  }
}
