// An aligned take, as the audio thread plays it: mono audio whose sample 0 is the performance's time 0, and where
// that belongs on the host's timeline — a bar, as a musical position when the host has a transport (barPpq) and as
// the plugin's own sample position otherwise (barSample).
#pragma once

#include <cstdint>
#include <vector>

namespace vcpi::capture {

struct TakeBuffer {
    std::vector<float> audio;
    int64_t barSample = 0;
    double barPpq = 0.0;
    bool hasBarPpq = false;
};

}  // namespace vcpi::capture
