// Reads what the transport probe plugin (native/test-plugins/vcpi-test-transport) saw in its last processed block,
// from the engine's getState(): the plugin's state value "vcpi-transport{key=value;…}" sits inside JUCE's wrapping —
// a VST3 state in an XML document ("VC2!", <IComponent> in JUCE's own base64), an LV2 state in a Turtle preset.
import type { Engine, PluginRef } from '@vcpi/host';
import { juceBase64Decode } from '../../src/capture/juce-state.js';

/** DPF's TimePosition as the plugin saw it, with the quarter-note positions rebuilt from bar/beat/tick. */
export interface SeenTransport {
  blocks: number;
  stopped: number;
  playing: boolean;
  frame: number;
  valid: boolean;
  bpm: number;
  beatsPerBar: number;
  beatType: number;
  /** quarter notes at the block's first sample */
  ppq: number;
  /** quarter notes at the start of its bar */
  barStartPpq: number;
}

function stateText(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > 8 && bytes.toString('latin1', 0, 4) === 'VC2!') {
    const xml = bytes.toString('utf8', 8, 8 + bytes.readUInt32LE(4));
    const component = /<IComponent>([^<]*)<\/IComponent>/.exec(xml)?.[1];
    if (component === undefined) throw new Error('transport probe: no <IComponent> in the VST3 state');
    return Buffer.from(juceBase64Decode(component)).toString('latin1');
  }
  return bytes.toString('utf8');
}

export function parseSeenTransport(text: string): SeenTransport {
  const body = /vcpi-transport\{([^}]*)\}/.exec(text)?.[1];
  if (body === undefined) throw new Error(`transport probe: no vcpi-transport{…} in the state: '${text.slice(0, 120)}…'`);
  const v: Record<string, number> = {};
  for (const pair of body.split(';')) {
    const [key, value] = pair.split('=');
    if (key !== undefined && value !== undefined) v[key] = Number(value);
  }
  const num = (key: string): number => {
    const value = v[key];
    if (value === undefined || !Number.isFinite(value)) throw new Error(`transport probe: '${key}' missing or not a number in '${body}'`);
    return value;
  };
  const quarter = 4 / num('beatType');
  const ticksPerBeat = num('ticksPerBeat');
  return {
    blocks: num('blocks'),
    stopped: num('stopped'),
    playing: num('playing') === 1,
    frame: num('frame'),
    valid: num('valid') === 1,
    bpm: num('bpm'),
    beatsPerBar: num('beatsPerBar'),
    beatType: num('beatType'),
    ppq: ((num('bar') - 1) * num('beatsPerBar') + (num('beat') - 1) + num('tick') / ticksPerBeat) * quarter,
    barStartPpq: (num('barStartTick') / ticksPerBeat) * quarter,
  };
}

/** What the probe loaded at `ref` saw in its last block. */
export async function readSeenTransport(engine: Engine, ref: PluginRef): Promise<SeenTransport> {
  return parseSeenTransport(stateText(await engine.getState(ref)));
}
