// A piece of a control-path MIDI message (any length, SysEx included) as it crosses from an RtMidi thread to the
// dispatcher thread: fixed size and trivially copyable, so it travels through an SpscQueue; a message longer than
// one chunk's payload spans consecutive chunks, the last one flagged.
#pragma once

#include <cstdint>
#include <type_traits>

namespace vcpi {

struct ControlChunk {
    static constexpr int kPayload = 48;
    int64_t timeNs = 0;      // arrival on the engine clock (Engine::nowNs)
    uint32_t port = 0;       // the input port's id
    uint8_t size = 0;        // bytes used in data
    uint8_t last = 0;        // 1 on a message's final chunk
    uint8_t data[kPayload] = {};
};
static_assert(std::is_trivially_copyable_v<ControlChunk>);

}  // namespace vcpi
