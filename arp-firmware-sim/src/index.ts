// @vcpi/arp-firmware-sim: the Arp's Vintage Mode simulated (the TypeScript twin of firmware/arp/), a model of the
// M4 board it runs on, a simulated vintage synth, and the scenario vector runner shared with the firmware's tests.
export { ArpSimulator, type ArpSimulatorOptions, type SendOptions, type Trace } from './arp-simulator.js';
export { RealTimeArp, RealClock, type Clock, type Timers, type RealTimeArpOptions } from './real-time.js';
export { VirtualBoard, DEFAULT_READ_CHUNK, type DinRecord, type UsbRecord, type BoardListeners } from './virtual-board.js';
export { deviceModel, deviceModelFromSnake, M4_DEFAULTS, type DeviceModel } from './device-model.js';
export { SimSynth, type SimSynthOptions, type Waveform } from './sim-synth.js';
export { VirtualStudio, type VirtualStudioOptions } from './virtual-studio.js';
export { VintageApp } from './arp-app.js';
export { VintageMode, type VintageModeOptions } from './vintage-mode.js';
export { UsbLink, type UsbPortIn } from './usb-link.js';
export { NO_HOOKS, RecordingHooks, type ArpHooks } from './hooks.js';
export { DinOut, checkChannel, type ByteWriter } from './din-out.js';
export { EventRing } from './event-ring.js';
export { Player } from './player.js';
export { Mulberry32, seeded } from './rng.js';
export {
  parseScenario,
  runScenario,
  checkTrace,
  type ScenarioVector,
  type ScenarioStep,
  type ExpectMessage,
  type Window,
} from './scenario-format.js';
export * as firmwareConstants from './firmware-constants.js';
