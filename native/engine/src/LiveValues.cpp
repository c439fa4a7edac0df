#include "LiveValues.hpp"

#include "AddonValues.hpp"

namespace vcpi {

void argApi(const Napi::CallbackInfo& info, size_t i, const char* method, bool& any, MidiApi& api) {
    const std::string text = argString(info, i, method, "api");
    any = text.empty();
    if (text == "alsa") api = MidiApi::alsa;
    else if (text == "jack") api = MidiApi::jack;
    else if (!any) throw toJsError(info.Env(), Status::error("ERR_BAD_ARGUMENT", std::string(method) + ": api must be 'alsa', 'jack' or ''"));
}

MidiInputMode argMode(const Napi::CallbackInfo& info, size_t i, const char* method) {
    const std::string mode = argString(info, i, method, "mode");
    if (mode == "instrument") return MidiInputMode::instrument;
    if (mode == "control") return MidiInputMode::control;
    throw toJsError(info.Env(), Status::error("ERR_BAD_ARGUMENT", std::string(method) + ": mode must be 'instrument' or 'control', got '" + mode + "'"));
}

Napi::Object toJs(Napi::Env env, const MidiPortInfo& p) {
    auto o = Napi::Object::New(env);
    o.Set("index", p.index);
    o.Set("api", midiApiName(p.api));
    o.Set("name", p.name);
    return o;
}

Napi::Object toJs(Napi::Env env, const MidiPortState& s) {
    auto o = Napi::Object::New(env);
    o.Set("id", s.id);
    o.Set("direction", s.input ? "input" : "output");
    o.Set("api", midiApiName(s.api));
    o.Set("name", s.name);
    o.Set("virtual", s.isVirtual);
    if (s.input) o.Set("mode", s.mode == MidiInputMode::instrument ? "instrument" : "control");
    o.Set("present", s.present);
    o.Set("received", static_cast<double>(s.received));
    o.Set("toEngine", static_cast<double>(s.toEngine));
    o.Set("toControl", static_cast<double>(s.toControl));
    o.Set("dropped", static_cast<double>(s.dropped));
    o.Set("sent", static_cast<double>(s.sent));
    return o;
}

Napi::Object toJs(Napi::Env env, const AudioDeviceInfo& d) {
    auto o = Napi::Object::New(env);
    o.Set("index", d.index);
    o.Set("type", d.type);
    o.Set("name", d.name);
    o.Set("inputs", d.inputs);
    o.Set("outputs", d.outputs);
    auto rates = Napi::Array::New(env, d.sampleRates.size());
    for (size_t i = 0; i < d.sampleRates.size(); ++i) rates.Set(static_cast<uint32_t>(i), d.sampleRates[i]);
    o.Set("sampleRates", rates);
    auto sizes = Napi::Array::New(env, d.bufferSizes.size());
    for (size_t i = 0; i < d.bufferSizes.size(); ++i) sizes.Set(static_cast<uint32_t>(i), d.bufferSizes[i]);
    o.Set("bufferSizes", sizes);
    return o;
}

Napi::Object toJs(Napi::Env env, const AudioStatus& s) {
    auto o = Napi::Object::New(env);
    o.Set("type", s.type);
    o.Set("device", s.device);
    o.Set("sampleRate", s.sampleRate);
    o.Set("bufferSize", s.bufferSize);
    o.Set("inputs", s.inputs);
    o.Set("outputs", s.outputs);
    o.Set("outputLatency", s.outputLatency);
    o.Set("inputLatency", s.inputLatency);
    o.Set("running", s.running);
    o.Set("started", s.wanted);
    o.Set("serverGone", s.serverGone);
    o.Set("realtime", s.realtime);
    o.Set("priority", s.priority);
    o.Set("warning", s.warning);
    o.Set("error", s.error);
    o.Set("callbacks", static_cast<double>(s.callbacks));
    o.Set("xruns", static_cast<double>(s.xruns));
    o.Set("deviceXruns", static_cast<double>(s.deviceXruns));
    o.Set("callbackGaps", static_cast<double>(s.callbackGaps));
    o.Set("recoveries", static_cast<double>(s.recoveries));
    o.Set("clockResyncs", static_cast<double>(s.clockResyncs));
    o.Set("loadPercent", s.loadPercent);
    o.Set("callbackMeanUs", s.callbackMeanUs);
    o.Set("callbackMaxUs", s.callbackMaxUs);
    o.Set("periodUs", s.periodUs);
    o.Set("callbackMaxAtNs", static_cast<double>(s.callbackMaxAtNs));
    o.Set("lateCallbackAtNs", static_cast<double>(s.lateCallbackAtNs));
    o.Set("lateCallbackGapUs", s.lateCallbackGapUs);
    o.Set("jackXrunAtNs", static_cast<double>(s.jackXrunAtNs));
    o.Set("threadId", s.threadId);
    return o;
}

Napi::Object toJs(Napi::Env env, const RecordingStatus& r) {
    auto o = Napi::Object::New(env);
    o.Set("recording", r.recording);
    o.Set("path", r.path);
    o.Set("frames", static_cast<double>(r.frames));
    o.Set("dropped", static_cast<double>(r.dropped));
    return o;
}

Napi::Object toJs(Napi::Env env, const LinkSnapshot& s) {
    auto o = Napi::Object::New(env);
    o.Set("enabled", s.enabled);
    o.Set("startStopSync", s.startStopSync);
    o.Set("playing", s.playing);
    o.Set("tempo", s.tempo);
    o.Set("beat", s.beat);
    o.Set("phase", s.phase);
    o.Set("quantum", s.quantum);
    o.Set("peers", static_cast<double>(s.peers));
    o.Set("timeNs", static_cast<double>(s.timeNs));
    return o;
}

Napi::Object toJs(Napi::Env env, const ClockStatus& c) {
    auto o = Napi::Object::New(env);
    o.Set("running", c.running);
    o.Set("playing", c.playing);
    o.Set("startPending", c.startPending);
    o.Set("startBeat", static_cast<double>(c.startBeat));
    o.Set("ticks", static_cast<double>(c.ticks));
    o.Set("starts", static_cast<double>(c.starts));
    o.Set("stops", static_cast<double>(c.stops));
    o.Set("skipped", static_cast<double>(c.skipped));
    o.Set("sendErrors", static_cast<double>(c.sendErrors));
    o.Set("logDrops", static_cast<double>(c.logDrops));
    o.Set("maxLateUs", static_cast<double>(c.maxLateNs) / 1000.0);
    auto ports = Napi::Array::New(env, c.ports.size());
    for (size_t i = 0; i < c.ports.size(); ++i) ports.Set(static_cast<uint32_t>(i), c.ports[i]);
    o.Set("ports", ports);
    o.Set("priority", c.priority);
    return o;
}

}  // namespace vcpi
