// The arp-proto command (entry: arp-proto.ts).
// arp-proto: decode and encode Vintage Mode messages from the command line (PROTOCOL.md).
//   arp-proto decode <hex bytes…>        (or hex on stdin) → one JSON line per message
//   arp-proto encode <kind> [json]        → hex
//   arp-proto build <notes json> [--unit us|s] [--chunk N] → one hex line per Load/Append
import { readFileSync } from 'node:fs';
import {
  ArpStreamDecoder,
  ProtocolError,
  buildBuffer,
  encode,
  fromHex,
  toHex,
  type ArpMessage,
  type ArpMessageType,
} from '@vcpi/protocol';

const KINDS: readonly ArpMessageType[] = [
  'Pattern',
  'Division',
  'OctaveRange',
  'Latch',
  'StartPlayback',
  'StopPlayback',
  'EnterVintageMode',
  'ExitVintageMode',
  'Calibrate',
  'LoadBuffer',
  'AppendBuffer',
  'CalibrationAck',
  'PlaybackStarted',
  'CalibrationTiming',
  'Status',
  'StatusRequest',
  'IdentityRequest',
  'IdentityReply',
];
const DEFAULTS: Partial<Record<ArpMessageType, object>> = {
  IdentityRequest: { deviceId: 0x7f },
};

const USAGE = `usage:
  arp-proto decode <hex bytes…>            decode bytes (or hex text on stdin): one JSON line per message
  arp-proto encode <kind> [json]           encode one message, print hex
  arp-proto build <notes-json> [--unit us|s] [--chunk N]
                                           a performance → one hex line per LoadBuffer/AppendBuffer
kinds: ${KINDS.join(', ')}
examples:
  arp-proto decode F0 7D 02 00 00 4E 10 F7
  arp-proto encode Pattern '{"pattern":"UpDown"}'
  arp-proto encode LoadBuffer '{"events":[{"timeUs":1000,"note":60,"velocity":80,"on":true}]}'
  arp-proto build '[{"note":60,"velocity":100,"start":0,"duration":0.5}]' --unit s`;

class UsageError extends Error {}

const toJson = (m: unknown): string =>
  JSON.stringify(m, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v));

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function findKind(name: string): ArpMessageType {
  const norm = name.replace(/[-_\s]/g, '').toLowerCase();
  const kind = KINDS.find((k) => k.toLowerCase() === norm);
  if (!kind) throw new UsageError(`unknown kind ${JSON.stringify(name)}; kinds: ${KINDS.join(', ')}`);
  return kind;
}

function decodeCommand(args: string[]): string[] {
  const text = args.length > 0 ? args.join(' ') : readFileSync(0, 'utf8');
  const bytes = fromHex(text);
  const decoder = new ArpStreamDecoder();
  return [...decoder.push(bytes), ...decoder.end()].map(toJson);
}

function encodeCommand(args: string[]): string[] {
  const [kindName, json, ...rest] = args;
  if (!kindName) throw new UsageError('encode needs a kind');
  if (rest.length > 0) throw new UsageError(`encode takes one JSON argument; quote it (got ${rest.length + 1} arguments)`);
  const type = findKind(kindName);
  const body = json === undefined ? {} : parseJson(json, 'the message');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UsageError('the message must be a JSON object');
  const channel = KINDS.indexOf(type) < 9 ? { channel: 1 } : {};
  const msg = { ...channel, ...DEFAULTS[type], ...body, type } as ArpMessage;
  return [toHex(encode(msg))];
}

function buildCommand(args: string[]): string[] {
  let unit: 'us' | 's' = 'us';
  let chunkSize = 1000;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--unit') {
      const v = args[++i];
      if (v !== 'us' && v !== 's') throw new UsageError(`--unit must be "us" or "s", got ${JSON.stringify(v)}`);
      unit = v;
    } else if (a === '--chunk') {
      chunkSize = Number(args[++i]);
    } else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError('build needs one JSON array of notes');
  const notes = parseJson(positional[0] as string, 'the notes');
  const built = buildBuffer(notes as never, { unit, chunkSize });
  return built.chunks.map((c) => toHex(c.bytes));
}

export function main(argv: string[]): number {
  const [cmd, ...args] = argv;
  try {
    let lines: string[];
    if (cmd === 'decode') lines = decodeCommand(args);
    else if (cmd === 'encode') lines = encodeCommand(args);
    else if (cmd === 'build') lines = buildCommand(args);
    else if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    } else throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
    for (const line of lines) console.log(line);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`arp-proto: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ProtocolError) {
      console.error(`arp-proto: ${err.message} [${err.code}]`);
      return 1;
    }
    throw err;
  }
}


