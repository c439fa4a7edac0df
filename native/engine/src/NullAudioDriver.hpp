// Runs the engine in real time without a sound card (`--output none`, or a WAV file tap): a thread that wakes
// every period on an absolute CLOCK_MONOTONIC deadline (SCHED_FIFO when allowed) and calls the same callback a
// device would, with silent inputs and stereo outputs nobody hears.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace vcpi {

class NullAudioDriver {
public:
    // (outputs L/R, frames, wake-up time ns). Called on the driver's thread.
    using Callback = std::function<void(float* left, float* right, int frames, int64_t wakeNs)>;

    // Thread-safe: no. Realtime-safe: no.
    NullAudioDriver(double sampleRate, int bufferSize);
    // Stops. Thread-safe: no. Realtime-safe: no.
    ~NullAudioDriver();

    // Starts the thread. Thread-safe: no (the owner's thread). Realtime-safe: no.
    void start(Callback callback);
    // Stops and joins it. Thread-safe: no (the owner's thread). Realtime-safe: no.
    void stop();
    // Thread-safe: yes. Realtime-safe: yes.
    bool running() const noexcept { return running_.load(); }

private:
    void run();

    double sampleRate_;
    int bufferSize_;
    Callback callback_;
    std::vector<float> left_, right_;
    std::atomic<bool> quit_{false}, running_{false};
    std::thread thread_;
};

}  // namespace vcpi
