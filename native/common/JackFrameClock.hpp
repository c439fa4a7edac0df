// JACK's frame ↔ time map for the current process cycle, on the clock of Engine::nowNs() and the plugin's hostNowUs()
// (std::chrono::steady_clock = CLOCK_MONOTONIC). JACK2 counts its cycle times in CLOCK_MONOTONIC_RAW microseconds
// (jack_get_cycle_times: the DLL-filtered start of this cycle and of the next); frame f of the cycle is at
// startNs + f × nsPerFrame. Every client of one server reads the same map, so a message written at frame f by one
// client is stamped with the same time by the client that reads it. Shared by the engine's JACK MIDI ports and the
// VintageCapture plugin's Arp port (JackMidiInput, JackMidiSender).
#pragma once

#include <jack/jack.h>
#include <time.h>

#include <cstdint>

namespace vcpi {

struct JackCycle {
    int64_t startNs = 0;      // frame 0 of this cycle, steady-clock ns
    int64_t endNs = 0;        // frame 0 of the next cycle
    double nsPerFrame = 0.0;  // from JACK's filtered period, not the nominal rate

    // Steady-clock ns of frame `frame` of this cycle. Thread-safe: yes. Realtime-safe: yes.
    int64_t timeOf(jack_nframes_t frame) const noexcept { return startNs + static_cast<int64_t>(frame * nsPerFrame); }
};

// CLOCK_MONOTONIC − CLOCK_MONOTONIC_RAW now, ns (they drift apart by NTP's slew: read it every cycle).
// Thread-safe: yes. Realtime-safe: yes (two vDSO clock reads).
inline int64_t monotonicMinusRawNs() noexcept {
    timespec mono{}, raw{};
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_MONOTONIC_RAW, &raw);
    return (static_cast<int64_t>(mono.tv_sec) - raw.tv_sec) * 1'000'000'000LL + (mono.tv_nsec - raw.tv_nsec);
}

// The current cycle's map; false when JACK has none yet (the first cycles after activation).
// Thread-safe: JACK's process thread of `client` only (jack_get_cycle_times). Realtime-safe: yes.
inline bool currentJackCycle(jack_client_t* client, jack_nframes_t frames, JackCycle& cycle) noexcept {
    jack_nframes_t cycleFrame = 0;
    jack_time_t startUs = 0, nextUs = 0;
    float periodUs = 0;
    if (frames == 0 || jack_get_cycle_times(client, &cycleFrame, &startUs, &nextUs, &periodUs) != 0 || nextUs <= startUs) return false;
    const int64_t offset = monotonicMinusRawNs();
    cycle.startNs = static_cast<int64_t>(startUs) * 1000 + offset;
    cycle.endNs = static_cast<int64_t>(nextUs) * 1000 + offset;
    cycle.nsPerFrame = static_cast<double>(cycle.endNs - cycle.startNs) / frames;
    return true;
}

}  // namespace vcpi
