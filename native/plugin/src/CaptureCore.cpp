#include "CaptureCore.hpp"

#include <cmath>

#include "EmbeddedScripts.hpp"
#include "HostClock.hpp"

namespace vcpi::capture {

namespace {

CaptureCore& coreOf(JSContext* ctx) { return *static_cast<CaptureCore*>(JS_GetContextOpaque(ctx)); }

double numberOr(JsRuntime& js, JSValueConst object, const char* name, double fallback) {
    JsValue v = js.property(object, name);
    double out = fallback;
    return js.toNumber(v.get(), out) ? out : fallback;
}

std::string stringOf(JsRuntime& js, JSValueConst object, const char* name) {
    JsValue v = js.property(object, name);
    return JS_IsString(v.get()) ? js.toString(v.get()) : std::string();
}

}  // namespace

CaptureCore::CaptureCore(Host host) : host_(std::move(host)) {}

CaptureCore::~CaptureCore() { stop(); }

void CaptureCore::stop() {
    facade_.reset();
    lastTakeAudio_.reset();
    js_.reset();
}

Result CaptureCore::start(double sampleRate) {
    std::string state;
    if (running()) state = getState();
    stop();
    sampleRate_ = sampleRate;
    js_ = std::make_unique<JsRuntime>();
    JSContext* ctx = js_->context();
    JS_SetContextOpaque(ctx, this);
    Result r = js_->evalScript(reinterpret_cast<const char*>(embedded::captureBundle), embedded::captureBundle_size, "vintage-capture.js");
    if (!r.ok()) {
        stop();
        return Result::failure("the capture core did not load: " + r.error);
    }
    JsValue lib = js_->global("VintageCapture");
    JsValue ctor = js_->property(lib.get(), "VintageCapture");
    JsValue host(ctx, makeHostObject());
    JsValue rate = js_->number(sampleRate);
    r = js_->construct(ctor.get(), {host.get(), rate.get()}, facade_);
    if (!r.ok()) {
        stop();
        return Result::failure("the capture core did not start: " + r.error);
    }
    JS_SetPropertyStr(ctx, facade_.get(), "onStatus", JS_NewCFunction(ctx, &CaptureCore::onStatus, "onStatus", 1));
    if (!state.empty()) setState(state);
    JsValue status;
    invoke("getStatus", {}, &status);
    if (!status.isUndefined()) readStatus(status.get());
    return Result::success();
}

JSValue CaptureCore::makeHostObject() {
    JSContext* ctx = js_->context();
    JSValue host = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, host, "nowUs", JS_NewCFunction(ctx, &CaptureCore::jsNowUs, "nowUs", 0));
    JS_SetPropertyStr(ctx, host, "sendToArp", JS_NewCFunction(ctx, &CaptureCore::jsSendToArp, "sendToArp", 1));
    JS_SetPropertyStr(ctx, host, "setTimer", JS_NewCFunction(ctx, &CaptureCore::jsSetTimer, "setTimer", 2));
    JS_SetPropertyStr(ctx, host, "clearTimer", JS_NewCFunction(ctx, &CaptureCore::jsClearTimer, "clearTimer", 1));
    JS_SetPropertyStr(ctx, host, "writeFile", JS_NewCFunction(ctx, &CaptureCore::jsWriteFile, "writeFile", 2));
    JS_SetPropertyStr(ctx, host, "log", JS_NewCFunction(ctx, &CaptureCore::jsLog, "log", 1));
    return host;
}

void CaptureCore::invoke(const char* method, std::initializer_list<JSValueConst> args, JsValue* out) {
    if (!running()) return;
    Result r = js_->call(facade_.get(), method, args, out);
    if (!r.ok()) host_.log("VintageCapture: " + r.error);
    r = js_->runPendingJobs();
    if (!r.ok()) host_.log("VintageCapture: after " + std::string(method) + ": " + r.error);
}

// --- inputs and actions ------------------------------------------------------------------------------------------

void CaptureCore::arpBytes(const uint8_t* bytes, size_t size, double hostUs) {
    if (!running()) return;
    JsValue data = js_->uint8Array(bytes, size);
    JsValue t = js_->number(hostUs);
    invoke("arpBytes", {data.get(), t.get()});
}

void CaptureCore::audioBlock(const float* samples, size_t count, int64_t startSample, double hostUs) {
    if (!running()) return;
    JsValue block = js_->float32Array(samples, count);
    JsValue start = js_->number(static_cast<double>(startSample));
    JsValue t = js_->number(hostUs);
    invoke("audioBlock", {block.get(), start.get(), t.get()});
}

void CaptureCore::midi(const uint8_t* bytes, size_t size, int64_t sample) {
    if (!running()) return;
    JsValue data = js_->uint8Array(bytes, size);
    JsValue at = js_->number(static_cast<double>(sample));
    invoke("midi", {data.get(), at.get()});
}

void CaptureCore::transport(double bpm, double beatsPerBar, double originSample) {
    if (!running()) return;
    JsValue a = js_->number(bpm), b = js_->number(beatsPerBar), c = js_->number(originSample);
    invoke("transport", {a.get(), b.get(), c.get()});
}

void CaptureCore::timer(int id) {
    if (!running()) return;
    JsValue v = js_->number(id);
    invoke("timer", {v.get()});
}

void CaptureCore::calibrate() { invoke("calibrate", {}); }

void CaptureCore::record(bool on) {
    if (!running()) return;
    JsValue v(js_->context(), JS_NewBool(js_->context(), on));
    invoke("record", {v.get()});
}

void CaptureCore::send() { invoke("send", {}); }

void CaptureCore::play() { invoke("play", {}); }

void CaptureCore::abort() { invoke("abort", {}); }

std::string CaptureCore::getState() {
    JsValue out;
    invoke("getState", {}, &out);
    return JS_IsString(out.get()) ? js_->toString(out.get()) : std::string();
}

void CaptureCore::setState(const std::string& json) {
    if (!running()) return;
    JsValue v = js_->string(json);
    invoke("setState", {v.get()});
}

std::string CaptureCore::arpPort() { return running() ? stringOf(*js_, facade_.get(), "arpPort") : std::string(); }

void CaptureCore::setArpPort(const std::string& name) {
    if (!running()) return;
    JS_SetPropertyStr(js_->context(), facade_.get(), "arpPort", JS_NewStringLen(js_->context(), name.data(), name.size()));
}

// --- outputs -----------------------------------------------------------------------------------------------------

bool CaptureCore::takeStatus(CoreStatus& out) {
    if (!statusChanged_) return false;
    statusChanged_ = false;
    out = status_;
    return true;
}

bool CaptureCore::takeNewTake(std::vector<float>& audio, int64_t& barSample) {
    JsValue take;
    invoke("takeAudio", {}, &take);
    if (!JS_IsObject(take.get())) return false;
    JsValue samples = js_->property(take.get(), "audio");
    if (JS_VALUE_GET_PTR(samples.get()) == JS_VALUE_GET_PTR(lastTakeAudio_.get())) return false;
    const uint8_t* bytes = nullptr;
    size_t size = 0;
    if (!js_->typedArrayBytes(samples.get(), bytes, size)) {
        host_.log("VintageCapture: takeAudio() returned audio that is not a Float32Array");
        return false;
    }
    audio.resize(size / sizeof(float));
    std::copy(bytes, bytes + audio.size() * sizeof(float), reinterpret_cast<uint8_t*>(audio.data()));
    barSample = static_cast<int64_t>(std::llround(numberOr(*js_, take.get(), "barSample", 0.0)));
    lastTakeAudio_ = std::move(samples);  // held, so its address cannot be reused by a later take
    return true;
}

void CaptureCore::readStatus(JSValueConst s) {
    JsRuntime& js = *js_;
    CoreStatus st;
    st.mode = stringOf(js, s, "mode");
    st.message = stringOf(js, s, "message");
    st.progress = numberOr(js, s, "progress", 0.0);
    JsValue calibrated = js.property(s, "calibrated");
    st.calibrated = JS_ToBool(js.context(), calibrated.get()) == 1;
    const double nan = std::nan("");
    st.latencyMs = numberOr(js, s, "latencyMs", nan);
    st.driftPpm = numberOr(js, s, "driftPpm", nan);
    st.takeErrorMs = numberOr(js, s, "takeErrorMs", nan);
    JsValue error = js.property(s, "error");
    if (JS_IsObject(error.get())) {
        st.errorCode = stringOf(js, error.get(), "code");
        st.errorMessage = stringOf(js, error.get(), "message");
        st.errorHint = stringOf(js, error.get(), "hint");
    }
    JsValue takes = js.property(s, "takes");
    const double count = numberOr(js, takes.get(), "length", 0.0);
    for (uint32_t i = 0; i < static_cast<uint32_t>(count); ++i) {
        JsValue t(js.context(), JS_GetPropertyUint32(js.context(), takes.get(), i));
        if (JS_IsString(t.get())) st.takes.push_back(js.toString(t.get()));
    }
    status_ = std::move(st);
    statusChanged_ = true;
}

// --- the host object's functions (PluginHost) ---------------------------------------------------------------------

JSValue CaptureCore::jsNowUs(JSContext* ctx, JSValueConst, int, JSValueConst*) {
    const double now = hostNowUs();
    coreOf(ctx).lastNowUs_ = now;
    return JS_NewFloat64(ctx, now);
}

JSValue CaptureCore::jsSendToArp(JSContext* ctx, JSValueConst, int argc, JSValueConst* argv) {
    CaptureCore& self = coreOf(ctx);
    const uint8_t* bytes = nullptr;
    size_t size = 0;
    if (argc < 1 || !self.js_->typedArrayBytes(argv[0], bytes, size)) return JS_ThrowTypeError(ctx, "sendToArp: expects a Uint8Array");
    // The core records a send at the nowUs() it read just before this call (ArpLink.send): the port times the bytes
    // from that reading, so the recorded time plus the port's fixed delay is when they are on the wire. A reading
    // older than kSendStampUs is not this send's: then from now.
    constexpr double kSendStampUs = 500.0;
    const double now = hostNowUs();
    self.host_.sendToArp(bytes, size, now - self.lastNowUs_ <= kSendStampUs ? self.lastNowUs_ : now);
    return JS_UNDEFINED;
}

JSValue CaptureCore::jsSetTimer(JSContext* ctx, JSValueConst, int argc, JSValueConst* argv) {
    int32_t id = 0;
    double at = 0.0;
    if (argc < 2 || JS_ToInt32(ctx, &id, argv[0]) != 0 || JS_ToFloat64(ctx, &at, argv[1]) != 0 || !std::isfinite(at))
        return JS_ThrowTypeError(ctx, "setTimer: expects (id, atUs) with a finite time");
    coreOf(ctx).host_.setTimer(id, at);
    return JS_UNDEFINED;
}

JSValue CaptureCore::jsClearTimer(JSContext* ctx, JSValueConst, int argc, JSValueConst* argv) {
    int32_t id = 0;
    if (argc < 1 || JS_ToInt32(ctx, &id, argv[0]) != 0) return JS_ThrowTypeError(ctx, "clearTimer: expects an id");
    coreOf(ctx).host_.clearTimer(id);
    return JS_UNDEFINED;
}

JSValue CaptureCore::jsWriteFile(JSContext* ctx, JSValueConst, int argc, JSValueConst* argv) {
    CaptureCore& self = coreOf(ctx);
    const uint8_t* bytes = nullptr;
    size_t size = 0;
    if (argc < 2 || !JS_IsString(argv[0]) || !self.js_->typedArrayBytes(argv[1], bytes, size))
        return JS_ThrowTypeError(ctx, "writeFile: expects (name, Uint8Array)");
    std::string where;
    const Result r = self.host_.writeFile(self.js_->toString(argv[0]), bytes, size, where);
    if (!r.ok()) return JS_ThrowInternalError(ctx, "%s", r.error.c_str());
    return JS_NewStringLen(ctx, where.data(), where.size());
}

JSValue CaptureCore::jsLog(JSContext* ctx, JSValueConst, int argc, JSValueConst* argv) {
    CaptureCore& self = coreOf(ctx);
    if (argc >= 1) self.host_.log(self.js_->toString(argv[0]));
    return JS_UNDEFINED;
}

JSValue CaptureCore::onStatus(JSContext* ctx, JSValueConst, int argc, JSValueConst* argv) {
    if (argc >= 1 && JS_IsObject(argv[0])) coreOf(ctx).readStatus(argv[0]);
    return JS_UNDEFINED;
}

}  // namespace vcpi::capture
