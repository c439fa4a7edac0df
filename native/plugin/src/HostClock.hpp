// The shell's one monotonic clock, in µs: the core's nowUs(), the host time of every audio block and of every byte
// from the Arp. std::chrono::steady_clock, the clock the engine's nowNs() reads too, so times agree in one process.
#pragma once

#include <chrono>

namespace vcpi::capture {

// Thread-safe: yes. Realtime-safe: yes (a vDSO clock read).
inline double hostNowUs() noexcept {
    const auto t = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t).count()) * 1e-3;
}

}  // namespace vcpi::capture
