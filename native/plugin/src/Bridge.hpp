// The queues between the audio thread (producer) and the JS thread (consumer), allocated once with the processor,
// and the drop counters the editor shows. Capacities: ~11 s of input at 48 kHz (the JS thread may be busy for
// seconds aligning a long take), 4096 MIDI messages, 64 transport changes, 64 actions.
#pragma once

#include <atomic>
#include <cstdint>

#include "BridgeEvents.hpp"
#include "SpscQueue.hpp"

namespace vcpi::capture {

struct Bridge {
    SpscQueue<AudioChunk> audio{2048};
    SpscQueue<MidiItem> midi{4096};
    SpscQueue<TransportItem> transport{64};
    SpscQueue<ActionItem> actions{64};

    // Counted by the producer when a queue is full (never silent). Thread-safe: yes. Realtime-safe: yes.
    std::atomic<uint64_t> audioDrops{0};
    std::atomic<uint64_t> midiDrops{0};
    std::atomic<uint64_t> transportDrops{0};
    std::atomic<uint64_t> actionDrops{0};
};

}  // namespace vcpi::capture
