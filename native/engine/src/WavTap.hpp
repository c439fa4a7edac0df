// Records the master output to a WAV file without touching the file system on the audio thread: the audio thread
// pushes frames into a preallocated lock-free ring (drops counted when the writer falls 2 s behind); a writer
// thread drains it every 10 ms into JUCE's WAV writer (32-bit float, stereo). This is what `--output file:x.wav`
// builds on (with the null driver when there is no sound card).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "SpscQueue.hpp"
#include "Status.hpp"

namespace juce {
class AudioFormatWriter;
}

namespace vcpi {

struct StereoFrame {
    float left = 0.0f, right = 0.0f;
};

struct RecordingStatus {
    bool recording = false;
    std::string path;
    uint64_t frames = 0, dropped = 0;
};

class WavTap {
public:
    // Allocates the ring (2 s at sampleRate). Thread-safe: no. Realtime-safe: no.
    explicit WavTap(double sampleRate);
    // Stops a recording (flushing it). Thread-safe: no. Realtime-safe: no.
    ~WavTap();

    // Creates/truncates the file and starts taking frames. ERR_RECORDING (cannot write, already recording).
    // Thread-safe: yes (control threads). Realtime-safe: no.
    Status start(const std::string& path);
    // Stops taking frames, writes what is queued, closes the file. Thread-safe: yes. Realtime-safe: no.
    RecordingStatus stop();
    // Thread-safe: yes. Realtime-safe: no.
    RecordingStatus status() const;

    // The audio thread's side: queues n frames when recording. Thread-safe: no (the audio thread).
    // Realtime-safe: yes.
    void push(const float* left, const float* right, int n) noexcept;

private:
    void run();
    void drain();

    double sampleRate_;
    SpscQueue<StereoFrame> ring_;
    std::atomic<bool> recording_{false}, quit_{false};
    std::atomic<uint64_t> frames_{0}, dropped_{0};
    mutable std::mutex mutex_;
    std::string path_;
    std::unique_ptr<juce::AudioFormatWriter> writer_;  // the writer thread's while recording
    std::thread thread_;
};

}  // namespace vcpi
