// N-API bindings of the live side (class Live, one per Engine): audio devices, device input routing, WAV tap,
// MIDI ports and control-MIDI delivery, Ableton Link, MIDI clock. Device work runs on the message thread and
// RtMidi opening/listing/closing on pool threads (Promises); sends, Link and status calls are synchronous and
// cheap. Control MIDI reaches JS through ControlBridge (a thread-safe function fed by the dispatcher thread).
#include <cmath>
#include <memory>

#include <napi.h>

#include "AddonTask.hpp"
#include "AddonValues.hpp"
#include "ControlBridge.hpp"
#include "LiveValues.hpp"

namespace vcpi {

namespace {

Status closedError() { return Status::error("ERR_CLOSED", "engine: closed"); }

class LiveWrap : public Napi::ObjectWrap<LiveWrap> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "Live", {
            InstanceMethod<&LiveWrap::audioDevices>("audioDevices"),
            InstanceMethod<&LiveWrap::startAudio>("startAudio"),
            InstanceMethod<&LiveWrap::stopAudio>("stopAudio"),
            InstanceMethod<&LiveWrap::audioStatus>("audioStatus"),
            InstanceMethod<&LiveWrap::resetAudioPeaks>("resetAudioPeaks"),
            InstanceMethod<&LiveWrap::setInputRoute>("setInputRoute"),
            InstanceMethod<&LiveWrap::inputRoutes>("inputRoutes"),
            InstanceMethod<&LiveWrap::startRecording>("startRecording"),
            InstanceMethod<&LiveWrap::stopRecording>("stopRecording"),
            InstanceMethod<&LiveWrap::recordingStatus>("recordingStatus"),
            InstanceMethod<&LiveWrap::midiPorts>("midiPorts"),
            InstanceMethod<&LiveWrap::openMidiInput>("openMidiInput"),
            InstanceMethod<&LiveWrap::openMidiOutput>("openMidiOutput"),
            InstanceMethod<&LiveWrap::createVirtualInput>("createVirtualInput"),
            InstanceMethod<&LiveWrap::createVirtualOutput>("createVirtualOutput"),
            InstanceMethod<&LiveWrap::sendMidiOut>("sendMidiOut"),
            InstanceMethod<&LiveWrap::closeMidiPort>("closeMidiPort"),
            InstanceMethod<&LiveWrap::midiPortStates>("midiPortStates"),
            InstanceMethod<&LiveWrap::setControlHandler>("setControlHandler"),
            InstanceMethod<&LiveWrap::controlStats>("controlStats"),
            InstanceMethod<&LiveWrap::linkEnable>("linkEnable"),
            InstanceMethod<&LiveWrap::linkSetTempo>("linkSetTempo"),
            InstanceMethod<&LiveWrap::linkSetQuantum>("linkSetQuantum"),
            InstanceMethod<&LiveWrap::linkSetStartStopSync>("linkSetStartStopSync"),
            InstanceMethod<&LiveWrap::linkSetPlaying>("linkSetPlaying"),
            InstanceMethod<&LiveWrap::linkStatus>("linkStatus"),
            InstanceMethod<&LiveWrap::linkTimeAtBeat>("linkTimeAtBeat"),
            InstanceMethod<&LiveWrap::linkBeatAtTime>("linkBeatAtTime"),
            InstanceMethod<&LiveWrap::clockEnable>("clockEnable"),
            InstanceMethod<&LiveWrap::clockStart>("clockStart"),
            InstanceMethod<&LiveWrap::clockStop>("clockStop"),
            InstanceMethod<&LiveWrap::clockStatus>("clockStatus"),
            InstanceMethod<&LiveWrap::clockTicks>("clockTicks"),
            InstanceMethod<&LiveWrap::dispose>("dispose"),
        });
    }

    // new Live(engine): the live session of that engine (one Live per engine).
    explicit LiveWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LiveWrap>(info) {
        bundle_ = engineBundle(info.Length() > 0 ? info[0] : info.Env().Undefined());
        bridge_ = std::make_shared<ControlBridge>();
        std::lock_guard<std::mutex> lock(bundle_->liveMutex);
        if (bundle_->engine->closed()) throw toJsError(info.Env(), closedError());
        if (bundle_->live != nullptr) throw toJsError(info.Env(), Status::error("ERR_BUSY", "Live: this engine already has a live session"));
        auto bridge = bridge_;
        bundle_->live = std::make_unique<LiveSession>(*bundle_->engine, [bridge](std::vector<ControlMessage>&& batch) {
            return bridge->deliver(std::move(batch));
        });
        session_ = bundle_->live.get();
    }

    ~LiveWrap() override { bridge_->clear(); }

private:
    // The session, or ERR_CLOSED once the engine closed (closed sessions stay allocated while the bundle lives).
    LiveSession& session(Napi::Env env) {
        std::lock_guard<std::mutex> lock(bundle_->liveMutex);
        if (bundle_->live == nullptr || bundle_->live->closed()) throw toJsError(env, closedError());
        return *session_;
    }

    // Work on a pool thread with the session held open (the bundle's mutex keeps close() from destroying it).
    Napi::Value onPool(Napi::Env env, std::function<Status(LiveSession&)> work, std::function<Napi::Value(Napi::Env)> result) {
        session(env);
        auto bundle = bundle_;
        return Task::start(env, [bundle, work] {
            std::lock_guard<std::mutex> lock(bundle->liveMutex);
            if (bundle->live == nullptr || bundle->live->closed()) return closedError();
            return work(*bundle->live);
        }, std::move(result));
    }

    // Work on the message thread (JUCE devices).
    Napi::Value onMessage(Napi::Env env, std::function<Status(LiveSession&)> work, std::function<Napi::Value(Napi::Env)> result) {
        session(env);
        auto bundle = bundle_;
        return Task::start(env, [bundle, work] {
            return onMessageThread([&] {
                std::lock_guard<std::mutex> lock(bundle->liveMutex);
                if (bundle->live == nullptr || bundle->live->closed()) return closedError();
                return work(*bundle->live);
            });
        }, std::move(result));
    }

    void updateKeepAlive(Napi::Env env) { bridge_->setKeepAlive(env, openInputs_ > 0); }

    Napi::Value audioDevices(const Napi::CallbackInfo& info) {
        auto list = std::make_shared<std::vector<AudioDeviceInfo>>();
        return onMessage(info.Env(), [list](LiveSession& s) { *list = s.audio().list(); return Status::success(); },
                         [list](Napi::Env env) {
                             auto array = Napi::Array::New(env, list->size());
                             for (size_t i = 0; i < list->size(); ++i) array.Set(static_cast<uint32_t>(i), toJs(env, (*list)[i]));
                             return Napi::Value(array);
                         });
    }

    // startAudio(type, device, index, bufferSize, inputs) -> Promise<AudioStatus>
    Napi::Value startAudio(const Napi::CallbackInfo& info) {
        AudioRequest request;
        request.type = argString(info, 0, "startAudio", "type");
        request.device = argString(info, 1, "startAudio", "device");
        request.index = argInt(info, 2, "startAudio", "index");
        request.bufferSize = argInt(info, 3, "startAudio", "bufferSize");
        request.inputs = argInt(info, 4, "startAudio", "inputs");
        if (request.inputs < 0) throw toJsError(info.Env(), Status::error("ERR_BAD_ARGUMENT", "startAudio: inputs must be >= 0"));
        auto opened = std::make_shared<AudioStatus>();
        return onMessage(info.Env(), [request, opened](LiveSession& s) { return s.audio().start(request, *opened); },
                         [opened](Napi::Env env) { return toJs(env, *opened); });
    }

    Napi::Value stopAudio(const Napi::CallbackInfo& info) {
        return onMessage(info.Env(), [](LiveSession& s) { s.audio().stop(); return Status::success(); }, nullptr);
    }

    Napi::Value audioStatus(const Napi::CallbackInfo& info) { return toJs(info.Env(), session(info.Env()).audio().status()); }

    Napi::Value resetAudioPeaks(const Napi::CallbackInfo& info) {
        session(info.Env()).audio().resetPeaks();
        return info.Env().Undefined();
    }

    // setInputRoute(slot, left, right): 0-based device channels, -1 none.
    Napi::Value setInputRoute(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), bundle_->engine->setInputRoute(argInt(info, 0, "setInputRoute", "slot"), argInt(info, 1, "setInputRoute", "left"),
                                                                 argInt(info, 2, "setInputRoute", "right")));
        return info.Env().Undefined();
    }

    Napi::Value inputRoutes(const Napi::CallbackInfo& info) {
        const auto routes = bundle_->engine->inputRoutes();
        auto array = Napi::Array::New(info.Env(), routes.size());
        for (size_t s = 0; s < routes.size(); ++s) {
            auto pair = Napi::Array::New(info.Env(), 2);
            pair.Set(0u, routes[s][0]);
            pair.Set(1u, routes[s][1]);
            array.Set(static_cast<uint32_t>(s), pair);
        }
        return array;
    }

    Napi::Value startRecording(const Napi::CallbackInfo& info) {
        const std::string path = argString(info, 0, "startRecording", "path");
        return onPool(info.Env(), [path](LiveSession& s) { return s.audio().tap().start(path); }, nullptr);
    }

    Napi::Value stopRecording(const Napi::CallbackInfo& info) {
        auto done = std::make_shared<RecordingStatus>();
        return onPool(info.Env(), [done](LiveSession& s) { *done = s.audio().tap().stop(); return Status::success(); },
                      [done](Napi::Env env) { return toJs(env, *done); });
    }

    Napi::Value recordingStatus(const Napi::CallbackInfo& info) { return toJs(info.Env(), session(info.Env()).audio().tap().status()); }

    Napi::Value midiPorts(const Napi::CallbackInfo& info) {
        auto list = std::make_shared<MidiPortList>();
        return onPool(info.Env(), [list](LiveSession& s) { *list = s.midi().list(); return Status::success(); },
                      [list](Napi::Env env) {
                          auto o = Napi::Object::New(env);
                          auto inputs = Napi::Array::New(env, list->inputs.size());
                          for (size_t i = 0; i < list->inputs.size(); ++i) inputs.Set(static_cast<uint32_t>(i), toJs(env, list->inputs[i]));
                          auto outputs = Napi::Array::New(env, list->outputs.size());
                          for (size_t i = 0; i < list->outputs.size(); ++i) outputs.Set(static_cast<uint32_t>(i), toJs(env, list->outputs[i]));
                          auto problems = Napi::Array::New(env, list->problems.size());
                          for (size_t i = 0; i < list->problems.size(); ++i) problems.Set(static_cast<uint32_t>(i), list->problems[i]);
                          o.Set("inputs", inputs);
                          o.Set("outputs", outputs);
                          o.Set("problems", problems);
                          return Napi::Value(o);
                      });
    }

    static MidiPortSelector selector(const Napi::CallbackInfo& info, const char* method) {
        MidiPortSelector sel;
        sel.index = argInt(info, 0, method, "index");
        sel.name = argString(info, 1, method, "name");
        argApi(info, 2, method, sel.anyApi, sel.api);
        if (sel.index < 0 && sel.name.empty())
            throw toJsError(info.Env(), Status::error("ERR_BAD_ARGUMENT", std::string(method) + ": give a port index or a name"));
        return sel;
    }

    Napi::Value openedPort(Napi::Env env, std::function<Status(LiveSession&, MidiPortState&)> open, bool input) {
        auto state = std::make_shared<MidiPortState>();
        Napi::ObjectReference self = Napi::Persistent(Value());
        auto selfRef = std::make_shared<Napi::ObjectReference>(std::move(self));
        return onPool(env, [open, state](LiveSession& s) { return open(s, *state); }, [this, state, input, selfRef](Napi::Env e) {
            if (input) {
                ++openInputs_;
                updateKeepAlive(e);
            }
            return Napi::Value(toJs(e, *state));
        });
    }

    // openMidiInput(index, name, api, mode) -> Promise<MidiPortState>
    Napi::Value openMidiInput(const Napi::CallbackInfo& info) {
        const MidiPortSelector sel = selector(info, "openMidiInput");
        const MidiInputMode mode = argMode(info, 3, "openMidiInput");
        return openedPort(info.Env(), [sel, mode](LiveSession& s, MidiPortState& st) { return s.midi().openInput(sel, mode, st); }, true);
    }

    // openMidiOutput(index, name, api, jackDelivery?) -> Promise<MidiPortState>
    Napi::Value openMidiOutput(const Napi::CallbackInfo& info) {
        const MidiPortSelector sel = selector(info, "openMidiOutput");
        const JackDelivery delivery = argDelivery(info, 3, "openMidiOutput");
        return openedPort(info.Env(), [sel, delivery](LiveSession& s, MidiPortState& st) { return s.midi().openOutput(sel, st, delivery); }, false);
    }

    // Optional 'frame' (default) or 'rtmidi': how a JACK output delivers.
    static JackDelivery argDelivery(const Napi::CallbackInfo& info, size_t i, const char* method) {
        if (info.Length() <= i || info[i].IsUndefined()) return JackDelivery::frame;
        const std::string value = argString(info, i, method, "jackDelivery");
        if (value == "frame") return JackDelivery::frame;
        if (value == "rtmidi") return JackDelivery::rtmidi;
        throw toJsError(info.Env(), Status::error("ERR_BAD_ARGUMENT", std::string(method) + ": jackDelivery '" + value + "' is not 'frame' or 'rtmidi'"));
    }

    // createVirtualInput(api, name, mode) / createVirtualOutput(api, name, jackDelivery?)
    Napi::Value createVirtualInput(const Napi::CallbackInfo& info) {
        bool any = false;
        MidiApi api = MidiApi::jack;
        argApi(info, 0, "createVirtualInput", any, api);
        if (any) api = MidiApi::jack;
        const std::string name = argString(info, 1, "createVirtualInput", "name");
        const MidiInputMode mode = argMode(info, 2, "createVirtualInput");
        return openedPort(info.Env(), [api, name, mode](LiveSession& s, MidiPortState& st) { return s.midi().createVirtualInput(api, name, mode, st); }, true);
    }

    Napi::Value createVirtualOutput(const Napi::CallbackInfo& info) {
        bool any = false;
        MidiApi api = MidiApi::jack;
        argApi(info, 0, "createVirtualOutput", any, api);
        if (any) api = MidiApi::jack;
        const std::string name = argString(info, 1, "createVirtualOutput", "name");
        const JackDelivery delivery = argDelivery(info, 2, "createVirtualOutput");
        return openedPort(info.Env(), [api, name, delivery](LiveSession& s, MidiPortState& st) { return s.midi().createVirtualOutput(api, name, st, delivery); }, false);
    }

    // sendMidiOut(id, bytes, fromNs?): fromNs (engine clock) is when the message was meant to leave; a frame-accurate
    // JACK output writes it one period after that (after now without it).
    Napi::Value sendMidiOut(const Napi::CallbackInfo& info) {
        const int id = argInt(info, 0, "sendMidiOut", "port");
        std::vector<uint8_t> bytes;
        throwIfFailed(info.Env(), parseMidiBytes(info.Length() > 1 ? info[1] : info.Env().Undefined(), bytes));
        int64_t fromNs = 0;
        if (info.Length() > 2 && !info[2].IsUndefined()) {
            const double from = argNumber(info, 2, "sendMidiOut", "fromNs");
            if (!(from > 0)) throwIfFailed(info.Env(), Status::error("ERR_BAD_ARGUMENT", "sendMidiOut: fromNs must be a positive engine-clock time, got " + std::to_string(from)));
            fromNs = static_cast<int64_t>(from);
        }
        throwIfFailed(info.Env(), session(info.Env()).midi().send(static_cast<uint32_t>(id), bytes.data(), bytes.size(), fromNs));
        return info.Env().Undefined();
    }

    Napi::Value closeMidiPort(const Napi::CallbackInfo& info) {
        const auto id = static_cast<uint32_t>(argInt(info, 0, "closeMidiPort", "port"));
        auto wasInput = std::make_shared<bool>(false);
        return onPool(info.Env(), [id, wasInput](LiveSession& s) {
            for (const auto& st : s.midi().states())
                if (st.id == id) *wasInput = st.input;
            if (s.clockIfCreated() != nullptr) s.clockIfCreated()->disable(id);
            return s.midi().close(id);
        }, [this, wasInput](Napi::Env env) {
            if (*wasInput && openInputs_ > 0) --openInputs_;
            updateKeepAlive(env);
            return env.Undefined();
        });
    }

    Napi::Value midiPortStates(const Napi::CallbackInfo& info) {
        auto states = std::make_shared<std::vector<MidiPortState>>();
        return onPool(info.Env(), [states](LiveSession& s) { *states = s.midi().states(); return Status::success(); },
                      [states](Napi::Env env) {
                          auto array = Napi::Array::New(env, states->size());
                          for (size_t i = 0; i < states->size(); ++i) array.Set(static_cast<uint32_t>(i), toJs(env, (*states)[i]));
                          return Napi::Value(array);
                      });
    }

    // setControlHandler(fn | null): fn(messages: { port, timeNs, bytes }[])
    Napi::Value setControlHandler(const Napi::CallbackInfo& info) {
        session(info.Env());
        const Napi::Value handler = info.Length() > 0 ? info[0] : info.Env().Null();
        if (!handler.IsFunction() && !handler.IsNull() && !handler.IsUndefined())
            throw toJsError(info.Env(), Status::error("ERR_BAD_ARGUMENT", "setControlHandler: expected a function or null"));
        bridge_->set(info.Env(), handler, openInputs_ > 0);
        return info.Env().Undefined();
    }

    Napi::Value controlStats(const Napi::CallbackInfo& info) {
        LiveSession& s = session(info.Env());
        auto o = Napi::Object::New(info.Env());
        o.Set("delivered", static_cast<double>(s.dispatcher().delivered()));
        o.Set("dropped", static_cast<double>(s.dispatcher().dropped()));
        return o;
    }

    Napi::Value linkEnable(const Napi::CallbackInfo& info) {
        session(info.Env()).link().enable(argBool(info, 0, "linkEnable", "on"));
        return info.Env().Undefined();
    }
    Napi::Value linkSetTempo(const Napi::CallbackInfo& info) {
        const double bpm = argNumber(info, 0, "linkSetTempo", "bpm");
        if (!(bpm >= 20 && bpm <= 999)) throw toJsError(info.Env(), Status::error("ERR_BAD_VALUE", "linkSetTempo: tempo must be 20..999 BPM"));
        session(info.Env()).link().setTempo(bpm);
        bundle_->engine->transport().setTempo(bpm);  // the engine's tempo too (offline renders, before a callback)
        return info.Env().Undefined();
    }
    Napi::Value linkSetQuantum(const Napi::CallbackInfo& info) {
        const double quantum = argNumber(info, 0, "linkSetQuantum", "beats");
        if (!(quantum >= 1 && quantum <= 64)) throw toJsError(info.Env(), Status::error("ERR_BAD_VALUE", "linkSetQuantum: quantum must be 1..64 beats"));
        session(info.Env()).link().setQuantum(quantum);
        bundle_->engine->transport().setQuantum(quantum);
        return info.Env().Undefined();
    }
    Napi::Value linkSetStartStopSync(const Napi::CallbackInfo& info) {
        session(info.Env()).link().enableStartStopSync(argBool(info, 0, "linkSetStartStopSync", "on"));
        return info.Env().Undefined();
    }
    Napi::Value linkSetPlaying(const Napi::CallbackInfo& info) {
        session(info.Env()).link().setPlaying(argBool(info, 0, "linkSetPlaying", "playing"));
        return info.Env().Undefined();
    }
    // linkStatus() -> { app: LinkSnapshot, audio: LinkSnapshot (timeNs 0 before the first callback) }
    Napi::Value linkStatus(const Napi::CallbackInfo& info) {
        LinkSession& link = session(info.Env()).link();
        auto o = Napi::Object::New(info.Env());
        o.Set("app", toJs(info.Env(), link.snapshot()));
        o.Set("audio", toJs(info.Env(), link.audioView()));
        return o;
    }
    Napi::Value linkTimeAtBeat(const Napi::CallbackInfo& info) {
        return Napi::Number::New(info.Env(), static_cast<double>(session(info.Env()).link().timeAtBeat(argNumber(info, 0, "linkTimeAtBeat", "beat"))));
    }
    Napi::Value linkBeatAtTime(const Napi::CallbackInfo& info) {
        const double ns = argNumber(info, 0, "linkBeatAtTime", "timeNs");
        return Napi::Number::New(info.Env(), session(info.Env()).link().beatAtTime(static_cast<int64_t>(ns)));
    }

    // clockEnable(portId, on)
    Napi::Value clockEnable(const Napi::CallbackInfo& info) {
        LiveSession& s = session(info.Env());
        const auto id = static_cast<uint32_t>(argInt(info, 0, "clockEnable", "port"));
        const bool on = argBool(info, 1, "clockEnable", "on");
        auto port = s.midi().output(id);
        if (port == nullptr) throw toJsError(info.Env(), Status::error("ERR_MIDI_PORT_NOT_OPEN", "clockEnable: output " + std::to_string(id) + " is not open"));
        throwIfFailed(info.Env(), s.clock().enable(port, on));
        return info.Env().Undefined();
    }
    Napi::Value clockStart(const Napi::CallbackInfo& info) {
        session(info.Env()).clock().play();
        return info.Env().Undefined();
    }
    Napi::Value clockStop(const Napi::CallbackInfo& info) {
        session(info.Env()).clock().stop();
        return info.Env().Undefined();
    }
    Napi::Value clockStatus(const Napi::CallbackInfo& info) { return toJs(info.Env(), session(info.Env()).clock().status()); }
    // clockTicks() -> Float64Array [index, scheduledNs, sentNs, leadNs, …] of the ticks sent since the last call
    Napi::Value clockTicks(const Napi::CallbackInfo& info) {
        const auto ticks = session(info.Env()).clock().takeTicks();
        auto out = Napi::Float64Array::New(info.Env(), ticks.size() * 4);
        for (size_t i = 0; i < ticks.size(); ++i) {
            out[i * 4] = static_cast<double>(ticks[i].index);
            out[i * 4 + 1] = static_cast<double>(ticks[i].scheduledNs);
            out[i * 4 + 2] = static_cast<double>(ticks[i].sentNs);
            out[i * 4 + 3] = static_cast<double>(ticks[i].leadNs);
        }
        return out;
    }

    // dispose(): drops the control handler (after engine.close(); lets Node exit).
    Napi::Value dispose(const Napi::CallbackInfo& info) {
        bridge_->clear();
        return info.Env().Undefined();
    }

    std::shared_ptr<EngineBundle> bundle_;
    std::shared_ptr<ControlBridge> bridge_;
    LiveSession* session_ = nullptr;
    int openInputs_ = 0;
};

}  // namespace

Napi::Function defineLive(Napi::Env env) { return LiveWrap::define(env); }

}  // namespace vcpi
