// What the engine tells about its audio thread and its xruns, so a soak can time-correlate them with what it was
// doing (bench/engine-soak.bench.ts): the audio thread's kernel id (its faults, preemptions and run-queue waits are
// in /proc), when the longest callback ran, when the last late callback came and its gap, when the server's last
// xrun notice came — all on the engine's monotonic clock, which is process.hrtime's. The xrun is made by stopping
// jackd (SIGSTOP) for a moment: its dummy driver then finds itself late, notifies its clients, and the engine's
// next callback comes late. Also glibc's figures (engine.mallocStats()).
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine } from '@vcpi/host';
import { newEngine, noteOff, noteOn, plugins } from './helpers.js';
import { sleep, waitFor } from './jack-capture.js';
import { JackServer } from './jack-server.js';

let jack: JackServer;
const nowNs = (): number => Number(process.hrtime.bigint());

test.before(async () => {
  jack = await JackServer.start({ sampleRate: 48000, period: 256 });
});

test.after(async () => {
  await jack.stop();
});

test('status names the audio thread (a SCHED_FIFO thread of this process) and when its longest callback ran', async () => {
  const engine = newEngine();
  try {
    const before = nowNs();
    await engine.audio.start({ type: 'jack' });
    await waitFor('callbacks', () => engine.audio.status().callbacks > 10 && engine.audio.status().threadId !== 0);
    const status = engine.audio.status();
    const stat = readFileSync(`/proc/self/task/${status.threadId}/stat`, 'utf8');
    const policy = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
    assert.is(policy === 1, status.realtime, `thread ${status.threadId}: policy ${policy}, status says realtime ${status.realtime}`);
    assert.ok(status.callbackMaxAtNs >= before && status.callbackMaxAtNs <= nowNs(), `callbackMaxAtNs ${status.callbackMaxAtNs} not in [${before}, now]`);
    assert.ok(status.callbackMaxUs > 0);
  } finally {
    await engine.close();
  }
});

test('a stalled server: the xrun notice and the late callback are timed on process.hrtime’s clock', async () => {
  const engine = newEngine();
  const pid = jack.pid;
  assert.ok(pid !== undefined);
  try {
    await engine.audio.start({ type: 'jack' });
    await waitFor('callbacks', () => engine.audio.status().callbacks > 10);
    const quiet = engine.audio.status();
    assert.is(quiet.lateCallbackAtNs, 0);
    const stoppedAt = nowNs();
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(100); // ~19 periods without a cycle
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor('an xrun notice and a late callback', () => {
      const s = engine.audio.status();
      return s.deviceXruns > quiet.deviceXruns && s.jackXrunAtNs > 0 && s.callbackGaps > quiet.callbackGaps;
    });
    const s = engine.audio.status();
    assert.ok(s.jackXrunAtNs >= stoppedAt && s.jackXrunAtNs <= nowNs(), `jackXrunAtNs ${s.jackXrunAtNs} not after the stop at ${stoppedAt}`);
    assert.ok(s.lateCallbackAtNs >= stoppedAt && s.lateCallbackAtNs <= nowNs(), `lateCallbackAtNs ${s.lateCallbackAtNs} not after the stop`);
    assert.ok(s.lateCallbackGapUs > 1.8 * s.periodUs, `gap ${s.lateCallbackGapUs} µs is not a late callback (period ${s.periodUs} µs)`);
  } finally {
    await engine.close();
  }
});

/** Minor + major page faults of one thread of this process so far. */
function faults(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[7]) + Number(fields[9]);
}

/**
 * 128 note pairs on one channel at once: as many events as one block gives a slot (kMaxSlotEventsPerBlock; DPF's
 * wrappers file each in their list, JUCE's VST3 host in its own).
 */
function burst(engine: Engine, channel = 1): void {
  for (let i = 0; i < 128; i++) {
    engine.sendMidi(noteOn(36 + (i % 60), 90, channel));
    engine.sendMidi(noteOff(36 + (i % 60), channel));
  }
}

/**
 * A measurement of audio-thread faults, made again once if it found any: what the engine does faults every time
 * (the VST3 event list faulted in 9 runs of 9 before its warm-up), while the kernel may fault a page of any thread
 * now and then on its own (moving or merging pages). The first count is printed when it is retried.
 */
async function faultsTwice(what: string, measure: () => Promise<number>): Promise<number> {
  const first = await measure();
  if (first === 0) return 0;
  console.log(`  ${what}: ${first} audio-thread page faults; measured again`);
  return measure();
}

/** Waits for the running engine's audio thread; its id, and a wait for `n` more callbacks. */
async function audioThread(engine: Engine): Promise<{ tid: number; callbacksAfter: (n: number) => Promise<void> }> {
  await waitFor('the audio thread', () => engine.audio.status().threadId !== 0 && engine.audio.status().callbacks > 10);
  const callbacksAfter = async (n: number): Promise<void> => {
    const until = engine.audio.status().callbacks + n;
    await waitFor(`${n} callbacks`, () => engine.audio.status().callbacks >= until);
  };
  return { tid: engine.audio.status().threadId, callbacksAfter };
}

/**
 * Loads the synth at `bundle` into slot 1 of a live engine, replaces it three times (each old instance freed and
 * trimmed by the engine's malloc_trim after frees, so the new one lands in memory the kernel dropped), then sends a
 * 256-event burst and returns the audio thread's page faults while the newest instance takes it.
 */
async function faultsOfFirstBurst(bundle: string): Promise<number> {
  const engine = newEngine();
  try {
    engine.route(1, 1);
    await engine.load(bundle, { slot: 1, as: 'instrument' });
    await engine.audio.start({ type: 'jack' });
    const { tid, callbacksAfter } = await audioThread(engine);
    burst(engine); // the audio path's code and stack, touched once
    await callbacksAfter(20);
    for (let round = 0; round < 3; round++) {
      await engine.remove({ slot: 1 });
      await callbacksAfter(5);
      await engine.summary(); // frees the graph the audio thread handed back, and trims
      await engine.load(bundle, { slot: 1, as: 'instrument' });
      await callbacksAfter(5);
    }
    const before = faults(tid);
    burst(engine);
    await callbacksAfter(20);
    const taken = faults(tid) - before;
    assert.ok(engine.stats().memoryTrims >= 3, `trims: ${engine.stats().memoryTrims}`);
    return taken;
  } finally {
    await engine.close();
  }
}

// LV2: DPF's LV2 wrapper files incoming events into a list inside its instance, which a new instance's allocation
// may place on pages malloc_trim gave back (the engine's load-time prefault covers it). JUCE's LV2 host writes the
// events into atom buffers sized when the plugin is instantiated: nothing of its own grows.
test('an LV2 synth loaded into freed (trimmed) memory does not page-fault on the audio thread when events pour in', async () => {
  assert.is(await faultsTwice('LV2', () => faultsOfFirstBurst(plugins.synthLv2Bundle)), 0, 'page faults on the audio thread while the new instance took its first big burst');
});

// VST3: JUCE 7.0.5's VST3 host converts each block's MIDI into a per-instance event list that a new instance has
// with no storage and that grows with realloc when a block brings more events than any before; on the audio thread
// that is an allocation (the first one there creates the thread's malloc arena: an mmap) and page faults on the fresh
// pages it writes. The engine's load-time MIDI warm-up (PluginNode::warmUpMidi) grows the list on the message thread
// before the instance goes live. A first instance (slot 2) takes a burst first, so the audio path's code, the
// module's code (both instances share it) and the stack are touched once; the second (slot 1) is the one measured.
test('a freshly loaded VST3 synth takes its first 256-event burst with no page fault on the audio thread', async () => {
  assert.is(await faultsTwice('VST3', faultsOfFreshVst3), 0, 'page faults on the audio thread while the new VST3 instance took its first burst');
});

async function faultsOfFreshVst3(): Promise<number> {
  const engine = newEngine();
  try {
    engine.route(1, 1);
    engine.route(2, 2);
    await engine.load(plugins.synthVst3, { slot: 2, as: 'instrument' });
    await engine.audio.start({ type: 'jack' });
    const { tid, callbacksAfter } = await audioThread(engine);
    burst(engine, 2);
    await callbacksAfter(20);
    await engine.load(plugins.synthVst3, { slot: 1, as: 'instrument' });
    await callbacksAfter(5);
    const before = faults(tid);
    burst(engine, 1);
    await callbacksAfter(20);
    const taken = faults(tid) - before;
    const stats = engine.stats(); // the bursts reached their slots whole
    assert.is(stats.midiBlockDrops + stats.midiQueueDrops + stats.midiOverflowDrops, 0);
    return taken;
  } finally {
    await engine.close();
  }
}

// mallinfo2 is the whole process's. An earlier test's engine goes on freeing for a moment after its close (its
// JACK client's threads, the garbage collector finalizing its wrapper): megabytes, in the middle of a measurement.
// So each reading comes after a full collection and the finalizers it queued, once two readings 50 ms apart agree.
// The second ZamDelay is the one measured (its delay lines are ~6 MB; the first load also pays for the module and
// JUCE's first-use state).
const collectGarbage = ((): (() => void) => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

async function settledMallocStats(engine: Engine): Promise<ReturnType<Engine['mallocStats']>> {
  const read = async (): Promise<ReturnType<Engine['mallocStats']>> => {
    collectGarbage();
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve)); // Node-API finalizers run from an immediate
    return engine.mallocStats();
  };
  let last = await read();
  for (let attempt = 0; attempt < 100; attempt++) {
    await sleep(50);
    const now = await read();
    if (Math.abs(now.inUse - last.inUse) < 256 * 1024) return now;
    last = now;
  }
  throw new Error(`malloc's in-use figure did not settle in 5 s (last ${last.inUse})`);
}

test('mallocStats: a loaded plugin is memory malloc hands out', async () => {
  const engine = newEngine();
  try {
    const first = engine.mallocStats();
    for (const key of ['inUse', 'free', 'heap', 'mapped', 'mappedBlocks'] as const) assert.ok(Number.isFinite(first[key]) && first[key] >= 0, key);
    assert.ok(first.heap >= first.free, `heap ${first.heap} < free ${first.free}`);
    await engine.load(plugins.zamDelay, { slot: 1, as: 'insert' });
    const before = await settledMallocStats(engine);
    await engine.load(plugins.zamDelay, { slot: 2, as: 'insert' });
    const loaded = await settledMallocStats(engine);
    assert.ok(loaded.inUse > before.inUse + 1_000_000, `in use ${before.inUse} → ${loaded.inUse} after loading a second ZamDelay`);
    await engine.remove({ slot: 2, insert: 0 });
    const removed = await settledMallocStats(engine);
    assert.ok(removed.inUse < loaded.inUse - 1_000_000, `in use ${loaded.inUse} → ${removed.inUse} after removing it`);
  } finally {
    await engine.close();
  }
});

test.run();
