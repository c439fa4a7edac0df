// Reads and rewrites the VintageCapture state inside what the engine's getState() returns: JUCE's hosting wraps a
// plugin's own state (ours: the core's JSON, then JUCE's private data) — a VST3 in an XML document
// ("VC2!", length, <VST3PluginState><IComponent>…), an LV2 in a Turtle preset (a ":StateString" literal) — and both
// encode it in JUCE's MemoryBlock base64 ("<size>.<chars>": 6 bits a character, least significant first, its own
// alphabet; juce_MemoryBlock.cpp).

import { HostError } from '../core/host-error.js';

const TABLE = '.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+';
const XML_MAGIC = 0x21324356; // "VC2!" little-endian (juce_AudioProcessor.cpp, copyXmlToBinary)

export function juceBase64Encode(bytes: Uint8Array): string {
  const chars = Math.floor((bytes.length * 8 + 5) / 6);
  let out = `${bytes.length}.`;
  for (let i = 0; i < chars; i++) {
    let value = 0;
    for (let b = 0; b < 6; b++) {
      const bit = i * 6 + b;
      const byte = bytes[bit >> 3];
      if (byte !== undefined && (byte >> (bit & 7)) & 1) value |= 1 << b;
    }
    out += TABLE[value];
  }
  return out;
}

export function juceBase64Decode(text: string): Uint8Array {
  const dot = text.indexOf('.');
  if (dot < 0) throw new HostError('BAD_STATE', `juceBase64Decode: no '.' after the size in '${text.slice(0, 20)}…'`);
  const out = new Uint8Array(Number(text.slice(0, dot)));
  let bit = 0;
  for (const c of text.slice(dot + 1)) {
    const value = TABLE.indexOf(c);
    if (value < 0) continue;
    for (let b = 0; b < 6; b++, bit++) if ((value >> b) & 1 && bit >> 3 < out.length) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

/** Length of the JSON object at the start of `text` (strings and escapes respected). */
function jsonObjectLength(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  throw new HostError('BAD_STATE', `no complete JSON object at the start of the plugin state: '${text.slice(0, 40)}…'`);
}

interface Located {
  /** the JUCE-base64 text holding the plugin's own state */
  encoded: string;
  /** rebuilds the host's state around new JUCE-base64 text */
  rebuild: (encoded: string) => Uint8Array;
}

function locate(hostState: Uint8Array): Located {
  const view = new DataView(hostState.buffer, hostState.byteOffset, hostState.byteLength);
  if (hostState.length > 8 && view.getUint32(0, true) === XML_MAGIC) {
    const xml = new TextDecoder().decode(hostState.subarray(8, 8 + view.getUint32(4, true)));
    const m = /<IComponent>([^<]*)<\/IComponent>/.exec(xml);
    if (!m?.[1]) throw new HostError('BAD_STATE', 'VST3 state: no <IComponent> in the XML');
    return {
      encoded: m[1],
      rebuild: (encoded) => {
        const text = new TextEncoder().encode(xml.replace(m[1]!, encoded));
        const out = new Uint8Array(8 + text.length + 1);
        const w = new DataView(out.buffer);
        w.setUint32(0, XML_MAGIC, true);
        w.setUint32(4, text.length, true);
        out.set(text, 8);
        return out;
      },
    };
  }
  const turtle = new TextDecoder().decode(hostState);
  const m = /:StateString> "([^"]*)"/.exec(turtle);
  if (!m?.[1]) throw new HostError('BAD_STATE', `LV2 state: no :StateString literal in ${turtle.slice(0, 200)}`);
  return { encoded: m[1], rebuild: (encoded) => new TextEncoder().encode(turtle.replace(m[1]!, encoded)) };
}

/** The VintageCapture state JSON inside an engine state (base64, as getState() returns it). */
export function pluginStateJson(engineState: string): unknown {
  const inner = new TextDecoder().decode(juceBase64Decode(locate(Buffer.from(engineState, 'base64')).encoded));
  return JSON.parse(inner.slice(0, jsonObjectLength(inner)));
}

/** The engine state with the VintageCapture JSON replaced by `json` (JUCE's private data kept). */
export function withPluginStateJson(engineState: string, json: unknown): string {
  const located = locate(Buffer.from(engineState, 'base64'));
  const inner = juceBase64Decode(located.encoded);
  const text = new TextDecoder().decode(inner);
  const jsonBytes = new TextEncoder().encode(text.slice(0, jsonObjectLength(text))).length;
  const replaced = new TextEncoder().encode(JSON.stringify(json));
  const bytes = new Uint8Array(replaced.length + inner.length - jsonBytes);
  bytes.set(replaced, 0);
  bytes.set(inner.subarray(jsonBytes), replaced.length);
  return Buffer.from(located.rebuild(juceBase64Encode(bytes))).toString('base64');
}
