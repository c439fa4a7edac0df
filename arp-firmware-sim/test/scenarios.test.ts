// Runs every scenario vector (tests/scenarios/arp/*.json) against the simulator, with each of its seeds. The
// firmware runs the same files on CPython (firmware/tests/test_scenarios.py).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTrace, parseScenario, runScenario } from '../src/scenario-format.js';
import { SCENARIO_DIR, staleFiles } from '../tools/generate-scenarios.js';

const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json')).sort();

test('there are scenario vectors', () => {
  assert.ok(files.length >= 20, `found ${files.length} vector files in ${SCENARIO_DIR}`);
});

test('the vector files match their definitions (tools/generate-scenarios.ts)', () => {
  assert.equal(staleFiles(), []);
});

for (const file of files) {
  const vector = parseScenario(readFileSync(join(SCENARIO_DIR, file), 'utf8'), file);
  for (const seed of vector.seeds) {
    test(`${vector.name} (seed ${seed})`, () => {
      const errors = checkTrace(vector, runScenario(vector, seed));
      assert.equal(errors, [], `${file}, seed ${seed}:\n  ${errors.join('\n  ')}`);
    });
  }
}

test.run();
