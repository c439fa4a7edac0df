// Smooths the times at which a live device calls back into a clean line "block k starts at time T_k", with a
// second-order delay-locked loop (F. Adriaensen, "Using a DLL to filter time", LAC 2005). A device's callbacks
// jitter by the scheduler's wake-up latency (tens to hundreds of µs); anchoring the MIDI scheduler's sample clock
// on raw callback times would move every placed event by that jitter. The filtered line tracks the device's real
// period (its crystal, not the nominal rate) and is re-seeded after a discontinuity (an xrun, a restart).
#pragma once

#include <cmath>
#include <cstdint>

namespace vcpi {

class CallbackClock {
public:
    // nominalFrameNs: 1e9 / the nominal sample rate; periodFrames: the usual callback size; bandwidthHz: how fast
    // the loop follows (lower: smoother). Thread-safe: no. Realtime-safe: yes.
    void reset(double nominalFrameNs, int periodFrames, double bandwidthHz = 1.0) noexcept {
        nominalFrame_ = nominalFrameNs;
        nominal_ = nominalFrameNs * periodFrames;
        const double omega = 2.0 * M_PI * bandwidthHz * nominal_ * 1e-9;
        b_ = std::sqrt(2.0) * omega;
        c_ = omega * omega;
        started_ = false;
        resets_ = 0;
    }

    // Feeds the raw time of a callback of `frames` frames; returns the filtered time of its first frame. A raw
    // time off the line by more than `resyncPeriods` periods re-seeds the loop there.
    // Thread-safe: no (the audio thread). Realtime-safe: yes.
    int64_t update(int64_t rawNs, int frames, double resyncPeriods = 2.0) noexcept {
        if (!started_) return seed(rawNs, frames);
        const double error = static_cast<double>(rawNs - base_) - t1_;
        if (std::fabs(error) > resyncPeriods * nominal_) {
            ++resets_;
            return seed(rawNs, frames);
        }
        t0_ = t1_;
        t1_ += b_ * error + frameNs_ * frames;
        frameNs_ += c_ * error / frames;
        return base_ + static_cast<int64_t>(std::llround(t0_));
    }

    // The loop's current estimate of one frame's duration (ns). Thread-safe: no. Realtime-safe: yes.
    double frameNs() const noexcept { return frameNs_; }
    // How often the loop was re-seeded after a discontinuity. Thread-safe: no. Realtime-safe: yes.
    uint64_t resyncs() const noexcept { return resets_; }

private:
    int64_t seed(int64_t rawNs, int frames) noexcept {
        // Times are kept relative to a base so doubles hold them to well under a nanosecond.
        base_ = rawNs;
        frameNs_ = nominalFrame_;
        t0_ = 0.0;
        t1_ = frameNs_ * frames;
        started_ = true;
        return rawNs;
    }

    double nominalFrame_ = 0.0, nominal_ = 0.0, b_ = 0.0, c_ = 0.0;
    double t0_ = 0.0, t1_ = 0.0, frameNs_ = 0.0;
    int64_t base_ = 0;
    bool started_ = false;
    uint64_t resets_ = 0;
};

}  // namespace vcpi
