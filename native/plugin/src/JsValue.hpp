// An owned QuickJS value: freed when it goes out of scope, so no path through the shell leaks a reference (QuickJS
// counts references; a leaked one keeps objects alive until the runtime is freed).
#pragma once

#include <utility>

#include "quickjs.h"

namespace vcpi::capture {

class JsValue {
public:
    JsValue() = default;
    // Takes ownership of `value` (a reference returned by a QuickJS call).
    JsValue(JSContext* ctx, JSValue value) noexcept : ctx_(ctx), value_(value) {}
    ~JsValue() { reset(); }

    JsValue(JsValue&& other) noexcept : ctx_(other.ctx_), value_(std::exchange(other.value_, JS_UNDEFINED)) {}
    JsValue& operator=(JsValue&& other) noexcept {
        if (this != &other) {
            reset();
            ctx_ = other.ctx_;
            value_ = std::exchange(other.value_, JS_UNDEFINED);
        }
        return *this;
    }
    JsValue(const JsValue&) = delete;
    JsValue& operator=(const JsValue&) = delete;

    // A new owned reference to a borrowed value.
    static JsValue dup(JSContext* ctx, JSValueConst value) { return {ctx, JS_DupValue(ctx, value)}; }

    JSValueConst get() const noexcept { return value_; }
    // Gives up ownership (for QuickJS calls that take it, such as JS_SetPropertyStr).
    JSValue release() noexcept { return std::exchange(value_, JS_UNDEFINED); }
    bool isException() const noexcept { return JS_IsException(value_); }
    bool isUndefined() const noexcept { return JS_IsUndefined(value_); }

    void reset() noexcept {
        if (ctx_ != nullptr) JS_FreeValue(ctx_, std::exchange(value_, JS_UNDEFINED));
    }

private:
    JSContext* ctx_ = nullptr;
    JSValue value_ = JS_UNDEFINED;
};

}  // namespace vcpi::capture
