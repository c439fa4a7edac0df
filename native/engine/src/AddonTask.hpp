// Shared by the N-API bindings (addon.cpp, addon_live.cpp): asynchronous operations as Promises, the process's
// engines (closed at Node's environment clean-up), and the engine + live-session pair each JS Engine owns.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include <napi.h>

#include "Engine.hpp"
#include "LiveSession.hpp"
#include "Status.hpp"

namespace vcpi {

// One engine and, once something live was asked for, its live session. Closing closes the live session first
// (it holds the engine's audio role while a device runs), then the engine.
struct EngineBundle {
    std::shared_ptr<Engine> engine;
    std::mutex liveMutex;
    std::unique_ptr<LiveSession> live;  // created on the JS thread by the Live binding; closed, never freed early

    // Thread-safe: no (message thread). Realtime-safe: no.
    void close() {
        {
            std::lock_guard<std::mutex> lock(liveMutex);
            if (live != nullptr) live->close();
        }
        engine->close();
    }
};

// Asynchronous operations running on pool threads, and whether Node is tearing the environment down.
extern std::atomic<int> tasksRunning;
extern std::atomic<bool> shuttingDown;

// Runs fn on the message thread from a pool thread; ERR_CLOSED if that thread is gone.
Status onMessageThread(const std::function<Status()>& fn);

// One asynchronous operation: `work` runs on a libuv pool thread, `result` converts on the JS thread.
class Task : public Napi::AsyncWorker {
public:
    Task(Napi::Env env, std::function<Status()> work, std::function<Napi::Value(Napi::Env)> result);
    static Napi::Promise start(Napi::Env env, std::function<Status()> work, std::function<Napi::Value(Napi::Env)> result);
    void Execute() override;
    void OnOK() override;
    void OnError(const Napi::Error& error) override;

private:
    Napi::Promise::Deferred deferred_;
    std::function<Status()> work_;
    std::function<Napi::Value(Napi::Env)> result_;
    Status status_;
};

void throwIfFailed(Napi::Env env, const Status& status);

// The bundle behind a JS Engine object (throws ERR_BAD_ARGUMENT when it is not one).
std::shared_ptr<EngineBundle> engineBundle(const Napi::Value& value);

// The Live class (addon_live.cpp).
Napi::Function defineLive(Napi::Env env);

}  // namespace vcpi
