// The Arp's port, on a real JACK server: the simulated Arp (RealTimeArp from arp-firmware-sim) behind two JACK MIDI
// ports that nothing names as the Arp. The plugin finds it by its identity reply, talks to it (the core's
// calibration gets the Arp's Status and its pings reach the Arp's DIN output), notices when its ports go and
// reconnects when they come back, and keeps the port's name in its state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RealTimeArp } from '@vcpi/arp-firmware-sim';
import type { Engine, MidiPort } from '@vcpi/host';
import { JackServer } from '../native/jack-server.js';
import { byName, eventually, newEngine, artefacts } from './helpers.js';
import { pluginStateJson } from '../../src/capture/juce-state.js';


/** The simulated Arp on two JACK MIDI ports of `engine`: what the plugin sends reaches it, what it answers goes out. */
async function fakeArp(engine: Engine, dinNotes: number[]): Promise<{ close: () => Promise<void> }> {
  const arp = new RealTimeArp({ onDin: (r) => { if ((r.bytes[0]! & 0xf0) === 0x90) dinNotes.push(r.bytes[1]!); }, onUsbOut: (r) => engine.midi.send(out, r.bytes) });
  const out: MidiPort = await engine.midi.createVirtualOutput('usb-midi-dev-out');
  const input: MidiPort = await engine.midi.createVirtualInput('usb-midi-dev-in', { mode: 'control', onMessage: (m) => arp.send(m.bytes) });
  arp.start();
  return {
    close: async () => {
      arp.stop();
      await engine.midi.close(input);
      await engine.midi.close(out);
    },
  };
}

const slot = { slot: 1 } as const;
const read = (engine: Engine) => () => engine.parameters(slot);

test('finds the Arp by its identity reply, talks to it, follows it away and back, keeps its name', async () => {
  delete process.env.VCPI_ARP_PORT; // found by its identity reply
  const jack = await JackServer.start();
  const engine = newEngine();
  const dinNotes: number[] = [];
  let arp: { close: () => Promise<void> } | undefined;
  try {
    arp = await fakeArp(engine, dinNotes);
    await engine.load(artefacts.vst3, { slot: 1, as: 'instrument' });
    await eventually(engine, read(engine), (p) => byName(p, 'Arp').text === 'On', 'Arp connected', 400);
    const name = (pluginStateJson(await engine.getState(slot)) as { arpPort: string }).arpPort;
    assert.match(name, /usb-midi-dev/);

    // Calibrate: the Arp answers the Status request (in Vintage Mode), so pings start; each one is a note on its DIN.
    await engine.setParameter(slot, 'Calibrate', 1);
    await eventually(engine, read(engine), (p) => byName(p, 'Progress').value > 0, 'calibration pings', 600);
    assert.ok(dinNotes.length > 0, 'a ping played on the Arp');
    await engine.setParameter(slot, 'Abort', 1);
    const aborted = await eventually(engine, read(engine), (p) => byName(p, 'Error').text === 'ABORTED', 'abort');
    assert.is(byName(aborted, 'Mode').text, 'idle');

    await arp.close();
    arp = undefined;
    await eventually(engine, read(engine), (p) => byName(p, 'Arp').text === 'Off', 'Arp gone', 400);
    arp = await fakeArp(engine, dinNotes);
    await eventually(engine, read(engine), (p) => byName(p, 'Arp').text === 'On', 'Arp back', 400);
  } finally {
    await arp?.close().catch(() => undefined);
    await engine.close();
    await jack.stop();
  }
});

test.run();
