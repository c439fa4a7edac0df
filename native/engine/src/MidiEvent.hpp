// MIDI events as they cross threads: trivially copyable, fixed size (channel-voice messages, up to 3 bytes).
#pragma once

#include <cstdint>
#include <type_traits>

namespace vcpi {

// An event as it arrives: `time` is its arrival time on the engine's monotonic clock (steady_clock, ns).
struct MidiEvent {
    int64_t time = 0;
    uint8_t data[3] = {0, 0, 0};
    uint8_t size = 0;
    int8_t slot = 0;  // 1..8: straight to that slot (test notes); 0: by the channel routing table
};
static_assert(std::is_trivially_copyable_v<MidiEvent>);

// An event placed on the engine's sample clock.
struct ScheduledMidiEvent {
    int64_t sample = 0;
    uint64_t sequence = 0;  // arrival order, so events on the same sample keep it
    uint8_t data[3] = {0, 0, 0};
    uint8_t size = 0;
    int8_t slot = 0;
};
static_assert(std::is_trivially_copyable_v<ScheduledMidiEvent>);

}  // namespace vcpi
