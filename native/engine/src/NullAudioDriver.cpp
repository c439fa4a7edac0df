#include "NullAudioDriver.hpp"

#include <time.h>

#include <cmath>

#include "Engine.hpp"

namespace vcpi {

NullAudioDriver::NullAudioDriver(double sampleRate, int bufferSize)
    : sampleRate_(sampleRate), bufferSize_(bufferSize), left_(static_cast<size_t>(bufferSize)), right_(static_cast<size_t>(bufferSize)) {}

NullAudioDriver::~NullAudioDriver() { stop(); }

void NullAudioDriver::start(Callback callback) {
    stop();
    callback_ = std::move(callback);
    quit_.store(false);
    thread_ = std::thread([this] { run(); });
}

void NullAudioDriver::stop() {
    quit_.store(true);
    if (thread_.joinable()) thread_.join();
}

void NullAudioDriver::run() {
    running_.store(true);
    // Deadlines are computed from the start in frames, so rounding never accumulates.
    const int64_t start = Engine::nowNs();
    int64_t frames = 0;
    while (!quit_.load(std::memory_order_relaxed)) {
        const int64_t deadline = start + static_cast<int64_t>(std::llround(static_cast<double>(frames) * 1e9 / sampleRate_));
        timespec ts{static_cast<time_t>(deadline / 1'000'000'000), static_cast<long>(deadline % 1'000'000'000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {}
        callback_(left_.data(), right_.data(), bufferSize_, Engine::nowNs());
        frames += bufferSize_;
    }
    running_.store(false);
}

}  // namespace vcpi
