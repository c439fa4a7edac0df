// Conversions between the engine's C++ values and JS values (N-API), used by addon.cpp. JS thread only.
#pragma once

#include <napi.h>

#include "Engine.hpp"

namespace vcpi {

// A JS Error with `code` (stable) and the engine's message.
Napi::Error toJsError(Napi::Env env, const Status& status);

Napi::Object toJs(Napi::Env env, const PluginSummary& summary);
Napi::Object toJs(Napi::Env env, const ParameterInfo& info);
Napi::Object toJs(Napi::Env env, const EngineSummary& summary);
Napi::Object toJs(Napi::Env env, const EngineStats& stats);
Napi::Object toJs(Napi::Env env, const TransportSnapshot& transport);

// Argument readers: throw a JS TypeError (code ERR_BAD_ARGUMENT) naming the method and argument.
int argInt(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name);
double argNumber(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name);
bool argBool(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name);
std::string argString(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name);

// Render events: [{ offset?: number, timeNs?: number, data: number[] | Uint8Array, slot?: number }].
Status parseRenderEvents(const Napi::Value& value, std::vector<RenderEvent>& out);
// MIDI bytes from number[] or Uint8Array.
Status parseMidiBytes(const Napi::Value& value, std::vector<uint8_t>& out);

}  // namespace vcpi
