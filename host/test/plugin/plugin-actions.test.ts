// The actions, driven as a host or linkvst drives them (parameters set through the engine): the audio thread sees
// the edge, the JS thread runs the core, the result comes back in Mode/Error and the button goes off again. With no
// Arp (its port turned off) the core's own errors come through: NO_CALIBRATION, NO_ACK, EMPTY_TAKE.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine, ParameterInfo } from '@vcpi/host';
import { byName, eventually, formats, newEngine } from './helpers.js';

// No MIDI system to look for the Arp on here: keep RtMidi out of these tests (set per suite: every test file is
// imported before the first suite runs).
test.before(() => {
  process.env.VCPI_ARP_PORT = 'off';
});

const slot = { slot: 1 } as const;
const read = (engine: Engine) => () => engine.parameters(slot);
const shows = (name: string, text: string) => (p: ParameterInfo[]) => byName(p, name).text === text;

async function withPlugin(plugin: string, body: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = newEngine();
  try {
    await engine.load(plugin, { slot: 1, as: 'instrument' });
    await engine.render(1024);
    await body(engine);
  } finally {
    await engine.close();
  }
}

for (const [format, plugin] of formats) {
  test(`${format}: Play before a calibration fails with NO_CALIBRATION, and the button goes off`, () =>
    withPlugin(plugin, async (engine) => {
      await engine.setParameter(slot, 'Play', 1);
      const p = await eventually(engine, read(engine), shows('Error', 'NO_CALIBRATION'), 'Error after Play');
      await eventually(engine, read(engine), shows('Play', 'Off'), 'Play after it acted');
      assert.is(byName(p, 'Mode').text, 'idle');
    }));

  test(`${format}: Send before anything was recorded fails with EMPTY_TAKE, and the button goes off`, () =>
    withPlugin(plugin, async (engine) => {
      await engine.setParameter(slot, 'Send', 1);
      const p = await eventually(engine, read(engine), shows('Error', 'EMPTY_TAKE'), 'Error after Send');
      await eventually(engine, read(engine), shows('Send', 'Off'), 'Send after it acted');
      assert.is(byName(p, 'Mode').text, 'idle');
    }));

  test(`${format}: Calibrate with no Arp answering fails with NO_ACK and returns to idle`, () =>
    withPlugin(plugin, async (engine) => {
      await engine.setParameter(slot, 'Calibrate', 1);
      await eventually(engine, read(engine), shows('Error', 'NO_ACK'), 'Error after Calibrate', 400);
      const p = await eventually(engine, read(engine), shows('Mode', 'idle'), 'Mode after the failure');
      assert.is(byName(p, 'Calibrate').text, 'Off');
      assert.is(byName(p, 'Latency').value, 0);
    }));

  test(`${format}: Record shows in Mode while on; stopping with nothing played fails with EMPTY_TAKE`, () =>
    withPlugin(plugin, async (engine) => {
      await engine.setParameter(slot, 'Record', 1);
      await eventually(engine, read(engine), shows('Mode', 'recording'), 'Mode after Record on');
      await engine.setParameter(slot, 'Record', 0);
      const p = await eventually(engine, read(engine), shows('Error', 'EMPTY_TAKE'), 'Error after Record off');
      assert.is(byName(p, 'Mode').text, 'idle');
      assert.is(byName(p, 'Record').text, 'Off');
    }));
}

test.run();
