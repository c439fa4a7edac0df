// Commands that run alongside one in progress: the daemon runs reads and aborts at once (another client's
// `capture abort` reaches a calibration while it runs), everything else one at a time in arrival order, and each
// client gets its replies in the order of its lines. Ctrl-C at a prompt turns into `capture abort` for a running
// capture action.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandClient, Dispatcher, serveCommands, type Host, type LineResult, type SessionController } from '@vcpi/host';
import { abortLineFor, onInterrupt } from '../../src/repl/interrupt.js';
import { tempDir } from './helpers.js';

/**
 * A dispatcher whose `hold` waits until `release` runs (release runs alongside, like capture abort); `status` is a
 * read; `set N` changes state. It records the order commands start in.
 */
function stubDispatcher(): { dispatcher: Dispatcher; started: string[] } {
  const started: string[] = [];
  let release: (() => void) | undefined;
  const stub = {
    alongside: (line: string) => line === 'status' || line === 'release',
    run: async (line: string): Promise<LineResult> => {
      started.push(line);
      if (line === 'hold') {
        await new Promise<void>((resolve) => (release = resolve));
        return { lines: ['held, then released'] };
      }
      if (line === 'release') {
        release?.();
        return { lines: ['released'] };
      }
      return { lines: [line] };
    },
  };
  return { dispatcher: stub as unknown as Dispatcher, started };
}

/** The promise's value, or a failure naming `what` after 2 s (a read queued behind `hold` would never come). */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no reply within 2 s`)), 2000))]);
}

test('the daemon: reads and aborts run at once beside a command in progress; changes wait their turn; replies stay in each client\'s order', async () => {
  const { dispatcher, started } = stubDispatcher();
  const server = await serveCommands(dispatcher, join(tempDir(), 'alongside.sock'), () => undefined);
  const [a, b, c] = await Promise.all([CommandClient.open(server.path), CommandClient.open(server.path), CommandClient.open(server.path)]);
  try {
    const held = a.run('hold');
    const afterHold = a.run('status'); // runs at once, but its reply waits for a's earlier line
    await new Promise((resolve) => setTimeout(resolve, 50));
    const change = c.run('set 1'); // a change: waits for hold
    const read = await within(b.run('status'), 'a read while hold runs'); // answered while hold runs
    assert.equal(read.lines, ['status']);
    assert.equal([...started].sort(), ['hold', 'status', 'status'], 'the change has not started while hold runs');
    let aReplies = 0;
    void held.then(() => aReplies++);
    void afterHold.then(() => aReplies++);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.is(aReplies, 0, "a's status reply waits for its hold");
    const released = await within(b.run('release'), 'release while hold runs'); // runs alongside: hold finishes
    assert.equal(released.lines, ['released']);
    assert.equal((await held).lines, ['held, then released']);
    assert.equal((await afterHold).lines, ['status']);
    assert.equal((await change).lines, ['set 1']);
    assert.equal(started.slice(3), ['release', 'set 1'], 'the change ran after hold ended');
    // One client's lines: a read sent after a change it is waiting for is answered after it.
    const held2 = a.run('hold');
    const change2 = b.run('set 2');
    const read2 = b.run('status');
    let read2Done = false;
    void read2.then(() => (read2Done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.not.ok(read2Done, "b's status waits for b's own earlier change");
    await c.run('release');
    assert.equal([(await held2).lines, (await change2).lines, (await read2).lines], [['held, then released'], ['set 2'], ['status']]);
  } finally {
    for (const client of [a, b, c]) client.close();
    await server.close();
  }
});

test('which lines run alongside: status, slots, help, quit, capture status/takes/abort/port (no name); not loads or capture actions', () => {
  const dispatcher = new Dispatcher({} as Host, {} as SessionController);
  const alongside = ['status', 'slots', 'help', 'help load', 'quit', 'capture', 'capture 2', 'capture takes', 'capture 3 abort', 'capture port', '', '# a comment', 'frobnicate', 'capture bogus'];
  const queued = ['load 1 x.vst3', 'gain 1 0.5', 'capture calibrate', 'capture 1 play', 'capture send', 'capture record on', 'capture port "Arp"', 'save'];
  for (const line of alongside) assert.ok(dispatcher.alongside(line), `"${line}" runs alongside`);
  for (const line of queued) assert.not.ok(dispatcher.alongside(line), `"${line}" waits its turn`);
});

test('Ctrl-C: capture actions get their slot\'s abort; other commands are left to end; an idle prompt closes', () => {
  assert.is(abortLineFor('capture calibrate'), 'capture abort');
  assert.is(abortLineFor('  capture 3 play'), 'capture 3 abort');
  assert.is(abortLineFor('load 1 synth.vst3'), undefined);
  assert.is(abortLineFor('capture "unclosed'), undefined);

  const rl = Object.assign(new EventEmitter(), { closed: false, close() { this.closed = true; } });
  let out = '';
  const output = new Writable({ write(chunk: Buffer, _e, cb) { out += chunk.toString(); cb(); } });
  let running: string | undefined = 'capture 2 calibrate';
  const aborts: string[] = [];
  onInterrupt(rl as unknown as Interface, output, () => running, (line) => aborts.push(line));
  rl.emit('SIGINT');
  assert.equal(aborts, ['capture 2 abort']);
  assert.match(out, /\^C: capture 2 abort/);
  running = 'load 1 big.vst3';
  rl.emit('SIGINT');
  assert.equal(aborts, ['capture 2 abort'], 'nothing sent for a load');
  assert.match(out, /"load 1 big\.vst3" cannot be interrupted; it ends by itself/);
  assert.not.ok(rl.closed);
  running = undefined;
  rl.emit('SIGINT');
  assert.ok(rl.closed, 'an idle prompt closes on Ctrl-C, as before');
});

test.run();
