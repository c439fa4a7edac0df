// Sessions: the same sound after a round trip, nothing lost on bad files or a crash during a save.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Host, SessionController } from '@vcpi/host';
import { maxAbsDiff, newEngine, noteOff, noteOn, plugins } from '../native/helpers.js';
import { root, tempDir } from './helpers.js';

async function render(host: Host): Promise<Float32Array> {
  return host.engine.render(48_000, [
    { offset: 100, data: noteOn(48, 110, 1) },
    { offset: 200, data: noteOn(55, 90, 2) },
    { offset: 30_000, data: noteOff(48, 1) },
    { offset: 30_000, data: noteOff(55, 2) },
  ]);
}

async function buildSession(host: Host): Promise<void> {
  await host.loadInstrument(1, plugins.synthVst3, 'Lead');
  await host.setParameter({ slot: 1 }, 'Waveform', 2);
  await host.setParameter({ slot: 1 }, 'Decay', 120);
  await host.loadEffect(1, plugins.zamEq2, 'Tone');
  await host.loadInstrument(2, plugins.nekobi, 'Bass');
  await host.setParameter({ slot: 2 }, 'Cutoff', 40);
  await host.loadEffect('master', plugins.zamComp, 'Glue');
  host.setGain(1, 0.7);
  host.setGain(2, 0.5);
  host.setMasterGain(0.9);
  host.route(1, 1);
  host.route(2, 2);
}

test('a saved session restores to the identical sound (render compared sample for sample)', async () => {
  const dir = tempDir();
  const path = join(dir, 'session.json');
  const a = new Host(newEngine());
  await buildSession(a);
  await a.flushParameters();
  const before = await render(a);
  await new SessionController(a, path).save();
  await a.engine.close();
  const b = new Host(newEngine());
  const report = await new SessionController(b, path).restore();
  assert.equal(report.skipped, []);
  assert.is(report.restored.length, 4);
  await b.flushParameters();
  const after = await render(b);
  assert.ok(before.some((v) => v !== 0), 'it makes sound');
  assert.is(maxAbsDiff(before, after), 0);
  assert.equal(b.routing(), [{ channel: 1, slot: 1 }, { channel: 2, slot: 2 }]);
  assert.is(b.slot(1).gain, 0.7);
  assert.is(b.masterGain, 0.9);
  await b.engine.close();
});

test('a file that is not JSON restores nothing, changes nothing, and is kept aside', async () => {
  const dir = tempDir();
  const path = join(dir, 'session.json');
  writeFileSync(path, '{"schema": "linkvst-session", "version": 1, "slots": [');
  const host = new Host(newEngine());
  await host.loadInstrument(1, plugins.synthVst3, 'Keep');
  const session = new SessionController(host, path);
  try {
    await session.restore();
    assert.unreachable('should fail');
  } catch (err) {
    assert.is((err as { code: string }).code, 'SESSION');
    assert.match((err as Error).message, /is not valid JSON.*nothing was restored \(the file is kept as .*corrupt-/);
  }
  assert.is(host.slot(1).instrument?.name, 'Keep', 'nothing changed');
  assert.ok(readdirSync(dir).some((f) => f.startsWith('session.json.corrupt-')));
  await host.engine.close();
});

test('a partly invalid file restores what it can, reports the rest, and a missing plugin keeps its place through a save', async () => {
  const dir = tempDir();
  const path = join(dir, 'session.json');
  const a = new Host(newEngine());
  await buildSession(a);
  await new SessionController(a, path).save();
  await a.engine.close();
  const data = JSON.parse(readFileSync(path, 'utf8'));
  data.slots[0].gain = 7;
  data.slots[1].instrument.plugin = '/gone/Missing.vst3';
  data.slots[2] = { slot: 'three' };
  data.routing['40'] = 1;
  data.master.push({ name: 'no plugin field' });
  writeFileSync(path, JSON.stringify(data));
  const original = readFileSync(path, 'utf8');
  const b = new Host(newEngine());
  const session = new SessionController(b, path);
  const report = await session.restore();
  const where = report.skipped.map((s) => s.where);
  assert.ok(where.includes('slot 1 gain'), where.join(' | '));
  assert.ok(where.includes('slot 2'), 'the missing plugin');
  assert.ok(where.includes('slots[2]'));
  assert.ok(where.includes('routing "40"'));
  assert.ok(where.includes('master fx 2'));
  assert.is(b.slot(1).instrument?.name, 'Lead', 'the valid parts are back');
  assert.is(b.slot(2).instrument?.missing?.reason, '/gone/Missing.vst3 not found');
  assert.is(b.slot(1).gain, 1, 'the bad gain is skipped, not applied');
  await session.save();
  // The file that restored with errors is kept before being replaced; the missing plugin is written back.
  const aside = readdirSync(dir).find((f) => f.startsWith('session.json.corrupt-'));
  assert.ok(aside, readdirSync(dir).join(', '));
  assert.is(readFileSync(join(dir, aside as string), 'utf8'), original);
  const resaved = JSON.parse(readFileSync(path, 'utf8'));
  assert.is(resaved.slots[1].instrument.plugin, '/gone/Missing.vst3');
  assert.is(resaved.slots[1].instrument.state, data.slots[1].instrument.state);
  assert.ok(existsSync(`${path}.bak`), 'the previous file is kept as .bak');
  await b.engine.close();
});

test('kill -9 during saves never leaves a session that cannot be loaded', async () => {
  const dir = tempDir();
  const path = join(dir, 'session.json');
  const a = new Host(newEngine());
  await buildSession(a);
  await new SessionController(a, path).save();
  await a.engine.close();
  const good = join(dir, 'good.json');
  copyFileSync(path, good);
  const saver = join(root, 'host/test/cli/fixtures/save-loop.ts');
  for (let round = 0; round < 6; round++) {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', saver, good, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 40 + round * 37));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text);
    assert.is(parsed.schema, 'linkvst-session', `round ${round}`);
    assert.is(parsed.slots.length, 8);
  }
});

test.run();
