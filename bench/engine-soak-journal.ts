// The soak's event journal: what happened around each xrun. The soak marks its control traffic here (load, remove,
// memory readings); a 5 ms poller adds what the engine and the system did — the engine's late callbacks and the
// server's xrun notices at their own native times (engine.audio.status(), the engine's monotonic clock, the same as
// process.hrtime), heap trims and graph swaps (engine.stats()), page faults and preemptions of the audio thread and
// of jackd's real-time thread (/proc/<pid>/task/<tid>), garbage collections (perf_hooks), jackd's own xrun lines,
// and the machine's CPU busy and steal time (/proc/stat). report() prints, for each xrun, the events in the
// 500 ms before it and the CPU around it, and an attribution: the engine's callback ran long, the audio thread
// faulted or was preempted, or the server's driver woke late with the engine's thread idle (the environment).
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { Engine } from '@vcpi/host';

export const nowNs = (): number => Number(process.hrtime.bigint());

interface JournalEvent { atNs: number; text: string }
interface Xrun { atNs: number; what: string; events: JournalEvent[]; cpu: string; verdict: string }
interface ThreadCounters { minflt: number; majflt: number; preempted: number; slept: number; waitNs: number }

const POLL_MS = 5;
const KEEP_NS = 3e9;          // events kept for the look-back
const BEFORE_NS = 500e6;      // printed before an xrun
const AFTER_NS = 20e6;        // and after it (the server's notice comes a little after the late cycle)

/** Fault and preemption counters of one thread; undefined when it is gone. */
function threadCounters(pid: number, tid: number): ThreadCounters | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    const preempted = Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const slept = Number(/\nvoluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
    // schedstat: time on a CPU, time runnable but waiting on a run queue, timeslices (ns).
    const waitNs = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
    return { minflt: Number(fields[7]), majflt: Number(fields[9]), preempted, slept, waitNs };
  } catch {
    return undefined;
  }
}

/** The SCHED_FIFO threads of a process (policy is /proc stat field 41) and their priorities. */
export function fifoThreads(pid: number): { tid: number; priority: number }[] {
  const out: { tid: number; priority: number }[] = [];
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[38]) === 1) out.push({ tid: Number(tid), priority: Number(fields[37]) });
    } catch { /* the thread ended */ }
  }
  return out;
}

/** Steal ticks (1/100 s) of each CPU. */
function stealPerCpu(): number[] {
  return readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d/.test(l)).map((l) => Number(l.trim().split(/\s+/)[8] ?? 0));
}

/** Jiffies of the whole machine: busy (not idle or iowait), steal (the hypervisor ran something else), total. */
function machineCpu(): [number, number, number] {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return [total - idle, v[7] ?? 0, total];
}

export class SoakJournal {
  readonly xruns: Xrun[] = [];
  #events: JournalEvent[] = [];
  #cpu: { atNs: number; busy: number; steal: number; total: number }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #gcObserver: PerformanceObserver;
  #last = { deviceXruns: 0, gaps: 0, jackAt: 0, lateAt: 0, maxAt: 0, trims: 0, swaps: 0, callbacks: 0 };
  /** Audio-thread page faults, each with the events of the 100 ms before it. */
  readonly audioIncidents: { atNs: number; text: string; before: string[] }[] = [];
  #threads = new Map<string, { pid: number; tid: number; counters: ThreadCounters; first: ThreadCounters }>();
  #pending: { atNs: number; what: string }[] = [];
  #steal: number[] = stealPerCpu();

  constructor(private readonly engine: Engine) {
    // performance.now() and process.hrtime share the monotonic clock up to an offset.
    const offset = nowNs() - performance.now() * 1e6;
    this.#gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.mark(`gc ${(e.duration).toFixed(1)} ms`, offset + e.startTime * 1e6);
    });
    this.#gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** Records an event now (or at atNs, on the monotonic clock). */
  mark(text: string, atNs = nowNs()): void {
    this.#events.push({ atNs, text });
  }

  /** Marks the start and end of an operation. */
  async span<T>(text: string, operation: () => Promise<T>): Promise<T> {
    const started = nowNs();
    this.mark(`${text} …`, started);
    try {
      return await operation();
    } finally {
      this.mark(`${text} done (${((nowNs() - started) / 1e6).toFixed(1)} ms)`);
    }
  }

  /** Follows a thread's page faults and preemptions (e.g. jackd's real-time thread). */
  watchThread(label: string, pid: number, tid: number): void {
    const counters = threadCounters(pid, tid);
    if (counters !== undefined) this.#threads.set(label, { pid, tid, counters, first: counters });
  }

  /** jackd's output: its xrun lines become events. */
  serverOutput(text: string): void {
    for (const line of text.split('\n')) if (line.trim() !== '') this.mark(`jackd: ${line.trim()}`);
  }

  start(): void {
    const s = this.engine.audio.status();
    const st = this.engine.stats();
    this.#last = { deviceXruns: s.deviceXruns, gaps: s.callbackGaps, jackAt: s.jackXrunAtNs, lateAt: s.lateCallbackAtNs, maxAt: s.callbackMaxAtNs, trims: st.memoryTrims, swaps: st.graphSwaps, callbacks: s.callbacks };
    this.#timer = setInterval(() => this.#poll(), POLL_MS);
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#gcObserver.disconnect();
    this.#poll();
    for (const p of this.#pending) this.#capture(p.atNs, p.what);
    this.#pending = [];
  }

  #poll(): void {
    const now = nowNs();
    const s = this.engine.audio.status();
    const st = this.engine.stats();
    const last = this.#last;
    if (s.threadId !== 0 && !this.#threads.has('audio thread')) this.watchThread('audio thread', process.pid, s.threadId);
    if (s.callbackMaxAtNs !== last.maxAt && s.callbackMaxAtNs !== 0) {
      // A callback over a fifth of the period is an incident of its own, printed with what preceded it.
      const long = s.callbackMaxUs > s.periodUs / 5;
      this.mark(`${long ? 'long callback' : 'longest callback so far'}: ${s.callbackMaxUs.toFixed(0)} µs`, s.callbackMaxAtNs);
      if (long) this.#pending.push({ atNs: s.callbackMaxAtNs, what: `slow callback: ${s.callbackMaxUs.toFixed(0)} µs` });
    }
    if (st.memoryTrims !== last.trims) this.mark(`heap trim ×${st.memoryTrims - last.trims} (message thread)`, now);
    if (st.graphSwaps !== last.swaps) this.mark(`graph swap ×${st.graphSwaps - last.swaps} (audio thread)`, now);
    for (const [label, t] of this.#threads) {
      const c = threadCounters(t.pid, t.tid);
      if (c === undefined) continue;
      const minor = c.minflt - t.counters.minflt;
      const major = c.majflt - t.counters.majflt;
      const preempted = c.preempted - t.counters.preempted;
      if (minor + major > 0) this.mark(`${label}: ${minor} minor + ${major} major page faults`, now);
      if (label === 'audio thread' && minor + major > 0) {
        const before = this.#events.filter((e) => e.atNs >= now - 100e6 && !e.text.startsWith('audio thread')).map((e) => `${((e.atNs - now) / 1e6).toFixed(0)} ms ${e.text}`);
        this.audioIncidents.push({ atNs: now, text: `${minor} minor + ${major} major faults`, before });
      }
      if (preempted > 0) this.mark(`${label}: preempted ×${preempted}`, now);
      const waited = c.waitNs - t.counters.waitNs;
      if (waited > 200e3) this.mark(`${label}: runnable but waiting for a CPU ${(waited / 1e6).toFixed(2)} ms`, now);
      t.counters = c;
    }
    const steals = stealPerCpu();
    steals.forEach((v, cpu) => {
      const d = v - (this.#steal[cpu] ?? v);
      if (d > 0) this.mark(`cpu${cpu}: hypervisor steal +${d * 10} ms (counted in 10 ms ticks)`, now);
    });
    this.#steal = steals;
    const [busy, steal, total] = machineCpu();
    this.#cpu.push({ atNs: now, busy, steal, total });
    const lateNew = s.callbackGaps !== last.gaps;
    const jackNew = s.deviceXruns !== last.deviceXruns;
    if (lateNew) {
      const at = s.lateCallbackAtNs !== last.lateAt ? s.lateCallbackAtNs : now;
      const what = `late callback: gap ${(s.lateCallbackGapUs / 1000).toFixed(2)} ms (${(s.lateCallbackGapUs / s.periodUs).toFixed(1)} periods)${s.callbackGaps - last.gaps > 1 ? ` (${s.callbackGaps - last.gaps} since the last poll)` : ''}`;
      this.mark(what, at);
      this.#pending.push({ atNs: at, what });
    }
    if (jackNew) {
      const at = s.jackXrunAtNs !== last.jackAt ? s.jackXrunAtNs : now;
      const what = `JACK xrun #${s.deviceXruns}${s.deviceXruns - last.deviceXruns > 1 ? ` (+${s.deviceXruns - last.deviceXruns})` : ''} (server's notice)`;
      this.mark(what, at);
      this.#pending.push({ atNs: at, what });
    }
    this.#last = { deviceXruns: s.deviceXruns, gaps: s.callbackGaps, jackAt: s.jackXrunAtNs, lateAt: s.lateCallbackAtNs, maxAt: s.callbackMaxAtNs, trims: st.memoryTrims, swaps: st.graphSwaps, callbacks: s.callbacks };
    // Captured once the events just after it (the notice, jackd's line, fault counts) are in.
    const ready = this.#pending.filter((p) => now - p.atNs > 200e6);
    this.#pending = this.#pending.filter((p) => now - p.atNs <= 200e6);
    for (const p of ready) this.#capture(p.atNs, p.what);
    while (this.#events.length > 0 && (this.#events[0]?.atNs ?? now) < now - KEEP_NS) this.#events.shift();
    while (this.#cpu.length > 0 && (this.#cpu[0]?.atNs ?? now) < now - KEEP_NS) this.#cpu.shift();
  }

  #capture(atNs: number, what: string): void {
    const events = this.#events.filter((e) => e.atNs >= atNs - BEFORE_NS && e.atNs <= atNs + AFTER_NS).sort((a, b) => a.atNs - b.atNs);
    const window = this.#cpu.filter((c) => c.atNs >= atNs - 1e9 && c.atNs <= atNs + 50e6);
    const first = window[0];
    const lastCpu = window[window.length - 1];
    let cpu = 'no CPU reading';
    if (first !== undefined && lastCpu !== undefined && lastCpu.total > first.total) {
      const total = lastCpu.total - first.total;
      cpu = `machine CPU in the second before: ${(((lastCpu.busy - first.busy) / total) * 200).toFixed(0)}% of 200% busy, steal ${(((lastCpu.steal - first.steal) / total) * 200).toFixed(0)}%`;
    }
    this.xruns.push({ atNs, what, events, cpu, verdict: verdict(events) });
  }

  /** Each watched thread's totals since it was first seen: faults, sleeps, preemptions, run-queue waits. */
  threadTotals(callbacks: number): string[] {
    const out: string[] = [];
    for (const [label, t] of this.#threads) {
      const f = t.first;
      const c = t.counters;
      const sleeps = c.slept - f.slept;
      out.push(`${label} (tid ${t.tid}): ${c.minflt - f.minflt} minor + ${c.majflt - f.majflt} major page faults, ` +
        `${sleeps} sleeps${label === 'audio thread' && callbacks > 0 ? ` (${(sleeps / callbacks).toFixed(3)} per callback; it waits once per cycle for the next)` : ''}, ` +
        `preempted ×${c.preempted - f.preempted}, runnable without a CPU ${((c.waitNs - f.waitNs) / 1e6).toFixed(1)} ms in all`);
    }
    return out;
  }

  /** Counts the incidents by where their causes lie. */
  attribution(): string {
    const incidents = this.xruns.filter((x) => !x.what.startsWith('slow callback'));
    if (incidents.length === 0) return 'no xruns or late callbacks';
    const engine = incidents.filter((x) => ENGINE.test(x.verdict)).length;
    const environment = incidents.filter((x) => !ENGINE.test(x.verdict) && ENVIRONMENT.test(x.verdict)).length;
    const unexplained = incidents.length - engine - environment;
    return `${incidents.length} incidents (xrun notices and late callbacks; one xrun usually shows as both): ${engine} with an engine cause ` +
      `(long callback, audio-thread page faults), ${environment} with only causes outside the engine (hypervisor steal, ` +
      `a real-time thread runnable without a CPU, preemption, the dummy driver waking late), ${unexplained} unexplained`;
  }

  /** Prints each xrun with what preceded it, relative to t0 (ns). */
  report(t0: number): string[] {
    const lines: string[] = [];
    const at = (ns: number): string => `${((ns - t0) / 1e9).toFixed(3)} s`;
    for (const x of this.xruns.sort((a, b) => a.atNs - b.atNs)) {
      lines.push(`  ${x.what} at ${at(x.atNs)} (monotonic ${(x.atNs / 1e9).toFixed(4)} s) — ${x.verdict}; ${x.cpu}`);
      for (const e of x.events) lines.push(`      ${((e.atNs - x.atNs) / 1e6).toFixed(1).padStart(7)} ms  ${e.text}`);
    }
    return lines;
  }
}

/** Causes in the engine's reach: its callback, its audio thread's memory. */
const ENGINE = /long engine callback|audio thread took/;
/** Causes outside it: the hypervisor, a CPU held by others, the server's own wakeup. */
const ENVIRONMENT = /steal|got no CPU|was preempted|started late/;

/** What the events around an xrun point to. */
function verdict(events: JournalEvent[]): string {
  const has = (re: RegExp): boolean => events.some((e) => re.test(e.text));
  const causes: string[] = [];
  if (has(/audio thread: .*[1-9]\d* major/)) causes.push('the audio thread took major page faults (disk reads)');
  else if (has(/audio thread: \d+ minor/)) causes.push('the audio thread took page faults');
  if (has(/audio thread: preempted/)) causes.push('the audio thread was preempted');
  if (has(/audio thread: runnable but waiting/)) causes.push('the audio thread was runnable but got no CPU');
  if (has(/jackd RT thread: runnable but waiting/)) causes.push("jackd's real-time thread was runnable but got no CPU");
  if (has(/hypervisor steal/)) causes.push('the hypervisor ran something else on a virtual CPU (steal)');
  if (has(/^long callback/)) causes.push('a long engine callback (over a fifth of the period)');
  if (has(/jackd RT thread: .*page faults/)) causes.push("jackd's real-time thread took page faults");
  if (has(/jackd RT thread: preempted/)) causes.push("jackd's real-time thread was preempted");
  if (has(/JackTimedDriver::Process XRun/)) causes.push("the dummy driver's cycle started late (jackd's wakeup)");
  if (has(/was not finished|finished after current callback/)) causes.push('a client finished late');
  if (causes.length === 0) return 'no engine or server event around it';
  return causes.join('; ');
}
