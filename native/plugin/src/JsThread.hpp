// The JS thread: the one non-real-time thread that runs the capture core (QuickJS) and the Arp's port. It drains the
// audio thread's queues (input audio, MIDI, transport, actions) and the Arp's, fires the core's timers, polls the
// Arp's port once a second, and publishes what the core produces: the status (parameters, editor), the state (for
// the host) and the aligned take (to the audio thread). Other threads reach it only by posting tasks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ArpPort.hpp"
#include "Bridge.hpp"
#include "CaptureCore.hpp"
#include "CaptureParameters.hpp"
#include "StatusBoard.hpp"
#include "TakeFolder.hpp"
#include "TakeSlot.hpp"

namespace vcpi::capture {

class JsThread {
public:
    // `parameterChanged` is called (on the JS thread) for each parameter it wrote a new value into.
    // Thread-safe: no (the processor's constructor). Realtime-safe: no.
    JsThread(Bridge& bridge, TakeSlot& takes, const CaptureParameters& parameters, StatusBoard& board,
             std::function<void(juce::AudioProcessorParameter&)> parameterChanged);
    // Stops and joins the thread. Thread-safe: no (the processor's destructor). Realtime-safe: no.
    ~JsThread();
    JsThread(const JsThread&) = delete;
    JsThread& operator=(const JsThread&) = delete;

    // Starts the thread and the core at a provisional sample rate. Thread-safe: no. Realtime-safe: no.
    void start(double sampleRate);

    // Restarts the core when the sample rate changes (its state carries over). Returns at once.
    // Thread-safe: yes. Realtime-safe: no.
    void configure(double sampleRate);

    // The core's state JSON. Waits for the JS thread up to `timeout`; when it is busy longer (aligning a long take),
    // the state as of its last change. Thread-safe: yes (not from the JS thread). Realtime-safe: no.
    std::string getState(std::chrono::milliseconds timeout);
    // Restores a state; waits up to `timeout` for it to be applied (it is applied later otherwise, in order).
    // Thread-safe: yes (not from the JS thread). Realtime-safe: no.
    void setState(const std::string& json, std::chrono::milliseconds timeout);

private:
    void run(double sampleRate);
    void post(std::function<void()> task);
    void runTasks();
    void startCore(double sampleRate);
    void drainAudio();
    void flushAudio();
    void drainEvents();
    void handle(const ActionItem& action);
    void fireTimers();
    void pollArp(bool search);
    void publish();
    void log(const std::string& line);
    void setParameter(juce::AudioParameterBool* parameter, bool value);
    double nextWakeUs() const;

    Bridge& bridge_;
    TakeSlot& takes_;
    const CaptureParameters& parameters_;
    StatusBoard& board_;
    std::function<void(juce::AudioProcessorParameter&)> parameterChanged_;

    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::string cachedState_;  // guarded by mutex_

    // JS thread only:
    std::unique_ptr<CaptureCore> core_;
    std::unique_ptr<ArpPort> arp_;
    TakeFolder folder_;
    std::map<int, double> timers_;  // id → host µs
    std::vector<float> staging_;    // input audio gathered into one audioBlock() call
    int64_t stagingStart_ = 0;
    double stagingHostUs_ = 0.0;
    bool haveTransport_ = false;
    TransportItem transport_{};
    // The Arp's port is left alone until half a second after the host prepares the plugin to play: a plugin only
    // scanned, probed (loaded, prepared, unloaded) or asked for its LV2 description sends nothing to MIDI devices.
    bool arpActive_ = false;
    double nextArpPollUs_ = 0.0;
    std::string arpFromEnvironment_;
    bool arpOff_ = false;
    CoreStatus status_;
    bool logToStderr_ = false;
};

}  // namespace vcpi::capture
