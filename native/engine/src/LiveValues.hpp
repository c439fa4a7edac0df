// Conversions between the live side's C++ values and JS values (N-API), used by addon_live.cpp. JS thread only.
#pragma once

#include <string>

#include <napi.h>

#include "LinkSession.hpp"
#include "LiveAudio.hpp"
#include "MidiClock.hpp"
#include "MidiPortInfo.hpp"
#include "WavTap.hpp"

namespace vcpi {

// "alsa" | "jack" | "" (any); throws ERR_BAD_ARGUMENT otherwise.
void argApi(const Napi::CallbackInfo& info, size_t i, const char* method, bool& any, MidiApi& api);
// "instrument" | "control"; throws ERR_BAD_ARGUMENT otherwise.
MidiInputMode argMode(const Napi::CallbackInfo& info, size_t i, const char* method);

Napi::Object toJs(Napi::Env env, const MidiPortInfo& port);
Napi::Object toJs(Napi::Env env, const MidiPortState& state);
Napi::Object toJs(Napi::Env env, const AudioDeviceInfo& device);
Napi::Object toJs(Napi::Env env, const AudioStatus& status);
Napi::Object toJs(Napi::Env env, const RecordingStatus& status);
Napi::Object toJs(Napi::Env env, const LinkSnapshot& snapshot);
Napi::Object toJs(Napi::Env env, const ClockStatus& status);

}  // namespace vcpi
