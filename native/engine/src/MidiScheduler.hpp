// Sample-accurate MIDI scheduling. Every event is placed at (its arrival time mapped to the sample clock) + one
// fixed scheduling delay, so MIDI-to-audio latency is constant and its jitter is zero. An event becomes visible
// to the audio thread at the first callback at or after its arrival (as with a live device), and is then placed;
// events given with an explicit sample position (offline renders) go straight to that sample.
// The `blockStart` policy reproduces the seed's behaviour (flush queued MIDI at the start of the block that sees
// it) so the two can be compared in one run.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "MidiEvent.hpp"
#include "SampleClock.hpp"
#include "SpscQueue.hpp"

namespace vcpi {

enum class MidiPolicy : int { timestamp = 0, blockStart = 1 };

class MidiScheduler {
public:
    static constexpr int kInputs = 8;  // producer queues: 0 = the JS thread, 1..7 = instrument MIDI ports

    // Thread-safe: no (construct before sharing). Realtime-safe: no (allocates everything up front).
    MidiScheduler(size_t queueCapacity, size_t heapCapacity);

    // Producer side: one thread per input index. Returns false and counts a drop when that queue is full.
    // Thread-safe: yes (one producer per input). Realtime-safe: yes.
    bool push(int input, const MidiEvent& event) noexcept;

    // Everything below: Thread-safe: no (the audio thread). Realtime-safe: yes.

    // Adds an event that arrived at event.time (it waits until a callback at or after that time).
    void addArrival(const MidiEvent& event) noexcept;
    // Adds an event at an exact sample (offline: explicit offsets).
    void addAtSample(int64_t sample, const MidiEvent& event) noexcept;
    // Starts a block: drains the input queues, releases events that have arrived by callbackNs, places them.
    void beginBlock(int64_t blockStart, int64_t callbackNs, double sampleRate, int64_t delaySamples, MidiPolicy policy) noexcept;
    // Pops, in time order, every placed event before endSample: fn(sample, event).
    template <typename Fn>
    void takeBefore(int64_t endSample, Fn&& fn) noexcept {
        while (!scheduled_.empty() && scheduled_.front().sample < endSample) {
            const ScheduledMidiEvent e = popScheduled();
            fn(e.sample, e);
        }
    }
    // Forgets every pending event (engine reset).
    void clear() noexcept;

    uint64_t queueDrops() const noexcept { return queueDrops_.load(std::memory_order_relaxed); }
    uint64_t overflowDrops() const noexcept { return overflowDrops_.load(std::memory_order_relaxed); }
    uint64_t lateEvents() const noexcept { return lateEvents_.load(std::memory_order_relaxed); }
    size_t pending() const noexcept { return waiting_.size() + scheduled_.size(); }

private:
    void place(int64_t sample, const MidiEvent& event) noexcept;
    ScheduledMidiEvent popScheduled() noexcept;

    std::vector<std::unique_ptr<SpscQueue<MidiEvent>>> inputs_;
    struct Waiting {
        MidiEvent event;
        uint64_t sequence;
    };
    std::vector<Waiting> waiting_;              // min-heap on (arrival time, sequence)
    std::vector<ScheduledMidiEvent> scheduled_; // min-heap on (sample, sequence)
    size_t capacity_;
    uint64_t sequence_ = 0;
    SampleClock clock_;
    std::atomic<uint64_t> queueDrops_{0};
    std::atomic<uint64_t> overflowDrops_{0};
    std::atomic<uint64_t> lateEvents_{0};
};

}  // namespace vcpi
