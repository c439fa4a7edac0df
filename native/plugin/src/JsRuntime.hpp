// One QuickJS runtime and context, and the conversions the shell needs (typed arrays, strings, JSON, calls that
// report exceptions as Results). The capture core's bundle is evaluated into it as a global script.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "JsValue.hpp"
#include "Result.hpp"
#include "quickjs.h"

namespace vcpi::capture {

class JsRuntime {
public:
    // Every method, the constructor and the destructor included, runs on one thread: QuickJS is single-threaded and
    // records the creating thread's stack for its overflow check.
    // Thread-safe: no. Realtime-safe: no.
    JsRuntime();
    ~JsRuntime();
    JsRuntime(const JsRuntime&) = delete;
    JsRuntime& operator=(const JsRuntime&) = delete;

    JSContext* context() const noexcept { return ctx_; }

    // Evaluates a script in the global scope. `source[length]` must be '\0' (QuickJS requires it).
    // Thread-safe: no. Realtime-safe: no.
    Result evalScript(const char* source, size_t length, const char* filename);

    // globalThis[name], obj[name]. Thread-safe: no. Realtime-safe: no.
    JsValue global(const char* name);
    JsValue property(JSValueConst object, const char* name);

    // obj[method](...args); `out` (optional) receives the return value. A thrown exception becomes the Result's
    // message ("<method>: <Error text and stack>"). Thread-safe: no. Realtime-safe: no.
    Result call(JSValueConst object, const char* method, std::initializer_list<JSValueConst> args, JsValue* out = nullptr);
    Result construct(JSValueConst constructor, std::initializer_list<JSValueConst> args, JsValue& out);

    // Runs the jobs promises queued (async functions continue here). Returns the first job's failure, if any, after
    // running every job. Thread-safe: no. Realtime-safe: no.
    Result runPendingJobs();

    // Typed arrays over copies of the data. Thread-safe: no. Realtime-safe: no.
    JsValue float32Array(const float* data, size_t count);
    JsValue uint8Array(const uint8_t* data, size_t size);

    // The bytes a typed array views (valid while the array lives and is not detached). False when `value` is not a
    // typed array. Thread-safe: no. Realtime-safe: no.
    bool typedArrayBytes(JSValueConst value, const uint8_t*& data, size_t& size);

    // Thread-safe: no. Realtime-safe: no.
    bool toNumber(JSValueConst value, double& out);
    std::string toString(JSValueConst value);
    JsValue string(const std::string& text);
    JsValue number(double value);
    JsValue parseJson(const std::string& text, const char* what, Result& result);
    std::string stringify(JSValueConst value);

    // The pending exception as text (message and stack), cleared. Thread-safe: no. Realtime-safe: no.
    std::string takeException();

private:
    JSRuntime* rt_ = nullptr;
    JSContext* ctx_ = nullptr;
    JSValue float32Ctor_ = JS_UNDEFINED;
    JSValue uint8Ctor_ = JS_UNDEFINED;
};

}  // namespace vcpi::capture
