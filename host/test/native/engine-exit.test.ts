// Clean shutdown: a Node process that used the engine exits with status 0 (no abort, no hang), however it leaves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plugins } from './helpers.js';

const child = fileURLToPath(new URL('./fixtures/exit-child.ts', import.meta.url));
const cache = join(mkdtempSync(join(tmpdir(), 'vcpi-exit-')), 'probe.json');

for (const [mode, plugin] of [['close', plugins.synthVst3], ['no-close', plugins.synthVst3], ['no-close', plugins.kars],
  ['exit-during-render', plugins.synthVst3], ['exit-during-load', plugins.nekobi]] as const) {
  test(`${mode} (${plugin.split('/').pop()}): exits 0`, () => {
    const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', child, mode, plugin, cache], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.is(result.signal, null, `killed by ${result.signal}; stderr: ${result.stderr}`);
    assert.is(result.status, 0, `stderr: ${result.stderr}`);
    assert.match(result.stdout, /rendered 0\.0*[1-9]/);
  });
}

test.run();
