// Unloading a VST3 frees the plugin instance. JUCE 7.0.5's VST3 host releases a plugin's IComponent before its
// other interfaces; DPF-built plugins (zam-plugins, the test plugins) then called the component "unclean", said so
// on stderr ("DPF warning: asked to delete component while … still active") and kept the whole instance until the
// module unloads — never, so every unload leaked an instance. The engine holds the component until last: the
// plugins must now destroy cleanly (their own report, on stderr, in a child process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plugins } from './helpers.js';

const child = fileURLToPath(new URL('./fixtures/unload-child.ts', import.meta.url));

test('removed DPF-built VST3s (ours and zam-plugins) are destroyed, not parked as unclean', () => {
  const cache = join(mkdtempSync(join(tmpdir(), 'vcpi-unload-')), 'probe.json');
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', child, cache,
    plugins.synthVst3, plugins.transportVst3, plugins.zamComp, plugins.zamDelay], { encoding: 'utf8', timeout: 60000 });
  assert.is(result.status, 0, result.stderr.slice(-2000));
  assert.match(result.stdout, /done/);
  const unclean = result.stderr.split('\n').filter((l) => /asked to delete component while/.test(l));
  assert.equal(unclean, [], 'no plugin reports an unclean destruction');
});

test.run();
