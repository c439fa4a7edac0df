// The JS side of control MIDI (N-API): the dispatcher thread calls deliver(), which queues a batch on a
// thread-safe function without blocking (a full queue refuses it; the dispatcher counts the drop); the JS thread
// sets and clears the handler. While a handler is set and a control-capable input is open, it keeps Node running.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <napi.h>

#include "ControlDispatcher.hpp"

namespace vcpi {

constexpr size_t kJsQueueBatches = 256;

// The JS side of control MIDI. The dispatcher thread calls deliver(); the JS thread sets/clears the handler.
struct ControlBridge {
    std::mutex mutex;
    Napi::ThreadSafeFunction tsfn;
    bool active = false;
    bool referenced = false;

    static void callJs(Napi::Env env, Napi::Function callback, std::vector<ControlMessage>* batch) {
        std::unique_ptr<std::vector<ControlMessage>> owned(batch);
        if (env == nullptr || callback.IsEmpty()) return;
        auto array = Napi::Array::New(env, owned->size());
        for (size_t i = 0; i < owned->size(); ++i) {
            const ControlMessage& m = (*owned)[i];
            auto o = Napi::Object::New(env);
            o.Set("port", m.port);
            o.Set("timeNs", static_cast<double>(m.timeNs));
            auto bytes = Napi::Uint8Array::New(env, m.bytes.size());
            std::copy(m.bytes.begin(), m.bytes.end(), bytes.Data());
            o.Set("bytes", bytes);
            array.Set(static_cast<uint32_t>(i), o);
        }
        callback.Call({array});
    }

    bool deliver(std::vector<ControlMessage>&& batch) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!active) return false;
        auto* data = new std::vector<ControlMessage>(std::move(batch));
        if (tsfn.NonBlockingCall(data, callJs) != napi_ok) {
            delete data;
            return false;
        }
        return true;
    }

    // JS thread.
    void set(Napi::Env env, const Napi::Value& handler, bool keepAlive) {
        clear();
        if (!handler.IsFunction()) return;
        std::lock_guard<std::mutex> lock(mutex);
        tsfn = Napi::ThreadSafeFunction::New(env, handler.As<Napi::Function>(), "vcpi-control-midi", kJsQueueBatches, 1, this,
                                             [](Napi::Env, ControlBridge* self) {
                                                 // Node finalised it (environment teardown): never call it again.
                                                 std::lock_guard<std::mutex> inner(self->mutex);
                                                 self->active = false;
                                             });
        active = true;
        referenced = keepAlive;
        if (!keepAlive) tsfn.Unref(env);
    }

    // JS thread: the handler keeps Node running only while a control-capable input is open.
    void setKeepAlive(Napi::Env env, bool on) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!active || on == referenced) return;
        if (on) tsfn.Ref(env);
        else tsfn.Unref(env);
        referenced = on;
    }

    // JS thread.
    void clear() {
        std::lock_guard<std::mutex> lock(mutex);
        if (!active) return;
        active = false;
        tsfn.Release();
    }
};

}  // namespace vcpi
