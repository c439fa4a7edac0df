#include "AddonValues.hpp"

#include <cmath>

namespace vcpi {

namespace {
Napi::Value argAt(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name, napi_valuetype type,
                  const char* expected) {
    if (info.Length() <= i || info[i].Type() != type) {
        auto error = Napi::TypeError::New(info.Env(), std::string(method) + ": argument '" + name + "' must be " + expected);
        error.Set("code", Napi::String::New(info.Env(), "ERR_BAD_ARGUMENT"));
        throw error;
    }
    return info[i];
}
}  // namespace

Napi::Error toJsError(Napi::Env env, const Status& status) {
    auto error = Napi::Error::New(env, status.message);
    error.Set("code", Napi::String::New(env, status.code));
    return error;
}

Napi::Object toJs(Napi::Env env, const PluginSummary& s) {
    auto o = Napi::Object::New(env);
    o.Set("name", s.name);
    o.Set("format", s.format);
    o.Set("identifier", s.identifier);
    o.Set("isInstrument", s.isInstrument);
    o.Set("inputs", s.inputs);
    o.Set("outputs", s.outputs);
    o.Set("latency", s.latency);
    return o;
}

Napi::Object toJs(Napi::Env env, const ParameterInfo& p) {
    auto o = Napi::Object::New(env);
    o.Set("index", p.index);
    o.Set("name", p.name);
    o.Set("unit", p.unit);
    o.Set("value", p.value);
    o.Set("text", p.text);
    o.Set("min", p.min);
    o.Set("max", p.max);
    o.Set("normalised", p.normalised);
    o.Set("steps", p.steps);
    return o;
}

Napi::Object toJs(Napi::Env env, const EngineSummary& summary) {
    auto o = Napi::Object::New(env);
    auto slots = Napi::Array::New(env, kSlots);
    for (size_t s = 0; s < summary.slots.size(); ++s) {
        const SlotSummary& slot = summary.slots[s];
        auto js = Napi::Object::New(env);
        js.Set("slot", static_cast<int>(s + 1));
        js.Set("instrument", slot.instrument ? Napi::Value(toJs(env, *slot.instrument)) : env.Null());
        auto inserts = Napi::Array::New(env, slot.inserts.size());
        for (size_t i = 0; i < slot.inserts.size(); ++i) inserts.Set(static_cast<uint32_t>(i), toJs(env, slot.inserts[i]));
        js.Set("inserts", inserts);
        js.Set("gain", slot.gain);
        js.Set("mute", slot.mute);
        js.Set("solo", slot.solo);
        slots.Set(static_cast<uint32_t>(s), js);
    }
    o.Set("slots", slots);
    auto master = Napi::Array::New(env, summary.master.size());
    for (size_t i = 0; i < summary.master.size(); ++i) master.Set(static_cast<uint32_t>(i), toJs(env, summary.master[i]));
    o.Set("master", master);
    o.Set("masterGain", summary.masterGain);
    o.Set("latency", summary.latency);
    return o;
}

Napi::Object toJs(Napi::Env env, const EngineStats& s) {
    auto o = Napi::Object::New(env);
    o.Set("blocks", static_cast<double>(s.blocks));
    o.Set("graphSwaps", static_cast<double>(s.graphSwaps));
    o.Set("plugins", static_cast<double>(s.plugins));
    o.Set("graphs", static_cast<double>(s.graphs));
    o.Set("memoryTrims", static_cast<double>(s.memoryTrims));
    o.Set("memoryTrimNanos", static_cast<double>(s.memoryTrimNanos));
    o.Set("midiQueueDrops", static_cast<double>(s.midiQueueDrops));
    o.Set("midiOverflowDrops", static_cast<double>(s.midiOverflowDrops));
    o.Set("midiBlockDrops", static_cast<double>(s.midiBlockDrops));
    o.Set("midiLate", static_cast<double>(s.midiLate));
    o.Set("midiUnrouted", static_cast<double>(s.midiUnrouted));
    o.Set("samplePosition", static_cast<double>(s.samplePosition));
    o.Set("pluginNanos", static_cast<double>(s.pluginNanos));
    o.Set("totalNanos", static_cast<double>(s.totalNanos));
    return o;
}

Napi::Object toJs(Napi::Env env, const TransportSnapshot& t) {
    auto o = Napi::Object::New(env);
    o.Set("bpm", t.bpm);
    o.Set("beat", t.ppq);
    o.Set("barStartBeat", t.barStartPpq);
    o.Set("bar", static_cast<double>(t.bar));
    o.Set("quantum", t.quantum);
    o.Set("playing", t.playing);
    o.Set("link", t.link);
    o.Set("timeInSamples", static_cast<double>(t.timeInSamples));
    o.Set("hostTimeNs", static_cast<double>(t.hostTimeNs));
    o.Set("blocks", static_cast<double>(t.blocks));
    return o;
}

int argInt(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name) {
    const double v = argAt(info, i, method, name, napi_number, "an integer").As<Napi::Number>().DoubleValue();
    if (!std::isfinite(v) || std::floor(v) != v || std::abs(v) > 2147483647.0) {
        auto error = Napi::TypeError::New(info.Env(), std::string(method) + ": argument '" + name + "' must be an integer");
        error.Set("code", Napi::String::New(info.Env(), "ERR_BAD_ARGUMENT"));
        throw error;
    }
    return static_cast<int>(v);
}

double argNumber(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name) {
    return argAt(info, i, method, name, napi_number, "a number").As<Napi::Number>().DoubleValue();
}

bool argBool(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name) {
    return argAt(info, i, method, name, napi_boolean, "a boolean").As<Napi::Boolean>().Value();
}

std::string argString(const Napi::CallbackInfo& info, size_t i, const char* method, const char* name) {
    return argAt(info, i, method, name, napi_string, "a string").As<Napi::String>().Utf8Value();
}

Status parseMidiBytes(const Napi::Value& value, std::vector<uint8_t>& out) {
    out.clear();
    if (value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
        auto bytes = value.As<Napi::Uint8Array>();
        out.assign(bytes.Data(), bytes.Data() + bytes.ElementLength());
        return Status::success();
    }
    if (!value.IsArray()) return Status::error("ERR_BAD_MIDI", "MIDI: expected an array of bytes or a Uint8Array");
    auto array = value.As<Napi::Array>();
    for (uint32_t i = 0; i < array.Length(); ++i) {
        const Napi::Value b = array.Get(i);
        const double v = b.IsNumber() ? b.As<Napi::Number>().DoubleValue() : -1.0;
        if (!(v >= 0 && v <= 255 && std::floor(v) == v))
            return Status::error("ERR_BAD_MIDI", "MIDI: byte " + std::to_string(i) + " is not an integer 0..255");
        out.push_back(static_cast<uint8_t>(v));
    }
    return Status::success();
}

Status parseRenderEvents(const Napi::Value& value, std::vector<RenderEvent>& out) {
    out.clear();
    if (value.IsUndefined() || value.IsNull()) return Status::success();
    if (!value.IsArray()) return Status::error("ERR_BAD_ARGUMENT", "render: events must be an array");
    auto array = value.As<Napi::Array>();
    for (uint32_t i = 0; i < array.Length(); ++i) {
        const std::string at = "render: event " + std::to_string(i);
        const Napi::Value item = array.Get(i);
        if (!item.IsObject()) return Status::error("ERR_BAD_ARGUMENT", at + " is not an object");
        auto o = item.As<Napi::Object>();
        RenderEvent e;
        const Napi::Value offset = o.Get("offset"), timeNs = o.Get("timeNs"), slot = o.Get("slot");
        if (offset.IsNumber() == timeNs.IsNumber())
            return Status::error("ERR_BAD_ARGUMENT", at + ": give exactly one of 'offset' (samples) or 'timeNs'");
        const double t = offset.IsNumber() ? offset.As<Napi::Number>().DoubleValue() : timeNs.As<Napi::Number>().DoubleValue();
        if (!(t >= 0 && std::isfinite(t))) return Status::error("ERR_BAD_ARGUMENT", at + ": its time must be a number >= 0");
        e.timed = timeNs.IsNumber();
        if (e.timed) e.timeNs = static_cast<int64_t>(std::llround(t));
        else e.offset = static_cast<int64_t>(std::llround(t));
        std::vector<uint8_t> bytes;
        Status status = parseMidiBytes(o.Get("data"), bytes);
        if (!status.ok()) return Status::error(status.code, at + ": " + status.message);
        status = Engine::checkMidiMessage(bytes.data(), bytes.size());
        if (!status.ok()) return Status::error(status.code, at + ": " + status.message);
        for (size_t k = 0; k < bytes.size(); ++k) e.event.data[k] = bytes[k];
        e.event.size = static_cast<uint8_t>(bytes.size());
        if (!slot.IsUndefined()) {
            const double s = slot.IsNumber() ? slot.As<Napi::Number>().DoubleValue() : -1;
            if (!(s >= 1 && s <= kSlots && std::floor(s) == s))
                return Status::error("ERR_BAD_SLOT", at + ": slot must be 1.." + std::to_string(kSlots));
            e.event.slot = static_cast<int8_t>(s);
        }
        out.push_back(e);
    }
    return Status::success();
}

}  // namespace vcpi
