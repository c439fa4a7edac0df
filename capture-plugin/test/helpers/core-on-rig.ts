// The capture core's parts wired to a virtual studio (the simulated Arp, USB, synth and audio interface), as the
// plugin shell wires them to real ports; storage and the take writer are in memory.
import { VirtualStudio, type VirtualStudioOptions } from '@vcpi/arp-firmware-sim';
import { ArpLink, AudioInput, type CoreIo } from '@vcpi/capture-plugin';

export interface RigCore {
  rig: VirtualStudio;
  io: CoreIo;
  link: ArpLink;
  audio: AudioInput;
  files: Map<string, Uint8Array>;
}

export function coreOnRig(options: Partial<VirtualStudioOptions> = {}): RigCore {
  const rig = new VirtualStudio(options);
  const store = new Map<string, string>();
  const files = new Map<string, Uint8Array>();
  const io: CoreIo = {
    clock: rig.clock,
    timers: rig.timers,
    sendToArp: (bytes) => rig.sendToArp(bytes),
    storage: { read: (k) => store.get(k), write: (k, v) => void store.set(k, v) },
    takes: {
      write: (name, bytes) => {
        files.set(name, bytes);
        return `memory:${name}`;
      },
    },
  };
  const link = new ArpLink(io);
  const audio = new AudioInput(rig.o.sampleRate, io.timers);
  rig.onArpBytes = (bytes, t) => link.receive(bytes, t);
  rig.onAudio = (block, start, t) => audio.write(block, start, t);
  return { rig, io, link, audio, files };
}
