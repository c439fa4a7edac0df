// Reads the WAV files wav-writer.ts writes (and other 32-bit float or 16/24-bit PCM WAVs), with their LIST/INFO text.

export interface DecodedWav {
  sampleRate: number;
  channels: Float32Array[];
  info: Record<string, string>;
  /** ICMT parsed as JSON when it is JSON */
  metadata: Record<string, unknown> | undefined;
}

function fourcc(v: DataView, o: number): string {
  return String.fromCharCode(v.getUint8(o), v.getUint8(o + 1), v.getUint8(o + 2), v.getUint8(o + 3));
}

function utf8Decode(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    let c: number;
    if (b < 0x80) { c = b; i += 1; }
    else if (b < 0xe0) { c = ((b & 31) << 6) | ((bytes[i + 1] as number) & 63); i += 2; }
    else if (b < 0xf0) { c = ((b & 15) << 12) | (((bytes[i + 1] as number) & 63) << 6) | ((bytes[i + 2] as number) & 63); i += 3; }
    else { c = ((b & 7) << 18) | (((bytes[i + 1] as number) & 63) << 12) | (((bytes[i + 2] as number) & 63) << 6) | ((bytes[i + 3] as number) & 63); i += 4; }
    s += String.fromCodePoint(c);
  }
  return s;
}

/** @throws Error naming the problem and its byte offset */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || fourcc(v, 0) !== 'RIFF' || fourcc(v, 8) !== 'WAVE') throw new Error('decodeWav: not a RIFF/WAVE file (at byte 0)');
  let format = 0, nch = 0, sampleRate = 0, bits = 0;
  let data: { offset: number; size: number } | undefined;
  const info: Record<string, string> = {};
  for (let o = 12; o + 8 <= bytes.length; ) {
    const id = fourcc(v, o);
    const size = v.getUint32(o + 4, true);
    const body = o + 8;
    if (body + size > bytes.length) throw new Error(`decodeWav: chunk ${id} of ${size} bytes runs past the end (at byte ${o})`);
    if (id === 'fmt ') {
      format = v.getUint16(body, true);
      nch = v.getUint16(body + 2, true);
      sampleRate = v.getUint32(body + 4, true);
      bits = v.getUint16(body + 14, true);
      if (format === 0xfffe && size >= 40) format = v.getUint16(body + 24, true);
    } else if (id === 'LIST' && fourcc(v, body) === 'INFO') {
      for (let p = body + 4; p + 8 <= body + size; ) {
        const sid = fourcc(v, p);
        const ssize = v.getUint32(p + 4, true);
        let text = bytes.subarray(p + 8, p + 8 + ssize);
        const nul = text.indexOf(0);
        if (nul >= 0) text = text.subarray(0, nul);
        info[sid] = utf8Decode(text);
        p += 8 + ssize + (ssize & 1);
      }
    } else if (id === 'data') {
      data = { offset: body, size };
    }
    o = body + size + (size & 1);
  }
  if (!nch || !data) throw new Error('decodeWav: no fmt or data chunk');
  const bytesPer = bits / 8;
  const frames = Math.floor(data.size / (bytesPer * nch));
  const channels = Array.from({ length: nch }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < nch; c++) {
      const p = data.offset + (f * nch + c) * bytesPer;
      let s: number;
      if (format === 3 && bits === 32) s = v.getFloat32(p, true);
      else if (format === 1 && bits === 16) s = v.getInt16(p, true) / 32768;
      else if (format === 1 && bits === 24) s = ((v.getUint8(p) | (v.getUint8(p + 1) << 8) | (v.getInt8(p + 2) << 16)) / 8388608);
      else throw new Error(`decodeWav: format ${format} with ${bits}-bit samples is not supported`);
      (channels[c] as Float32Array)[f] = s;
    }
  }
  let metadata: Record<string, unknown> | undefined;
  if (info.ICMT) {
    try {
      const parsed: unknown = JSON.parse(info.ICMT);
      if (parsed && typeof parsed === 'object') metadata = parsed as Record<string, unknown>;
    } catch {
      metadata = undefined;
    }
  }
  return { sampleRate, channels, info, metadata };
}
