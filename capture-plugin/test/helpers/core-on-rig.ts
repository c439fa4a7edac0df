// The capture core's parts wired to a virtual rig, as the plugin shell wires them to real ports.
import { ArpLink, AudioInput } from '@vcpi/capture-plugin';
import { VirtualRig, type RigOptions } from './virtual-rig.js';

export interface RigCore {
  rig: VirtualRig;
  link: ArpLink;
  audio: AudioInput;
}

export function coreOnRig(options: Partial<RigOptions> = {}): RigCore {
  const rig = new VirtualRig(options);
  const link = new ArpLink(rig.io);
  const audio = new AudioInput(rig.o.sampleRate, rig.io.timers);
  rig.onArpBytes = (bytes, t) => link.receive(bytes, t);
  rig.onAudio = (block, start, t) => audio.write(block, start, t);
  return { rig, link, audio };
}
