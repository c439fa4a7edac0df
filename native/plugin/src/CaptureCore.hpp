// The capture core in QuickJS: the bundle evaluated once, `new VintageCapture.VintageCapture(host, sampleRate)`
// with a `host` whose methods are C functions (the PluginHost of capture-plugin/src/plugin/plugin-host.ts), and the
// shell's calls into it. After every call in, the jobs its promises queued are run (async operations continue there)
// and a failure is logged, never thrown. Everything here runs on the JS thread.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "CoreStatus.hpp"
#include "JsRuntime.hpp"
#include "Result.hpp"

namespace vcpi::capture {

class CaptureCore {
public:
    // What the core's host object does (PluginHost): called on the JS thread, from inside the core.
    struct Host {
        // bytes, and the host µs the core stamped the send with (its last nowUs(), read just before: ArpLink.send)
        std::function<void(const uint8_t*, size_t, double fromUs)> sendToArp;
        std::function<void(int id, double atUs)> setTimer;
        std::function<void(int id)> clearTimer;
        std::function<Result(const std::string& name, const uint8_t* bytes, size_t size, std::string& where)> writeFile;
        std::function<void(const std::string&)> log;
    };

    // Thread-safe: no (JS thread, which also destroys it). Realtime-safe: no.
    explicit CaptureCore(Host host);
    ~CaptureCore();
    CaptureCore(const CaptureCore&) = delete;
    CaptureCore& operator=(const CaptureCore&) = delete;

    // (Re)starts the core at a sample rate: a new runtime, the bundle, a new façade; a running core's state (the
    // calibration, the Arp port, the takes) carries over. Timers set before are void. Thread-safe: no. Realtime-safe: no.
    Result start(double sampleRate);
    bool running() const noexcept { return js_ != nullptr; }
    double sampleRate() const noexcept { return sampleRate_; }

    // The façade's inputs and actions (no-ops while not running). Thread-safe: no. Realtime-safe: no.
    void arpBytes(const uint8_t* bytes, size_t size, double hostUs);
    void audioBlock(const float* samples, size_t count, int64_t startSample, double hostUs);
    void midi(const uint8_t* bytes, size_t size, int64_t sample);
    void transport(double bpm, double beatsPerBar, double originSample);
    void timer(int id);
    void calibrate();
    void record(bool on);
    void send();
    void play();
    void abort();

    // State JSON (PluginState), the Arp port name in it. Thread-safe: no. Realtime-safe: no.
    std::string getState();
    void setState(const std::string& json);
    std::string arpPort();
    void setArpPort(const std::string& name);

    // The status, when it changed since the last call. Thread-safe: no. Realtime-safe: no.
    bool takeStatus(CoreStatus& out);
    // The last aligned take (mono audio, the sample position of its bar), when it is new since the last call.
    // Thread-safe: no. Realtime-safe: no.
    bool takeNewTake(std::vector<float>& audio, int64_t& barSample);

private:
    void invoke(const char* method, std::initializer_list<JSValueConst> args, JsValue* out = nullptr);
    JSValue makeHostObject();
    void readStatus(JSValueConst status);
    void stop();

    static JSValue jsNowUs(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);
    static JSValue jsSendToArp(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);
    static JSValue jsSetTimer(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);
    static JSValue jsClearTimer(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);
    static JSValue jsWriteFile(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);
    static JSValue jsLog(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);
    static JSValue onStatus(JSContext* ctx, JSValueConst self, int argc, JSValueConst* argv);

    Host host_;
    std::unique_ptr<JsRuntime> js_;
    JsValue facade_;
    JsValue lastTakeAudio_;
    double sampleRate_ = 0.0;
    bool statusChanged_ = false;
    CoreStatus status_;
    double lastNowUs_ = 0.0;  // the last nowUs() the core read: the send time it records for its next sendToArp
};

}  // namespace vcpi::capture
