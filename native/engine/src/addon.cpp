// vcpi_engine.node: N-API bindings of the engine. The JS thread never blocks on plugin work or audio:
// message-thread operations run as AsyncWorkers (a libuv pool thread hands them to the MessageThread and waits)
// and resolve Promises on the JS thread; mixer/routing/MIDI calls are lock-free and synchronous.
// Exceptions exist only here: every engine Status failure becomes a JS Error with `code` and the engine's message.
#include <dlfcn.h>
#include <malloc.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <memory>
#include <mutex>
#include <set>

#include <napi.h>

#include "AddonTask.hpp"
#include "AddonValues.hpp"
#include "Base64.hpp"
#include "Engine.hpp"
#include "MessageThread.hpp"
#include "PluginProbe.hpp"

namespace vcpi {

// Asynchronous operations running on pool threads, and whether Node is tearing the environment down: at shutdown
// no new operation starts, and the running ones are waited for, so none is inside JUCE while the process exits.
std::atomic<int> tasksRunning{0};
std::atomic<bool> shuttingDown{false};

Status onMessageThread(const std::function<Status()>& fn) {
    Status status = Status::error("ERR_CLOSED", "engine: the message thread has shut down");
    MessageThread::instance().runAndWait([&] { status = fn(); });
    return status;
}

Task::Task(Napi::Env env, std::function<Status()> work, std::function<Napi::Value(Napi::Env)> result)
    : Napi::AsyncWorker(env, "vcpi-engine"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)),
      result_(std::move(result)) {}

Napi::Promise Task::start(Napi::Env env, std::function<Status()> work, std::function<Napi::Value(Napi::Env)> result) {
    auto* task = new Task(env, std::move(work), std::move(result));
    auto promise = task->deferred_.Promise();
    task->Queue();
    return promise;
}

void Task::Execute() {
    tasksRunning.fetch_add(1);
    if (shuttingDown.load()) status_ = Status::error("ERR_CLOSED", "engine: Node is shutting down");
    else status_ = work_();
    tasksRunning.fetch_sub(1);
}

void Task::OnOK() {
    if (status_.ok()) deferred_.Resolve(result_ ? result_(Env()) : Env().Undefined());
    else deferred_.Reject(toJsError(Env(), status_).Value());
}

void Task::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

void throwIfFailed(Napi::Env env, const Status& status) {
    if (!status.ok()) throw toJsError(env, status);
}

namespace {

// Engines alive in this process: closed on the message thread at Node's environment clean-up.
std::mutex registryMutex;
std::set<std::shared_ptr<EngineBundle>> registry;
bool messageThreadStarted = false;
Napi::FunctionReference engineConstructor;

std::string addonDirectory() {
    Dl_info dl{};
    if (::dladdr(reinterpret_cast<void*>(&addonDirectory), &dl) == 0 || dl.dli_fname == nullptr) return {};
    return juce::File(dl.dli_fname).getParentDirectory().getFullPathName().toStdString();
}

class EngineWrap : public Napi::ObjectWrap<EngineWrap> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "Engine", {
            InstanceMethod<&EngineWrap::load>("load"),
            InstanceMethod<&EngineWrap::remove>("remove"),
            InstanceMethod<&EngineWrap::move>("move"),
            InstanceMethod<&EngineWrap::parameters>("parameters"),
            InstanceMethod<&EngineWrap::setParameter>("setParameter"),
            InstanceMethod<&EngineWrap::getState>("getState"),
            InstanceMethod<&EngineWrap::setState>("setState"),
            InstanceMethod<&EngineWrap::summary>("summary"),
            InstanceMethod<&EngineWrap::render>("render"),
            InstanceMethod<&EngineWrap::close>("close"),
            InstanceMethod<&EngineWrap::setGain>("setGain"),
            InstanceMethod<&EngineWrap::setMute>("setMute"),
            InstanceMethod<&EngineWrap::setSolo>("setSolo"),
            InstanceMethod<&EngineWrap::setMasterGain>("setMasterGain"),
            InstanceMethod<&EngineWrap::setRoute>("setRoute"),
            InstanceMethod<&EngineWrap::routes>("routes"),
            InstanceMethod<&EngineWrap::sendMidi>("sendMidi"),
            InstanceMethod<&EngineWrap::testNote>("testNote"),
            InstanceMethod<&EngineWrap::setMidiPolicy>("setMidiPolicy"),
            InstanceMethod<&EngineWrap::setMeasuring>("setMeasuring"),
            InstanceMethod<&EngineWrap::stats>("stats"),
            InstanceMethod<&EngineWrap::mallocStats>("mallocStats"),
            InstanceMethod<&EngineWrap::resetTiming>("resetTiming"),
            InstanceMethod<&EngineWrap::setTempo>("setTempo"),
            InstanceMethod<&EngineWrap::setQuantum>("setQuantum"),
            InstanceMethod<&EngineWrap::transport>("transport"),
        });
    }

    // new Engine(sampleRate, blockSize, probeCachePath, probeTimeoutMs, probeExecutable)
    explicit EngineWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EngineWrap>(info) {
        EngineConfig config;
        config.sampleRate = argNumber(info, 0, "Engine", "sampleRate");
        config.blockSize = argInt(info, 1, "Engine", "blockSize");
        config.probeCachePath = argString(info, 2, "Engine", "probeCachePath");
        config.probeTimeoutMs = argInt(info, 3, "Engine", "probeTimeoutMs");
        config.probeExecutable = argString(info, 4, "Engine", "probeExecutable");
        if (config.probeExecutable.empty()) config.probeExecutable = addonDirectory() + "/vcpi-plugin-probe";
        if (!(config.sampleRate >= 8000 && config.sampleRate <= 384000))
            throwIfFailed(info.Env(), Status::error("ERR_BAD_ARGUMENT", "Engine: sampleRate must be 8000..384000"));
        if (config.blockSize < 16 || config.blockSize > 8192)
            throwIfFailed(info.Env(), Status::error("ERR_BAD_ARGUMENT", "Engine: blockSize must be 16..8192"));
        if (config.probeTimeoutMs < 100)
            throwIfFailed(info.Env(), Status::error("ERR_BAD_ARGUMENT", "Engine: probeTimeoutMs must be >= 100"));
        engine_ = std::make_shared<Engine>(config);
        bundle_ = std::make_shared<EngineBundle>();
        bundle_->engine = engine_;
        std::lock_guard<std::mutex> lock(registryMutex);
        MessageThread::instance();
        messageThreadStarted = true;
        registry.insert(bundle_);
    }

    ~EngineWrap() override {
        // Garbage-collected without close(): close on the message thread, without waiting.
        auto bundle = bundle_;
        MessageThread::instance().post([bundle] {
            bundle->close();
            std::lock_guard<std::mutex> lock(registryMutex);
            registry.erase(bundle);
        });
    }

    const std::shared_ptr<EngineBundle>& bundle() const noexcept { return bundle_; }

private:
    static PluginRef ref(const Napi::CallbackInfo& info, const char* method) {
        return {argInt(info, 0, method, "slot"), argInt(info, 1, method, "index")};
    }

    // load(plugin, slot, insert, position) -> Promise<PluginSummary>
    Napi::Value load(const Napi::CallbackInfo& info) {
        const std::string input = argString(info, 0, "load", "plugin");
        const LoadTarget target{argInt(info, 1, "load", "slot"), argBool(info, 2, "load", "insert"), argInt(info, 3, "load", "position")};
        auto engine = engine_;
        auto loaded = std::make_shared<PluginSummary>();
        return Task::start(info.Env(), [engine, input, target, loaded] {
            PluginSpec spec;
            Status status = parsePluginSpec(input, spec);
            if (status.ok()) status = engine->probe(spec);
            if (status.ok()) status = onMessageThread([&] { return engine->load(spec, target, *loaded); });
            return status;
        }, [loaded](Napi::Env env) { return toJs(env, *loaded); });
    }

    Napi::Value remove(const Napi::CallbackInfo& info) {
        const PluginRef r = ref(info, "remove");
        auto engine = engine_;
        return Task::start(info.Env(), [engine, r] { return onMessageThread([&] { return engine->remove(r); }); }, nullptr);
    }

    Napi::Value move(const Napi::CallbackInfo& info) {
        const int slot = argInt(info, 0, "move", "slot"), from = argInt(info, 1, "move", "from"), to = argInt(info, 2, "move", "to");
        auto engine = engine_;
        return Task::start(info.Env(), [engine, slot, from, to] { return onMessageThread([&] { return engine->move(slot, from, to); }); }, nullptr);
    }

    Napi::Value parameters(const Napi::CallbackInfo& info) {
        const PluginRef r = ref(info, "parameters");
        auto engine = engine_;
        auto list = std::make_shared<std::vector<ParameterInfo>>();
        return Task::start(info.Env(), [engine, r, list] { return onMessageThread([&] { return engine->parameters(r, *list); }); },
                           [list](Napi::Env env) {
                               auto array = Napi::Array::New(env, list->size());
                               for (size_t i = 0; i < list->size(); ++i) array.Set(static_cast<uint32_t>(i), toJs(env, (*list)[i]));
                               return Napi::Value(array);
                           });
    }

    // setParameter(slot, index, nameOrIndex, value, normalised) -> Promise<ParameterInfo>
    Napi::Value setParameter(const Napi::CallbackInfo& info) {
        const PluginRef r = ref(info, "setParameter");
        std::string name;
        int index = -1;
        if (info.Length() > 2 && info[2].IsString()) name = info[2].As<Napi::String>().Utf8Value();
        else index = argInt(info, 2, "setParameter", "parameter");
        if (name.empty() && index < 0) throwIfFailed(info.Env(), Status::error("ERR_UNKNOWN_PARAMETER", "setParameter: parameter index must be >= 0"));
        const double value = argNumber(info, 3, "setParameter", "value");
        const bool normalised = argBool(info, 4, "setParameter", "normalised");
        auto engine = engine_;
        auto updated = std::make_shared<ParameterInfo>();
        return Task::start(info.Env(), [=] { return onMessageThread([&] { return engine->setParameter(r, name, index, value, normalised, *updated); }); },
                           [updated](Napi::Env env) { return toJs(env, *updated); });
    }

    Napi::Value getState(const Napi::CallbackInfo& info) {
        const PluginRef r = ref(info, "getState");
        auto engine = engine_;
        auto state = std::make_shared<std::vector<uint8_t>>();
        return Task::start(info.Env(), [engine, r, state] { return onMessageThread([&] { return engine->getState(r, *state); }); },
                           [state](Napi::Env env) { return Napi::String::New(env, base64Encode(state->data(), state->size())); });
    }

    Napi::Value setState(const Napi::CallbackInfo& info) {
        const PluginRef r = ref(info, "setState");
        const auto decoded = base64Decode(argString(info, 2, "setState", "state"));
        if (!decoded) throwIfFailed(info.Env(), Status::error("ERR_BAD_STATE", "setState: the state is not valid base64"));
        auto engine = engine_;
        auto state = std::make_shared<std::vector<uint8_t>>(*decoded);
        return Task::start(info.Env(), [engine, r, state] { return onMessageThread([&] { return engine->setState(r, *state); }); }, nullptr);
    }

    Napi::Value summary(const Napi::CallbackInfo& info) {
        auto engine = engine_;
        auto out = std::make_shared<EngineSummary>();
        return Task::start(info.Env(), [engine, out] { return onMessageThread([&] { engine->summary(*out); engine->collectGarbage(); return Status::success(); }); },
                           [out](Napi::Env env) { return toJs(env, *out); });
    }

    // render(frames, events, originNs?) -> Promise<Float32Array> (interleaved stereo)
    Napi::Value render(const Napi::CallbackInfo& info) {
        const double frames = argNumber(info, 0, "render", "frames");
        const double maxFrames = engine_->config().sampleRate * 600;
        if (!(frames >= 0 && frames <= maxFrames && std::floor(frames) == frames))
            throwIfFailed(info.Env(), Status::error("ERR_BAD_ARGUMENT", "render: frames must be an integer 0..(10 minutes of audio)"));
        auto events = std::make_shared<std::vector<RenderEvent>>();
        throwIfFailed(info.Env(), parseRenderEvents(info.Length() > 1 ? info[1] : info.Env().Undefined(), *events));
        const int64_t originNs = info.Length() > 2 && info[2].IsNumber() ? static_cast<int64_t>(info[2].As<Napi::Number>().DoubleValue())
                                                                         : Engine::nowNs();
        auto engine = engine_;
        const auto n = static_cast<size_t>(frames);
        auto left = std::make_shared<std::vector<float>>(n), right = std::make_shared<std::vector<float>>(n);
        return Task::start(info.Env(), [=] { return engine->render(static_cast<int64_t>(n), *events, originNs, left->data(), right->data()); },
                           [left, right, n](Napi::Env env) {
                               auto out = Napi::Float32Array::New(env, n * 2);
                               float* data = out.Data();
                               for (size_t i = 0; i < n; ++i) {
                                   data[2 * i] = (*left)[i];
                                   data[2 * i + 1] = (*right)[i];
                               }
                               return Napi::Value(out);
                           });
    }

    Napi::Value close(const Napi::CallbackInfo& info) {
        auto bundle = bundle_;
        return Task::start(info.Env(), [bundle] {
            return onMessageThread([&] {
                bundle->close();
                std::lock_guard<std::mutex> lock(registryMutex);
                registry.erase(bundle);
                return Status::success();
            });
        }, nullptr);
    }

    Napi::Value setGain(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), engine_->setGain(argInt(info, 0, "setGain", "slot"), argNumber(info, 1, "setGain", "gain")));
        return info.Env().Undefined();
    }
    Napi::Value setMute(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), engine_->setMute(argInt(info, 0, "setMute", "slot"), argBool(info, 1, "setMute", "mute")));
        return info.Env().Undefined();
    }
    Napi::Value setSolo(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), engine_->setSolo(argInt(info, 0, "setSolo", "slot"), argBool(info, 1, "setSolo", "solo")));
        return info.Env().Undefined();
    }
    Napi::Value setMasterGain(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), engine_->setMasterGain(argNumber(info, 0, "setMasterGain", "gain")));
        return info.Env().Undefined();
    }
    Napi::Value setRoute(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), engine_->setRoute(argInt(info, 0, "setRoute", "channel"), argInt(info, 1, "setRoute", "slot")));
        return info.Env().Undefined();
    }
    Napi::Value routes(const Napi::CallbackInfo& info) {
        const auto table = engine_->routes();
        auto array = Napi::Array::New(info.Env(), table.size());
        for (size_t i = 0; i < table.size(); ++i) array.Set(static_cast<uint32_t>(i), table[i]);
        return array;
    }
    // sendMidi(bytes, timeNs?) — timeNs on the engine clock (nowNs()); omitted: now.
    Napi::Value sendMidi(const Napi::CallbackInfo& info) {
        std::vector<uint8_t> bytes;
        throwIfFailed(info.Env(), parseMidiBytes(info.Length() > 0 ? info[0] : info.Env().Undefined(), bytes));
        const int64_t time = info.Length() > 1 && info[1].IsNumber() ? static_cast<int64_t>(info[1].As<Napi::Number>().DoubleValue()) : Engine::nowNs();
        throwIfFailed(info.Env(), engine_->sendMidi(bytes.data(), bytes.size(), time));
        return info.Env().Undefined();
    }
    Napi::Value testNote(const Napi::CallbackInfo& info) {
        throwIfFailed(info.Env(), engine_->testNote(argInt(info, 0, "testNote", "slot"), argInt(info, 1, "testNote", "note"),
                                                    argInt(info, 2, "testNote", "velocity"), argNumber(info, 3, "testNote", "durationMs")));
        return info.Env().Undefined();
    }
    Napi::Value setMidiPolicy(const Napi::CallbackInfo& info) {
        const std::string policy = argString(info, 0, "setMidiPolicy", "policy");
        if (policy == "timestamp") engine_->setMidiPolicy(MidiPolicy::timestamp);
        else if (policy == "block-start") engine_->setMidiPolicy(MidiPolicy::blockStart);
        else throwIfFailed(info.Env(), Status::error("ERR_BAD_ARGUMENT", "setMidiPolicy: expected 'timestamp' or 'block-start', got '" + policy + "'"));
        return info.Env().Undefined();
    }
    Napi::Value setMeasuring(const Napi::CallbackInfo& info) {
        engine_->setMeasuring(argBool(info, 0, "setMeasuring", "on"));
        return info.Env().Undefined();
    }
    Napi::Value stats(const Napi::CallbackInfo& info) { return toJs(info.Env(), engine_->stats()); }
    // glibc's figures for the whole process (mallinfo2: walks every arena's free lists under its lock; not for
    // polling): separates memory malloc hands out from memory it holds free and from memory outside malloc.
    Napi::Value mallocStats(const Napi::CallbackInfo& info) {
        const struct mallinfo2 m = ::mallinfo2();
        auto o = Napi::Object::New(info.Env());
        o.Set("inUse", static_cast<double>(m.uordblks + m.hblkhd));
        o.Set("free", static_cast<double>(m.fordblks));
        o.Set("heap", static_cast<double>(m.arena));
        o.Set("mapped", static_cast<double>(m.hblkhd));
        o.Set("mappedBlocks", static_cast<double>(m.hblks));
        return o;
    }
    Napi::Value resetTiming(const Napi::CallbackInfo& info) {
        engine_->resetTiming();
        return info.Env().Undefined();
    }
    // setTempo(bpm): the engine's internal tempo (the wrapper routes through Link instead once Link exists).
    Napi::Value setTempo(const Napi::CallbackInfo& info) {
        const double bpm = argNumber(info, 0, "setTempo", "bpm");
        if (!(bpm >= 20 && bpm <= 999))
            throw toJsError(info.Env(), Status::error("ERR_BAD_VALUE", "setTempo: tempo " + std::to_string(bpm) + " is outside 20..999 BPM"));
        engine_->transport().setTempo(bpm);
        return info.Env().Undefined();
    }
    // setQuantum(beats): beats per bar of the transport (and of Link's phase, set by the wrapper alongside).
    Napi::Value setQuantum(const Napi::CallbackInfo& info) {
        const double beats = argNumber(info, 0, "setQuantum", "beats");
        if (!(beats >= 1 && beats <= 64))
            throw toJsError(info.Env(), Status::error("ERR_BAD_VALUE", "setQuantum: quantum " + std::to_string(beats) + " is outside 1..64 beats"));
        engine_->transport().setQuantum(beats);
        return info.Env().Undefined();
    }
    // transport() -> what the audio thread last handed the plugins (bpm, beat, bar, playing, …)
    Napi::Value transport(const Napi::CallbackInfo& info) { return toJs(info.Env(), engine_->transport().snapshot()); }

    std::shared_ptr<Engine> engine_;
    std::shared_ptr<EngineBundle> bundle_;
};

void shutdownAll() {
    {
        std::lock_guard<std::mutex> lock(registryMutex);
        if (!messageThreadStarted) return;
    }
    shuttingDown.store(true);
    PluginProbe::shutdown();
    // Running operations finish quickly now (probes are killed, the message thread still serves them).
    for (int waited = 0; tasksRunning.load() > 0 && waited < 30000; ++waited) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    MessageThread::instance().shutdown([] {
        std::set<std::shared_ptr<EngineBundle>> bundles;
        {
            std::lock_guard<std::mutex> lock(registryMutex);
            bundles.swap(registry);
        }
        for (const auto& bundle : bundles) bundle->close();
    });
}

}  // namespace

std::shared_ptr<EngineBundle> engineBundle(const Napi::Value& value) {
    if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(engineConstructor.Value())) {
        auto error = Napi::TypeError::New(value.Env(), "Live: argument 'engine' must be a native Engine");
        error.Set("code", Napi::String::New(value.Env(), "ERR_BAD_ARGUMENT"));
        throw error;
    }
    return EngineWrap::Unwrap(value.As<Napi::Object>())->bundle();
}

}  // namespace vcpi

static Napi::Object vcpiInit(Napi::Env env, Napi::Object exports) {
    using namespace vcpi;
    Napi::Function engine = EngineWrap::define(env);
    engineConstructor = Napi::Persistent(engine);
    engineConstructor.SuppressDestruct();
    exports.Set("Engine", engine);
    exports.Set("Live", defineLive(env));
    exports.Set("nowNs", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
        return Napi::Number::New(info.Env(), static_cast<double>(Engine::nowNs()));
    }));
    env.AddCleanupHook(shutdownAll);
    return exports;
}

NODE_API_MODULE(vcpi_engine, vcpiInit)
