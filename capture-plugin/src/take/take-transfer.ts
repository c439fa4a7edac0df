// Sends a take to the Arp: one Load, then Appends (also while it plays, as slots free up), each verified against the
// Arp's Status — the sum of what arrived (PROTOCOL.md §4.3) and, when stopped, the event count — and resent when it
// did not arrive intact. A lost Status is resolved by asking again: `s` names the last buffer the Arp received.
import { buildBuffer, encodeStatusRequest, type BufferChunk, type BuiltBuffer, type PerformanceNote, type Status } from '@vcpi/protocol';
import type { AbortToken } from '../abort.js';
import type { ArpLink } from '../arp/arp-link.js';
import { CaptureError } from '../errors.js';
import type { CoreIo } from '../io.js';
import { sleepUntil } from '../wait.js';

export interface TransferOptions {
  /** events per Append while streaming (default 250) */
  appendSize: number;
  statusTimeoutUs: number;
  /** resends per message before giving up (default 3) */
  retries: number;
  /** how often to ask for free slots while streaming (default 100 ms) */
  pollUs: number;
}

export const DEFAULT_TRANSFER: TransferOptions = { appendSize: 250, statusTimeoutUs: 300_000, retries: 3, pollUs: 100_000 };

export interface TransferStats {
  messages: number;
  resends: number;
  bytes: number;
}

export class TakeTransfer {
  readonly built: BuiltBuffer;
  readonly stats: TransferStats = { messages: 0, resends: 0, bytes: 0 };
  private nextChunk = 0;
  private held = 0;
  private readonly o: TransferOptions;

  constructor(
    private readonly io: CoreIo,
    private readonly link: ArpLink,
    notes: readonly PerformanceNote[],
    options: Partial<TransferOptions> = {},
    private readonly abort?: AbortToken,
  ) {
    this.o = { ...DEFAULT_TRANSFER, ...options };
    this.built = buildBuffer(notes, { unit: 's', loadSize: 1000, chunkSize: this.o.appendSize });
  }

  /** Events the Arp holds from this transfer (what its Status should count while it is stopped). */
  get heldEvents(): number {
    return this.held;
  }

  /** The sum of the last buffer sent (what the Arp's Status names while nothing else was sent since). */
  get lastSum(): number | undefined {
    return this.nextChunk > 0 ? (this.built.chunks[this.nextChunk - 1] as BufferChunk).sum : undefined;
  }

  /** True when a stopped Arp's Status shows this transfer's preload is still what it holds. */
  heldBy(status: Status): boolean {
    return this.nextChunk > 0 && !status.flags.playing && status.flags.vintage && status.buffered === this.held && status.sum === this.lastSum;
  }

  get done(): boolean {
    return this.nextChunk >= this.built.chunks.length;
  }

  /** Sends everything that fits the Arp's ring before playback: the Load and the Appends that still fit. */
  async preload(): Promise<void> {
    while (!this.done) {
      const chunk = this.built.chunks[this.nextChunk] as BufferChunk;
      if (chunk.kind === 'AppendBuffer' && this.held + chunk.events.length > 1000) break;
      await this.sendVerified(chunk, false);
      this.held = chunk.kind === 'LoadBuffer' ? chunk.events.length : this.held + chunk.events.length;
      this.nextChunk++;
    }
  }

  /** While the Arp plays: sends each remaining Append when it has room. Resolves when all are sent. */
  async stream(): Promise<void> {
    while (!this.done) {
      this.abort?.check('sending the take');
      const chunk = this.built.chunks[this.nextChunk] as BufferChunk;
      const status = await this.link.status(this.o.statusTimeoutUs, this.abort);
      if (!status) throw new CaptureError('TRANSFER_FAILED', 'the Arp stopped answering while the take was streaming', "check the Arp's USB connection");
      if (!status.flags.playing) throw new CaptureError('TRANSFER_FAILED', `playback stopped with ${this.built.chunks.length - this.nextChunk} buffers still to send`, 'the buffers were sent too late; try a larger Load or check the USB connection');
      if (status.free >= chunk.events.length) {
        await this.sendVerified(chunk, true);
        this.nextChunk++;
      } else {
        await sleepUntil(this.io.timers, this.io.clock.nowUs() + this.o.pollUs, this.abort, 'sending the take');
      }
    }
  }

  private async sendVerified(chunk: BufferChunk, playing: boolean): Promise<void> {
    const what = `${chunk.kind} of events ${chunk.first}-${chunk.first + chunk.events.length - 1}`;
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      if (attempt > 0) this.stats.resends++;
      const reply = this.link.expect((r) => r.message.type === 'Status', this.io.clock.nowUs() + this.o.statusTimeoutUs, this.abort, 'sending the take');
      this.link.send(chunk.bytes);
      this.stats.messages++;
      this.stats.bytes += chunk.bytes.length;
      let status = (await reply)?.message as Status | undefined;
      if (!status) {
        // The Status may have been lost: ask which buffer arrived last.
        const again = this.link.expect((r) => r.message.type === 'Status', this.io.clock.nowUs() + this.o.statusTimeoutUs, this.abort);
        this.link.send(encodeStatusRequest());
        status = (await again)?.message as Status | undefined;
        if (!status) continue;
      }
      if (status.code === 'OutOfOrder') {
        throw new CaptureError('ARP_REFUSED', `the Arp refused the ${what}: events out of order`, 'this is a bug in the take builder; please report it with the take');
      }
      if (status.code === 'NotInVintageMode') throw new CaptureError('ARP_REFUSED', `the Arp refused the ${what}: not in Vintage Mode`, 'something else made the Arp leave Vintage Mode');
      if (status.code === 'Busy') throw new CaptureError('ARP_REFUSED', `the Arp refused the ${what}: busy`, 'stop playback on the Arp first');
      const expectedCount = chunk.kind === 'LoadBuffer' ? chunk.events.length : this.held + chunk.events.length;
      const intact = status.code === 'Ok' && status.sum === chunk.sum && (playing || status.buffered === expectedCount);
      if (intact) return;
    }
    throw new CaptureError('TRANSFER_FAILED', `the ${what} did not arrive intact after ${this.o.retries + 1} attempts`, "the USB MIDI link loses data: check the cable and hub");
  }
}
