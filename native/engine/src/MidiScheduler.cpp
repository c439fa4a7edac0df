#include "MidiScheduler.hpp"

#include <algorithm>

namespace vcpi {

namespace {
// std heaps are max-heaps: "later" orders them so the front is the earliest event (ties: arrival order).
struct WaitingLater {
    template <typename W>
    bool operator()(const W& a, const W& b) const noexcept {
        return a.event.time != b.event.time ? a.event.time > b.event.time : a.sequence > b.sequence;
    }
};
struct ScheduledLater {
    bool operator()(const ScheduledMidiEvent& a, const ScheduledMidiEvent& b) const noexcept {
        return a.sample != b.sample ? a.sample > b.sample : a.sequence > b.sequence;
    }
};
}  // namespace

MidiScheduler::MidiScheduler(size_t queueCapacity, size_t heapCapacity) : capacity_(heapCapacity) {
    for (int i = 0; i < kInputs; ++i) inputs_.push_back(std::make_unique<SpscQueue<MidiEvent>>(queueCapacity));
    waiting_.reserve(heapCapacity);
    scheduled_.reserve(heapCapacity);
}

bool MidiScheduler::push(int input, const MidiEvent& event) noexcept {
    if (input < 0 || input >= kInputs || !inputs_[static_cast<size_t>(input)]->push(event)) {
        queueDrops_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    return true;
}

void MidiScheduler::addArrival(const MidiEvent& event) noexcept {
    if (waiting_.size() >= capacity_) {
        overflowDrops_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    waiting_.push_back({event, sequence_++});
    std::push_heap(waiting_.begin(), waiting_.end(), WaitingLater());
}

void MidiScheduler::addAtSample(int64_t sample, const MidiEvent& event) noexcept { place(sample, event); }

void MidiScheduler::place(int64_t sample, const MidiEvent& event) noexcept {
    if (scheduled_.size() >= capacity_) {
        overflowDrops_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ScheduledMidiEvent e;
    e.sample = sample;
    e.sequence = sequence_++;
    e.data[0] = event.data[0];
    e.data[1] = event.data[1];
    e.data[2] = event.data[2];
    e.size = event.size;
    e.slot = event.slot;
    scheduled_.push_back(e);
    std::push_heap(scheduled_.begin(), scheduled_.end(), ScheduledLater());
}

ScheduledMidiEvent MidiScheduler::popScheduled() noexcept {
    std::pop_heap(scheduled_.begin(), scheduled_.end(), ScheduledLater());
    const ScheduledMidiEvent e = scheduled_.back();
    scheduled_.pop_back();
    return e;
}

void MidiScheduler::beginBlock(int64_t blockStart, int64_t callbackNs, double sampleRate, int64_t delaySamples,
                               MidiPolicy policy) noexcept {
    for (auto& input : inputs_) {
        MidiEvent event;
        while (input->pop(event)) addArrival(event);
    }
    clock_.anchor(callbackNs, blockStart, sampleRate);
    while (!waiting_.empty() && waiting_.front().event.time <= callbackNs) {
        std::pop_heap(waiting_.begin(), waiting_.end(), WaitingLater());
        const MidiEvent event = waiting_.back().event;
        waiting_.pop_back();
        int64_t sample = blockStart;
        if (policy == MidiPolicy::timestamp) {
            sample = clock_.sampleAt(event.time) + delaySamples;
            if (sample < blockStart) {
                lateEvents_.fetch_add(1, std::memory_order_relaxed);
                sample = blockStart;
            }
        }
        place(sample, event);
    }
}

void MidiScheduler::clear() noexcept {
    for (auto& input : inputs_) {
        MidiEvent event;
        while (input->pop(event)) {}
    }
    waiting_.clear();
    scheduled_.clear();
}

}  // namespace vcpi
