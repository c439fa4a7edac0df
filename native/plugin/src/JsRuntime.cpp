#include "JsRuntime.hpp"

#include <vector>

namespace vcpi::capture {

JsRuntime::JsRuntime() {
    rt_ = JS_NewRuntime();
    ctx_ = JS_NewContext(rt_);
    JsValue global(ctx_, JS_GetGlobalObject(ctx_));
    float32Ctor_ = JS_GetPropertyStr(ctx_, global.get(), "Float32Array");
    uint8Ctor_ = JS_GetPropertyStr(ctx_, global.get(), "Uint8Array");
}

JsRuntime::~JsRuntime() {
    JS_FreeValue(ctx_, float32Ctor_);
    JS_FreeValue(ctx_, uint8Ctor_);
    JS_FreeContext(ctx_);
    JS_FreeRuntime(rt_);
}

Result JsRuntime::evalScript(const char* source, size_t length, const char* filename) {
    JsValue result(ctx_, JS_Eval(ctx_, source, length, filename, JS_EVAL_TYPE_GLOBAL));
    if (result.isException()) return Result::failure(std::string(filename) + ": " + takeException());
    return runPendingJobs();
}

JsValue JsRuntime::global(const char* name) {
    JsValue global(ctx_, JS_GetGlobalObject(ctx_));
    return {ctx_, JS_GetPropertyStr(ctx_, global.get(), name)};
}

JsValue JsRuntime::property(JSValueConst object, const char* name) {
    return {ctx_, JS_GetPropertyStr(ctx_, object, name)};
}

Result JsRuntime::call(JSValueConst object, const char* method, std::initializer_list<JSValueConst> args, JsValue* out) {
    JsValue fn = property(object, method);
    if (!JS_IsFunction(ctx_, fn.get())) return Result::failure(std::string(method) + ": not a function");
    std::vector<JSValue> argv(args.begin(), args.end());
    JsValue result(ctx_, JS_Call(ctx_, fn.get(), object, static_cast<int>(argv.size()), argv.data()));
    if (result.isException()) return Result::failure(std::string(method) + ": " + takeException());
    if (out != nullptr) *out = std::move(result);
    return Result::success();
}

Result JsRuntime::construct(JSValueConst constructor, std::initializer_list<JSValueConst> args, JsValue& out) {
    std::vector<JSValue> argv(args.begin(), args.end());
    JsValue result(ctx_, JS_CallConstructor(ctx_, constructor, static_cast<int>(argv.size()), argv.data()));
    if (result.isException()) return Result::failure("new: " + takeException());
    out = std::move(result);
    return Result::success();
}

Result JsRuntime::runPendingJobs() {
    Result first;
    for (;;) {
        JSContext* jobCtx = nullptr;
        const int ran = JS_ExecutePendingJob(rt_, &jobCtx);
        if (ran == 0) break;
        if (ran < 0 && first.ok()) first = Result::failure("a promise job failed: " + takeException());
        else if (ran < 0) takeException();
    }
    return first;
}

JsValue JsRuntime::float32Array(const float* data, size_t count) {
    JsValue buffer(ctx_, JS_NewArrayBufferCopy(ctx_, reinterpret_cast<const uint8_t*>(data), count * sizeof(float)));
    JSValue argv[] = {buffer.get()};
    return {ctx_, JS_CallConstructor(ctx_, float32Ctor_, 1, argv)};
}

JsValue JsRuntime::uint8Array(const uint8_t* data, size_t size) {
    JsValue buffer(ctx_, JS_NewArrayBufferCopy(ctx_, data, size));
    JSValue argv[] = {buffer.get()};
    return {ctx_, JS_CallConstructor(ctx_, uint8Ctor_, 1, argv)};
}

bool JsRuntime::typedArrayBytes(JSValueConst value, const uint8_t*& data, size_t& size) {
    size_t offset = 0, length = 0, perElement = 0;
    JsValue buffer(ctx_, JS_GetTypedArrayBuffer(ctx_, value, &offset, &length, &perElement));
    if (buffer.isException()) {
        takeException();
        return false;
    }
    size_t total = 0;
    uint8_t* bytes = JS_GetArrayBuffer(ctx_, &total, buffer.get());
    if (bytes == nullptr || offset + length > total) {
        takeException();
        return false;
    }
    // The ArrayBuffer stays alive as long as the typed array that holds it.
    data = bytes + offset;
    size = length;
    return true;
}

bool JsRuntime::toNumber(JSValueConst value, double& out) {
    if (!JS_IsNumber(value)) return false;
    return JS_ToFloat64(ctx_, &out, value) == 0;
}

std::string JsRuntime::toString(JSValueConst value) {
    size_t length = 0;
    const char* text = JS_ToCStringLen(ctx_, &length, value);
    if (text == nullptr) {
        JS_FreeValue(ctx_, JS_GetException(ctx_));  // not takeException(): it converts with this function
        return {};
    }
    std::string out(text, length);
    JS_FreeCString(ctx_, text);
    return out;
}

JsValue JsRuntime::string(const std::string& text) { return {ctx_, JS_NewStringLen(ctx_, text.data(), text.size())}; }

JsValue JsRuntime::number(double value) { return {ctx_, JS_NewFloat64(ctx_, value)}; }

JsValue JsRuntime::parseJson(const std::string& text, const char* what, Result& result) {
    // JS_ParseJSON needs a terminated buffer: std::string's data() is.
    JsValue value(ctx_, JS_ParseJSON(ctx_, text.c_str(), text.size(), what));
    if (value.isException()) result = Result::failure(std::string(what) + ": " + takeException());
    return value;
}

std::string JsRuntime::stringify(JSValueConst value) {
    JsValue json(ctx_, JS_JSONStringify(ctx_, value, JS_UNDEFINED, JS_UNDEFINED));
    if (json.isException()) return "(" + takeException() + ")";
    if (json.isUndefined()) return "undefined";
    return toString(json.get());
}

std::string JsRuntime::takeException() {
    JsValue exception(ctx_, JS_GetException(ctx_));
    std::string text = toString(exception.get());
    if (JS_IsError(ctx_, exception.get())) {
        JsValue stack = property(exception.get(), "stack");
        if (!stack.isUndefined()) {
            const std::string s = toString(stack.get());
            if (!s.empty()) text += "\n" + s;
        }
    }
    return text;
}

}  // namespace vcpi::capture
