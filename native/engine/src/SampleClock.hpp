// Maps the monotonic clock (ns) to the engine's sample clock. Each audio callback anchors it: "the block starting
// at sample S is being computed at time T". Offline renders anchor it on a virtual, perfectly regular callback
// clock; a live device (engine part 2) anchors it from its callback times.
#pragma once

#include <cmath>
#include <cstdint>

namespace vcpi {

class SampleClock {
public:
    // Thread-safe: no (audio thread). Realtime-safe: yes.
    void anchor(int64_t timeNs, int64_t sample, double sampleRate) noexcept {
        anchorNs_ = timeNs;
        anchorSample_ = sample;
        sampleRate_ = sampleRate;
    }

    // Thread-safe: no (audio thread). Realtime-safe: yes.
    int64_t sampleAt(int64_t timeNs) const noexcept {
        return anchorSample_ + static_cast<int64_t>(std::llround(static_cast<double>(timeNs - anchorNs_) * sampleRate_ * 1e-9));
    }

private:
    int64_t anchorNs_ = 0;
    int64_t anchorSample_ = 0;
    double sampleRate_ = 48000.0;
};

}  // namespace vcpi
