// Drives the engine from a live audio device: JACK or ALSA through JUCE's device types, or the null driver (no
// sound card). Opens by type and index or name substring at the engine's sample rate, runs processBlock() from the
// device callback with the block's time smoothed by a DLL (CallbackClock) so MIDI placement has no jitter, feeds
// routed device inputs to slots, reads Link in the callback at the time the block is heard, taps the master to a
// WAV file, and measures callback time, load and xruns. When a JACK server goes away the status says so and a
// timer on the message thread reopens the device when it returns.
//
// JUCE's device types are used directly rather than through AudioDeviceManager: the manager takes a lock around
// every callback and hides why an open failed; here each type's own error text is kept.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <juce_audio_devices/juce_audio_devices.h>

#include "CallbackClock.hpp"
#include "NullAudioDriver.hpp"
#include "Status.hpp"
#include "ThreadPriority.hpp"
#include "WavTap.hpp"

typedef struct _jack_client jack_client_t;

namespace vcpi {

class Engine;
class LinkSession;

struct AudioDeviceInfo {
    std::string type;        // "jack", "alsa", "null"
    std::string name;
    int index = 0;           // in the combined list, as "open by index" uses it
    int inputs = 0, outputs = 0;
    std::vector<double> sampleRates;
    std::vector<int> bufferSizes;
};

struct AudioRequest {
    std::string type;        // "jack", "alsa", "null"; empty: JACK, then ALSA
    std::string device;      // name substring; empty with index < 0: the type's first device
    int index = -1;          // in the combined list
    int bufferSize = 0;      // 0: the engine's block size (JACK uses the server's)
    int inputs = 2;          // at most this many device inputs
};

struct AudioStatus {
    std::string type, device, error, warning, priority;
    double sampleRate = 0.0;
    int bufferSize = 0, inputs = 0, outputs = 0, outputLatency = 0, inputLatency = 0;
    bool running = false;        // callbacks are coming
    bool wanted = false;         // started and not stopped
    bool serverGone = false;     // the device went away (JACK server stopped); reopening is being tried
    bool realtime = false;
    uint64_t callbacks = 0, xruns = 0, deviceXruns = 0, callbackGaps = 0, recoveries = 0, clockResyncs = 0;
    double loadPercent = 0.0, callbackMeanUs = 0.0, callbackMaxUs = 0.0, periodUs = 0.0;
    // When things happened (Engine::nowNs(), 0: not yet), to time-correlate them with control traffic: the last late
    // callback and its gap, the longest callback since resetPeaks(), the server's last xrun notice (JACK only).
    int64_t lateCallbackAtNs = 0, callbackMaxAtNs = 0, jackXrunAtNs = 0;
    double lateCallbackGapUs = 0.0;
    int threadId = 0;            // the audio thread's kernel thread id (0 before the first callback)
};

class LiveAudio : private juce::AudioIODeviceCallback {
public:
    // Thread-safe: no. Realtime-safe: no. link may be null (no Link reading in the callback).
    LiveAudio(Engine& engine, LinkSession* link);
    // Stops. Thread-safe: no (message thread). Realtime-safe: no.
    ~LiveAudio() override;

    // Devices of each type. Thread-safe: no (message thread). Realtime-safe: no.
    std::vector<AudioDeviceInfo> list();
    // Opens and starts a device (stopping a running one first). ERR_AUDIO_DEVICE (what was tried and why, what to
    // try), ERR_AUDIO_SAMPLE_RATE, ERR_BUSY (a render holds the engine). Thread-safe: no (message thread).
    // Realtime-safe: no.
    Status start(const AudioRequest& request, AudioStatus& opened);
    // Stops and closes the device. Thread-safe: no (message thread). Realtime-safe: no.
    void stop();
    // Thread-safe: yes. Realtime-safe: no.
    AudioStatus status() const;
    // Resets the max callback time and the load average. Thread-safe: yes. Realtime-safe: yes.
    void resetPeaks() noexcept;
    // The master output's WAV tap. Thread-safe: yes. Realtime-safe: no.
    WavTap& tap() noexcept { return tap_; }
    // Sets the LinkSession the callback reads (null: none). Thread-safe: yes. Realtime-safe: yes.
    void setLink(LinkSession* link) noexcept { link_.store(link); }

private:
    class Supervisor;

    void audioDeviceIOCallbackWithContext(const float* const* inputs, int numInputs, float* const* outputs, int numOutputs,
                                          int numSamples, const juce::AudioIODeviceCallbackContext& context) override;
    void audioDeviceAboutToStart(juce::AudioIODevice* device) override;
    void audioDeviceStopped() override;
    void audioDeviceError(const juce::String& message) override;

    void process(const float* const* inputs, int numInputs, float* left, float* right, int n, int64_t rawNs) noexcept;
    Status openDevice(const AudioRequest& request, std::string& tried);
    Status openJuce(const std::string& type, const AudioRequest& request, std::string& tried);
    void closeDevice();
    // Every 500 ms (the Supervisor timer): frees graphs the audio thread handed back, reopens a device that went away.
    // Thread-safe: no (message thread). Realtime-safe: no.
    void supervise();
    void beginRun(double sampleRate, int bufferSize);

    Engine& engine_;
    std::atomic<LinkSession*> link_;
    WavTap tap_;
    std::unique_ptr<juce::AudioIODeviceType> jackType_, alsaType_;
    std::unique_ptr<juce::AudioIODevice> device_;
    std::unique_ptr<NullAudioDriver> nullDriver_;
    std::unique_ptr<Supervisor> supervisor_;
    AudioRequest request_;
    bool holdsRole_ = false;

    mutable std::mutex infoMutex_;  // strings and sizes, written on the message thread
    AudioStatus info_;

    // audio-thread state
    CallbackClock clock_;
    std::vector<float> scratchL_, scratchR_;
    std::vector<const float*> inputPointers_;
    int64_t lastRawNs_ = 0;
    std::atomic<double> periodNs_{0.0};
    bool firstCallback_ = true;

    std::atomic<bool> running_{false}, wanted_{false}, stopping_{false}, serverGone_{false};
    std::atomic<int> schedPolicy_{0}, schedPriority_{0}, schedError_{0};
    std::atomic<bool> schedKnown_{false};
    std::atomic<uint64_t> callbacks_{0}, gaps_{0}, deviceXruns_{0}, recoveries_{0}, resyncs_{0};
    std::atomic<int64_t> callbackMaxNs_{0}, callbackSumNs_{0}, callbackCount_{0};
    std::atomic<int64_t> callbackMaxAtNs_{0}, lateAtNs_{0}, lateGapNs_{0};
    std::atomic<int> threadId_{0};
    std::atomic<double> load_{0.0};
    std::atomic<juce::AudioIODevice*> liveDevice_{nullptr};
    std::atomic<int64_t> outputLatencyNs_{0}, lastCallbackNs_{0};
    // On a JACK device: a client of that server (JackWatch's) whose cycle times anchor the blocks; nullptr: the DLL.
    std::atomic<jack_client_t*> jackTimes_{nullptr};
};

}  // namespace vcpi
