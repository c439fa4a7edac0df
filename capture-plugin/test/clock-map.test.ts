// The host-time ↔ sample map: jitter is averaged out, a dropout (the line jumps) is followed and counted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClockMap } from '@vcpi/capture-plugin';
import { seeded } from '@vcpi/arp-firmware-sim';

const FS = 48_000;
const BLOCK = 256;
const blockUs = (BLOCK / FS) * 1e6;

/** Feeds `count` blocks from block `from`: host time = its nominal time + `shiftUs` + jitter up to `jitterUs`. */
function feed(map: ClockMap, from: number, count: number, shiftUs: number, jitterUs: number, seed = 1): void {
  const r = seeded(seed);
  for (let b = from; b < from + count; b++) map.add(1e9 + b * blockUs + shiftUs + r() * jitterUs, b * BLOCK);
}

test('callback jitter up to 0.5 ms: no dropout, the line within a sample', () => {
  const map = new ClockMap(FS);
  feed(map, 0, 600, 0, 500);
  assert.is(map.dropouts, 0);
  // The jitter is a delay (0-500 µs, 250 on average): the line sits in its middle.
  assert.ok(Math.abs(map.sampleAt(1e9 + 500 * blockUs + 250) - 500 * BLOCK) < 1, `${map.sampleAt(1e9 + 500 * blockUs + 250) - 500 * BLOCK}`);
});

test('one block 3 ms late, then on time again: jitter, not a dropout', () => {
  const map = new ClockMap(FS);
  feed(map, 0, 100, 0, 0);
  map.add(1e9 + 100 * blockUs + 3000, 100 * BLOCK);
  feed(map, 101, 100, 0, 0);
  assert.is(map.dropouts, 0);
  assert.ok(Math.abs(map.sampleAt(1e9 + 150 * blockUs) - 150 * BLOCK) < 0.5);
});

test('an xrun moves the line by 4 ms: counted once, and the map follows the new line at once', () => {
  const map = new ClockMap(FS);
  feed(map, 0, 300, 0, 100);
  feed(map, 300, 10, 4000, 100, 2);
  assert.is(map.dropouts, 1);
  // Right after the jump (from its first blocks) and later.
  assert.ok(Math.abs(map.sampleAt(1e9 + 305 * blockUs + 4050) - 305 * BLOCK) < 3, `${map.sampleAt(1e9 + 305 * blockUs + 4050) - 305 * BLOCK}`);
  feed(map, 310, 300, 4000, 100, 3);
  assert.is(map.dropouts, 1);
  assert.ok(Math.abs(map.sampleAt(1e9 + 600 * blockUs + 4050) - 600 * BLOCK) < 1);
});

test.run();
