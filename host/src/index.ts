// @vcpi/host: the linkvst host for Node. For now: the typed wrapper of the native audio engine (the CLI comes later).
export {
  Engine,
  isEngineError,
  type EngineError,
  type EngineErrorCode,
  type EngineOptions,
  type EngineStats,
  type EngineSummary,
  type LoadTarget,
  type MidiPolicy,
  type ParameterInfo,
  type PluginRef,
  type PluginSummary,
  type RenderEvent,
  type SlotSummary,
} from './native/engine.js';
