// 32-bit float WAV (WAVE_FORMAT_IEEE_FLOAT) with metadata: a LIST/INFO chunk (ISFT software, ICMT a JSON document
// with the take's calibration and timing) that DAWs and `sox --i` show, and which wav-reader.ts reads back.

const FORMAT_IEEE_FLOAT = 3;

export interface WavInfo {
  sampleRate: number;
  /** interleaved channels; each channel array must have the same length */
  channels: Float32Array[];
  /** stored as JSON in LIST/INFO ICMT */
  metadata?: Record<string, unknown>;
  software?: string;
}

function ascii(view: DataView, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i) & 0x7f);
}

/** UTF-8 bytes of a string, without TextEncoder (QuickJS has none). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else {
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
  }
  return Uint8Array.from(out);
}

function infoChunk(id: string, text: string): Uint8Array {
  const body = utf8(text);
  const size = body.length + 1; // NUL-terminated
  const out = new Uint8Array(8 + size + (size & 1));
  const v = new DataView(out.buffer);
  ascii(v, 0, id);
  v.setUint32(4, size, true);
  out.set(body, 8);
  return out;
}

/** @throws Error naming what is wrong (no channels, unequal lengths, bad sample rate) */
export function encodeWav(info: WavInfo): Uint8Array {
  const { sampleRate, channels } = info;
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 768_000) throw new Error(`encodeWav: sample rate ${sampleRate} is not 1000-768000`);
  if (channels.length === 0 || channels.length > 8) throw new Error(`encodeWav: needs 1-8 channels, got ${channels.length}`);
  const frames = (channels[0] as Float32Array).length;
  channels.forEach((c, i) => {
    if (c.length !== frames) throw new Error(`encodeWav: channel ${i} has ${c.length} frames, channel 0 has ${frames}`);
  });
  const list: Uint8Array[] = [infoChunk('ISFT', info.software ?? 'vcpi VintageCapture')];
  if (info.metadata) list.push(infoChunk('ICMT', JSON.stringify(info.metadata)));
  const listBody = list.reduce((n, c) => n + c.length, 4);
  const dataBytes = frames * channels.length * 4;
  const total = 12 + (8 + 16) + (8 + 4) + (8 + listBody) + (8 + dataBytes);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let o = 0;
  ascii(v, o, 'RIFF');
  v.setUint32(o + 4, total - 8, true);
  ascii(v, o + 8, 'WAVE');
  o += 12;
  ascii(v, o, 'fmt ');
  v.setUint32(o + 4, 16, true);
  v.setUint16(o + 8, FORMAT_IEEE_FLOAT, true);
  v.setUint16(o + 10, channels.length, true);
  v.setUint32(o + 12, sampleRate, true);
  v.setUint32(o + 16, sampleRate * channels.length * 4, true);
  v.setUint16(o + 20, channels.length * 4, true);
  v.setUint16(o + 22, 32, true);
  o += 24;
  ascii(v, o, 'fact');
  v.setUint32(o + 4, 4, true);
  v.setUint32(o + 8, frames, true);
  o += 12;
  ascii(v, o, 'LIST');
  v.setUint32(o + 4, listBody, true);
  ascii(v, o + 8, 'INFO');
  o += 12;
  for (const c of list) {
    out.set(c, o);
    o += c.length;
  }
  ascii(v, o, 'data');
  v.setUint32(o + 4, dataBytes, true);
  o += 8;
  for (let f = 0; f < frames; f++) {
    for (const c of channels) {
      v.setFloat32(o, c[f] as number, true);
      o += 4;
    }
  }
  return out;
}
