// @vcpi/host: linkvst, the headless plugin host — the native engine's typed wrapper, the host model, sessions, the
// command language, the prompt and the service mode.
export {
  Engine,
  isEngineError,
  type EngineError,
  type EngineErrorCode,
  type EngineOptions,
  type EngineStatus,
  type EngineStats,
  type EngineSummary,
  type LoadTarget,
  type MidiPolicy,
  type ParameterInfo,
  type PluginRef,
  type PluginSummary,
  type RenderEvent,
  type SlotSummary,
  type TransportStatus,
} from './native/engine.js';
export { Host, type Change, type Target } from './core/host.js';
export { HostError, type HostErrorCode } from './core/host-error.js';
export type { PluginEntry, SlotModel } from './core/host-model.js';
export { SessionController } from './session/session-controller.js';
export type { SessionFile, SavedPlugin, SavedSlot } from './session/session-schema.js';
export type { RestoreReport } from './session/session-restore.js';
export { Dispatcher, type LineResult } from './commands/dispatcher.js';
export type { Command, CommandContext, CommandResult } from './commands/command.js';
export { serveCommands, type CommandServer } from './daemon/server.js';
export { CommandClient, attach } from './daemon/attach.js';
export { defaultSocketPath } from './daemon/socket-path.js';
export { checkDeps, type DepCheck } from './deps/deps-check.js';
export { main as linkvstMain } from './cli/main.js';
export {
  AudioControl,
  type AudioDevice,
  type AudioDeviceType,
  type AudioStartOptions,
  type AudioStatus,
  type RecordingStatus,
} from './native/audio.js';
export {
  MidiPorts,
  type ControlHandler,
  type ControlMidiMessage,
  type MidiApi,
  type MidiInputMode,
  type MidiPort,
  type MidiPortInfo,
  type MidiPortList,
  type MidiPortState,
  type OpenInputOptions,
} from './native/midi-ports.js';
export { LinkControl, type LinkSnapshot, type LinkStatus } from './native/link.js';
export { MidiClock, type ClockStatus, type ClockTick } from './native/midi-clock.js';
export { MidiMixController, scaleToParameter, type MidiSink, type MidiMixOptions } from './controllers/midi-mix-controller.js';
export * from './controllers/midi-mix-map.js';
