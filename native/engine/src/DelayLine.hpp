// A fixed stereo delay for latency compensation: a slot whose plugins report less latency than the slowest slot
// is delayed by the difference, so all slots stay sample-aligned.
#pragma once

#include <vector>

namespace vcpi {

class DelayLine {
public:
    // Thread-safe: no (message thread, before the graph is published). Realtime-safe: no (allocates).
    explicit DelayLine(int delaySamples) : delay_(delaySamples), left_(static_cast<size_t>(delaySamples), 0.0f),
                                           right_(static_cast<size_t>(delaySamples), 0.0f) {}

    int delay() const noexcept { return delay_; }

    // Delays left/right in place. Thread-safe: no (audio thread). Realtime-safe: yes.
    void process(float* left, float* right, int n) noexcept {
        if (delay_ == 0) return;
        for (int i = 0; i < n; ++i) {
            const float l = left_[pos_], r = right_[pos_];
            left_[pos_] = left[i];
            right_[pos_] = right[i];
            left[i] = l;
            right[i] = r;
            if (++pos_ == left_.size()) pos_ = 0;
        }
    }

private:
    int delay_;
    std::vector<float> left_, right_;
    size_t pos_ = 0;
};

}  // namespace vcpi
