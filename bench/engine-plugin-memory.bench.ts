// Memory per plugin load/unload (issue #5's soak growth): for each plugin kind, load it into slot 1 and remove it
// again LOAD_CYCLES times (default 60) on an offline engine (a short render after each load, so it processes), and
// print the resident memory growth per cycle after a warm-up of 5 cycles, side by side. A kind whose growth per cycle
// stays well above 0 leaks on load/unload. Printed, not asserted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine, type LoadTarget } from '@vcpi/host';

const CYCLES = Number(process.env.LOAD_CYCLES ?? 60);
const testPlugins = fileURLToPath(new URL('../native/build/test-plugins/', import.meta.url));
const kinds: { label: string; plugin: string; target: LoadTarget }[] = [
  { label: 'VST3 test synth (DPF)', plugin: join(testPlugins, 'vst3/VcpiTestSynth.vst3'), target: { slot: 1, as: 'instrument' } },
  { label: 'LV2 test synth by bundle path', plugin: join(testPlugins, 'bin/VcpiTestSynth.lv2'), target: { slot: 1, as: 'instrument' } },
  { label: 'LV2 Nekobi by URI', plugin: 'http://distrho.sf.net/plugins/Nekobi', target: { slot: 1, as: 'instrument' } },
  { label: 'VST3 ZamComp', plugin: '/usr/lib/vst3/ZamComp.vst3', target: { slot: 1, as: 'insert' } },
  { label: 'VST3 ZamDelay', plugin: '/usr/lib/vst3/ZamDelay.vst3', target: { slot: 1, as: 'insert' } },
  { label: 'VST3 ZamEQ2', plugin: '/usr/lib/vst3/ZamEQ2.vst3', target: { slot: 1, as: 'insert' } },
  { label: 'VST3 test latency (DPF)', plugin: join(testPlugins, 'vst3/VcpiTestLatency.vst3'), target: { slot: 1, as: 'insert' } },
];
const only = process.env.LOAD_KIND;
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
// A full garbage collection before each reading: the renders' output arrays are not growth.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const rss = (): number => {
  gc();
  return process.memoryUsage().rss;
};

console.log(`plugin load/unload, ${CYCLES} cycles each after 5 warm-up cycles, offline engine (RSS of this process)`);
for (const kind of kinds) {
  if (only !== undefined && !kind.label.includes(only)) continue;
  const engine = new Engine({ sampleRate: 48000, blockSize: 256, probeCachePath: join(mkdtempSync(join(tmpdir(), 'vcpi-bench-')), 'probe.json') });
  try {
    const ref = 'as' in kind.target && kind.target.as === 'insert' ? { slot: 1, insert: 0 } : { slot: 1 };
    const cycle = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      await engine.load(kind.plugin, kind.target);
      for (let i = 0; i < 10; i++) await engine.render(4800); // a second of processing: a plugin touches its buffers (a leaked instance then shows in RSS)
      await engine.remove(ref);
      await engine.render(256); // the audio thread hands the old graph back; the next call frees it
      await engine.summary();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < 5; i++) await cycle();
    const before = rss();
    const times: number[] = [];
    for (let i = 0; i < CYCLES; i++) times.push(await cycle());
    const after = rss();
    times.sort((a, b) => a - b);
    console.log(`  ${kind.label.padEnd(32)} RSS ${mb(before)} -> ${mb(after)} MB: ${(((after - before) / CYCLES) / 1024).toFixed(1).padStart(7)} KB a cycle; load+unload p50 ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`);
  } finally {
    await engine.close();
  }
}
