// A million seeded random bytes through the simulator's whole USB input path (reads → MidiStreamDecoder → Vintage
// Mode → DIN/USB out): no exception, no hang (bounded in simulated time), state bounded, and afterwards a valid
// StatusRequest and Identity request are answered. The firmware runs the same test (firmware/tests/test_random_bytes.py).
import { fromHex, toHex } from '@vcpi/protocol';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArpSimulator } from '../src/arp-simulator.js';
import { NO_HOOKS, type ArpHooks } from '../src/hooks.js';
import { Mulberry32 } from '../src/rng.js';

const TOTAL = 1_000_000;

class CountingHooks implements ArpHooks {
  forwarded = 0;
  modeChanges = 0;
  suspendDisplay(): void {
    this.modeChanges++;
  }
  resumeDisplay = NO_HOOKS.resumeDisplay;
  suspendButtons = NO_HOOKS.suspendButtons;
  resumeButtons = NO_HOOKS.resumeButtons;
  suspendArpeggiator = NO_HOOKS.suspendArpeggiator;
  resumeArpeggiator = NO_HOOKS.resumeArpeggiator;
  forwardMidi(): void {
    this.forwarded++;
  }
  forwardRealtime(): void {
    this.forwarded++;
  }
}

function randomBytes(seed: number, n: number): Uint8Array {
  const r = new Mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const v = r.nextU32();
    for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (8 * k)) & 0xff;
  }
  return out;
}

for (const seed of [20260101, 5]) {
  test(`a million random bytes, then a valid message (seed ${seed})`, () => {
    const hooks = new CountingHooks();
    let usb = 0;
    let din = 0;
    const lastUsb: Uint8Array[] = [];
    const sim = new ArpSimulator({
      seed: 7,
      hooks,
      record: false,
      onUsbOut: (r) => {
        usb++;
        lastUsb.push(r.bytes);
        if (lastUsb.length > 4) lastUsb.shift();
      },
      onDin: () => din++,
    });
    const data = randomBytes(seed, TOTAL);
    const chunks = new Mulberry32(99);
    // 64 bytes per millisecond of host time, in USB reads of 1-48 bytes.
    for (let i = 0; i < TOTAL; i += 64) sim.hostSend(data.subarray(i, i + 64), { atUs: (i / 64) * 1000, chunk: 1 + (chunks.nextU32() % 48) });
    let now = 0;
    while (sim.board.usbPending > 0 && now < 60_000_000) {
      now += 100_000;
      sim.runUntil(now);
      assert.ok(sim.vintage.ring.count <= 1000, 'the ring never holds more than 1000 events');
    }
    assert.is(sim.board.usbPending, 0, 'every byte was read within 60 s of simulated time');
    sim.runUntil(now + 1_000_000);
    assert.ok(sim.board.iterations < (2 * (now + 1_000_000)) / 1000, 'the loop kept its pace');
    assert.ok(hooks.forwarded > 10_000, `forwarded ${hooks.forwarded}`);
    assert.ok(usb > 0 && hooks.modeChanges > 0, `replies ${usb}, mode changes ${hooks.modeChanges}, DIN ${din}`);

    sim.hostSend(Uint8Array.of(0xf7), { atUs: now + 1_000_000 });
    sim.runUntil(now + 1_100_000);
    const before = usb;
    sim.hostSend(fromHex('F0 7D 05 F7 F0 7E 7F 06 01 F7'), { atUs: now + 1_100_000 });
    sim.runUntil(now + 1_200_000);
    assert.is(usb - before, 2);
    const [status, identity] = lastUsb.slice(-2) as [Uint8Array, Uint8Array];
    assert.is(toHex(status.subarray(0, 4)), 'F0 7D 03 00');
    assert.is(status.length, 15);
    assert.is(toHex(identity), 'F0 7E 7F 06 02 7D 01 00 01 00 01 00 00 00 F7');
  });
}

test.run();
