// Bad inputs are clear errors with stable codes, and the engine keeps working after each of them — including a
// plugin that crashes while loading (probed in a child process).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { left, newEngine, noteOn, plugins, rejectionCode, rms, thrownCode } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'vcpi-bad-plugins-'));
const textFile = join(scratch, 'notes.txt');
writeFileSync(textFile, 'not a plugin\n');
const fakeVst3File = join(scratch, 'Fake.vst3');
writeFileSync(fakeVst3File, 'not a plugin either\n');
const fakeVst3Bundle = join(scratch, 'Bundle.vst3');
mkdirSync(join(fakeVst3Bundle, 'Contents', 'x86_64-linux'), { recursive: true });
writeFileSync(join(fakeVst3Bundle, 'Contents', 'x86_64-linux', 'Bundle.so'), 'ELF? no\n');
const fakeLv2Bundle = join(scratch, 'Empty.lv2');
mkdirSync(fakeLv2Bundle);

const engine = newEngine();

async function stillWorks(): Promise<void> {
  await engine.load(plugins.synthVst3, { slot: 8, as: 'instrument' });
  const out = left(await engine.render(4800, [{ offset: 0, data: noteOn(69), slot: 8 }]));
  assert.ok(rms(out) > 0.01, 'the engine still loads and plays');
  await engine.remove({ slot: 8 });
}


test('a missing path', async () => {
  const missing = '/nonexistent/Synth.vst3';
  const error = await engine.load(missing, { slot: 1, as: 'instrument' }).catch((e: Error & { code: string }) => e);
  assert.instance(error, Error);
  assert.is((error as { code: string }).code, 'ERR_PLUGIN_NOT_FOUND');
  assert.is((error as Error).message, `VST3: cannot load ${missing}: no such file or directory`);
  await stillWorks();
});

test('files that are not plugins', async () => {
  assert.is(await rejectionCode(engine.load(textFile, { slot: 1, as: 'instrument' })), 'ERR_NOT_A_PLUGIN');
  const fileErr = await engine.load(fakeVst3File, { slot: 1, as: 'instrument' }).catch((e: Error) => e);
  assert.is((fileErr as { code?: string }).code, 'ERR_NOT_A_PLUGIN');
  assert.match((fileErr as Error).message, /^VST3: cannot load .*Fake\.vst3: /);
  assert.is(await rejectionCode(engine.load(fakeVst3Bundle, { slot: 1, as: 'instrument' })), 'ERR_NOT_A_PLUGIN');
  assert.is(await rejectionCode(engine.load(fakeLv2Bundle, { slot: 1, as: 'instrument' })), 'ERR_NOT_A_PLUGIN');
  await stillWorks();
});

test('an unknown LV2 URI', async () => {
  const error = await engine.load('urn:vcpi:no-such-plugin', { slot: 1, as: 'instrument' }).catch((e: Error) => e);
  assert.is((error as { code?: string }).code, 'ERR_PLUGIN_NOT_FOUND');
  assert.match((error as Error).message, /^LV2: cannot load urn:vcpi:no-such-plugin: no LV2 plugin with this URI/);
  await stillWorks();
});

test('slot 0 and slot 9, bad chain indexes', async () => {
  for (const slot of [0, 9]) {
    assert.is(await rejectionCode(engine.load(plugins.synthVst3, { slot, as: 'instrument' })), 'ERR_BAD_SLOT');
    assert.is(await rejectionCode(engine.load(plugins.zamComp, { slot, as: 'insert' })), 'ERR_BAD_SLOT');
    assert.is(await rejectionCode(engine.parameters({ slot })), 'ERR_BAD_SLOT');
    assert.is(thrownCode(() => engine.setGain(slot, 0.5)), 'ERR_BAD_SLOT');
    assert.is(thrownCode(() => engine.testNote(slot, 60)), 'ERR_BAD_SLOT');
  }
  assert.is(await rejectionCode(engine.parameters({ slot: 1 })), 'ERR_NO_PLUGIN');
  assert.is(await rejectionCode(engine.remove({ slot: 1, insert: 0 })), 'ERR_BAD_INDEX');
  assert.is(await rejectionCode(engine.remove({ master: 3 })), 'ERR_BAD_INDEX');
  assert.is(await rejectionCode(engine.move('master', 0, 1)), 'ERR_BAD_INDEX');
  assert.is(await rejectionCode(engine.load(plugins.zamComp, { slot: 1, as: 'insert', position: 5 })), 'ERR_BAD_INDEX');
  await stillWorks();
});

test('a parameter name or index that does not exist, and values out of range', async () => {
  await engine.load(plugins.synthVst3, { slot: 2, as: 'instrument' });
  const error = await engine.setParameter({ slot: 2 }, 'Cutoff', 0.5).catch((e: Error) => e);
  assert.is((error as { code?: string }).code, 'ERR_UNKNOWN_PARAMETER');
  assert.is((error as Error).message, "parameter 'Cutoff' not found in VcpiTestSynth (its parameters: Gain, Waveform, Decay)");
  assert.is(await rejectionCode(engine.setParameter({ slot: 2 }, 7, 0.5)), 'ERR_UNKNOWN_PARAMETER');
  assert.is(await rejectionCode(engine.setParameter({ slot: 2 }, 'Decay', 9000)), 'ERR_BAD_VALUE');
  assert.is(await rejectionCode(engine.setParameter({ slot: 2 }, 'Gain', 2, { normalised: true })), 'ERR_BAD_VALUE');
  assert.is((await engine.parameters({ slot: 2 }))[2]?.value, 500, 'unchanged');
  await engine.remove({ slot: 2 });
  await stillWorks();
});

test('a plugin that crashes while loading is reported, and the host survives', async () => {
  const error = await engine.load(plugins.crashVst3, { slot: 1, as: 'insert' }).catch((e: Error) => e);
  assert.is((error as { code?: string }).code, 'ERR_PLUGIN_CRASHED');
  assert.match((error as Error).message, /^VST3: cannot load .*VcpiTestCrash\.vst3: the plugin crashed while loading \(signal 11/);
  // Failed probes are not cached: it is probed (and refused) again.
  assert.is(await rejectionCode(engine.load(plugins.crashVst3, { master: true })), 'ERR_PLUGIN_CRASHED');
  await stillWorks();
});

test('render arguments', async () => {
  assert.is(await rejectionCode(engine.render(-1)), 'ERR_BAD_ARGUMENT');
  assert.is(await rejectionCode(engine.render(10, [{ offset: 0, data: [0x90, 60] }])), 'ERR_BAD_MIDI');
  assert.is(await rejectionCode(engine.render(10, [{ offset: -5, data: noteOn(60) }])), 'ERR_BAD_ARGUMENT');
  assert.is(await rejectionCode(engine.render(10, [{ offset: 0, data: noteOn(60), slot: 9 }])), 'ERR_BAD_SLOT');
  await stillWorks();
});

test('after close, operations reject with ERR_CLOSED', async () => {
  await engine.close();
  assert.is(await rejectionCode(engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' })), 'ERR_CLOSED');
  assert.is(await rejectionCode(engine.render(256)), 'ERR_CLOSED');
});

test.run();
