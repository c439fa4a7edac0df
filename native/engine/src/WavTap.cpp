#include "WavTap.hpp"

#include <chrono>
#include <vector>

#include <juce_audio_formats/juce_audio_formats.h>

namespace vcpi {

namespace {
constexpr int kDrainFrames = 4096;
}

WavTap::WavTap(double sampleRate) : sampleRate_(sampleRate), ring_(static_cast<size_t>(sampleRate * 2)) {}

WavTap::~WavTap() { stop(); }

Status WavTap::start(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (thread_.joinable()) return Status::error("ERR_RECORDING", "record: already recording to " + path_);
    const juce::File file{juce::String(path)};
    if (!juce::File::isAbsolutePath(juce::String(path)))
        return Status::error("ERR_RECORDING", "record: '" + path + "' is not an absolute path");
    file.deleteFile();
    auto stream = std::make_unique<juce::FileOutputStream>(file);
    if (stream->failedToOpen())
        return Status::error("ERR_RECORDING", "record: cannot write " + path + ": " + stream->getStatus().getErrorMessage().toStdString());
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer(wav.createWriterFor(stream.get(), sampleRate_, 2, 32, {}, 0));
    if (writer == nullptr) return Status::error("ERR_RECORDING", "record: JUCE cannot create a WAV writer for " + path);
    stream.release();  // the writer owns it now
    StereoFrame stale;
    while (ring_.pop(stale)) {}
    writer_ = std::move(writer);
    path_ = path;
    frames_.store(0);
    dropped_.store(0);
    quit_.store(false);
    recording_.store(true);
    thread_ = std::thread([this] { run(); });
    return Status::success();
}

RecordingStatus WavTap::stop() {
    std::thread thread;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        recording_.store(false);
        quit_.store(true);
        thread.swap(thread_);
    }
    if (thread.joinable()) thread.join();
    std::lock_guard<std::mutex> lock(mutex_);
    writer_.reset();  // flushes and closes the file
    RecordingStatus s;
    s.path = path_;
    s.frames = frames_.load();
    s.dropped = dropped_.load();
    return s;
}

RecordingStatus WavTap::status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    RecordingStatus s;
    s.recording = recording_.load();
    s.path = path_;
    s.frames = frames_.load();
    s.dropped = dropped_.load();
    return s;
}

void WavTap::push(const float* left, const float* right, int n) noexcept {
    if (!recording_.load(std::memory_order_relaxed)) return;
    for (int i = 0; i < n; ++i)
        if (!ring_.push({left[i], right[i]})) {
            dropped_.fetch_add(static_cast<uint64_t>(n - i), std::memory_order_relaxed);
            return;
        }
}

void WavTap::drain() {
    std::vector<float> left(kDrainFrames), right(kDrainFrames);
    for (;;) {
        int n = 0;
        StereoFrame frame;
        while (n < kDrainFrames && ring_.pop(frame)) {
            left[static_cast<size_t>(n)] = frame.left;
            right[static_cast<size_t>(n)] = frame.right;
            ++n;
        }
        if (n == 0) return;
        const float* channels[2] = {left.data(), right.data()};
        writer_->writeFromFloatArrays(channels, 2, n);
        frames_.fetch_add(static_cast<uint64_t>(n));
    }
}

void WavTap::run() {
    while (!quit_.load()) {
        drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    drain();
}

}  // namespace vcpi
