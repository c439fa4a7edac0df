// The conversation with the Arp over its USB MIDI port: bytes out through the injected sender (each stamped with the
// host time it left), bytes in through the streaming decoder (PROTOCOL.md §7), replies handed to whoever waits.
import {
  ArpStreamDecoder,
  encode,
  encodeIdentityRequest,
  encodeStatusRequest,
  isArpIdentity,
  type ArpCommand,
  type ArpStreamMessage,
  type IdentityReply,
  type Status,
} from '@vcpi/protocol';
import type { AbortToken } from '../abort.js';
import type { CoreIo } from '../io.js';
import { Waiter } from '../wait.js';

export interface ArpReply {
  message: ArpStreamMessage;
  /** host µs when its last byte arrived */
  hostUs: number;
}

type Matcher = (r: ArpReply) => boolean;

export class ArpLink {
  private readonly decoder = new ArpStreamDecoder();
  private readonly waiting: { match: Matcher; waiter: Waiter<ArpReply> }[] = [];
  private readonly listeners: ((r: ArpReply) => void)[] = [];
  /** MIDI channel the host sends commands on (PROTOCOL.md §2: any works). */
  channel = 1;
  /** host µs of the last byte received from the Arp, −∞ when none */
  lastHeardUs = Number.NEGATIVE_INFINITY;

  constructor(private readonly io: CoreIo) {}

  /** Sends bytes now; returns the host time they left. */
  send(bytes: Uint8Array): number {
    const t = this.io.clock.nowUs();
    this.io.sendToArp(bytes);
    return t;
  }

  command(cmd: Omit<ArpCommand, 'channel'>): number {
    return this.send(encode({ ...cmd, channel: this.channel } as ArpCommand));
  }

  /** Feeds bytes that arrived from the Arp at host time `hostUs`. */
  receive(bytes: Uint8Array, hostUs: number): void {
    this.lastHeardUs = hostUs;
    for (const message of this.decoder.push(bytes)) {
      const reply = { message, hostUs };
      for (const l of this.listeners) l(reply);
      const i = this.waiting.findIndex((w) => w.waiter.pending && w.match(reply));
      if (i >= 0) {
        const [w] = this.waiting.splice(i, 1);
        w?.waiter.resolve(reply);
      }
    }
  }

  onReply(listener: (r: ArpReply) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Resolves with the first reply that matches, or undefined at `deadlineUs`. Register before sending. */
  expect(match: Matcher, deadlineUs: number, abort?: AbortToken, what = 'waiting for the Arp'): Promise<ArpReply | undefined> {
    const waiter = new Waiter<ArpReply>(this.io.timers, deadlineUs, abort, what);
    this.waiting.push({ match, waiter });
    void waiter.promise.then(
      () => this.prune(),
      () => this.prune(),
    );
    return waiter.promise;
  }

  private prune(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) if (!this.waiting[i]?.waiter.pending) this.waiting.splice(i, 1);
  }

  /** Asks for a Status (PROTOCOL.md §4.4); undefined when none comes within `timeoutUs`. */
  async status(timeoutUs: number, abort?: AbortToken): Promise<Status | undefined> {
    const reply = this.expect((r) => r.message.type === 'Status', this.io.clock.nowUs() + timeoutUs, abort, 'waiting for the Arp\'s Status');
    this.send(encodeStatusRequest());
    const r = await reply;
    return r?.message.type === 'Status' ? r.message : undefined;
  }

  /** Universal Device Inquiry; resolves with the Arp's identity, or undefined when no Arp answers. */
  async identify(timeoutUs: number, abort?: AbortToken): Promise<IdentityReply | undefined> {
    const reply = this.expect((r) => r.message.type === 'IdentityReply' && isArpIdentity(r.message), this.io.clock.nowUs() + timeoutUs, abort);
    this.send(encodeIdentityRequest());
    const r = await reply;
    return r?.message.type === 'IdentityReply' ? r.message : undefined;
  }
}
