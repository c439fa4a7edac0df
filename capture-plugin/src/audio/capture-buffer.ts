// The audio input as a sample-addressed store: blocks are appended at their absolute sample positions (on the
// audio clock); any range can be read back, with zeros where nothing was recorded. Old audio beyond `maxSamples`
// is dropped in whole chunks, so memory stays bounded while a take still fits.

const CHUNK = 1 << 16;

export class CaptureBuffer {
  private readonly chunks = new Map<number, Float32Array>();
  private first = Number.POSITIVE_INFINITY;
  /** One past the last sample written. */
  end = 0;

  constructor(private readonly maxSamples = 48_000 * 60 * 12) {}

  /** Appends a block that starts at absolute sample `start`. */
  write(block: ArrayLike<number>, start: number): void {
    for (let i = 0; i < block.length; ) {
      const pos = start + i;
      const c = Math.floor(pos / CHUNK);
      let chunk = this.chunks.get(c);
      if (!chunk) {
        chunk = new Float32Array(CHUNK);
        this.chunks.set(c, chunk);
      }
      const off = pos - c * CHUNK;
      const n = Math.min(CHUNK - off, block.length - i);
      for (let k = 0; k < n; k++) chunk[off + k] = block[i + k] as number;
      i += n;
    }
    this.first = Math.min(this.first, start);
    this.end = Math.max(this.end, start + block.length);
    this.trim();
  }

  private trim(): void {
    const keepFrom = Math.floor((this.end - this.maxSamples) / CHUNK);
    for (const c of this.chunks.keys()) if (c < keepFrom) this.chunks.delete(c);
    this.first = Math.max(this.first, keepFrom * CHUNK);
  }

  /** First sample position still held. */
  get start(): number {
    return Number.isFinite(this.first) ? this.first : 0;
  }

  /** Copies [from, from + out.length) into `out` (zeros where nothing is held). */
  read(from: number, out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; ) {
      const pos = from + i;
      const c = Math.floor(pos / CHUNK);
      const off = pos - c * CHUNK;
      const n = Math.min(CHUNK - off, out.length - i);
      const chunk = this.chunks.get(c);
      if (chunk) out.set(chunk.subarray(off, off + n), i);
      else out.fill(0, i, i + n);
      i += n;
    }
    return out;
  }

  /** Forgets everything before `position` (a take was finished). */
  dropBefore(position: number): void {
    for (const c of this.chunks.keys()) if ((c + 1) * CHUNK <= position) this.chunks.delete(c);
    this.first = Math.max(this.start, position);
  }
}
