// Bounded lock-free single-producer/single-consumer queue of trivially copyable values, shared by the engine addon and
// the VintageCapture plugin (between their audio, MIDI, dispatcher and JS threads).
// The storage is allocated once, in the constructor; push/pop never allocate, lock or block.
#pragma once

#include <atomic>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace vcpi {

template <typename T>
class SpscQueue {
    static_assert(std::is_trivially_copyable_v<T>, "SpscQueue carries trivially copyable values only");

public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no (allocates).
    explicit SpscQueue(size_t capacity) : slots_(capacity + 1) {}

    SpscQueue(const SpscQueue&) = delete;
    SpscQueue& operator=(const SpscQueue&) = delete;

    // Thread-safe: yes, from the one producer thread. Realtime-safe: yes.
    // Returns false (and stores nothing) when the queue is full; the caller counts the drop.
    bool push(const T& value) noexcept {
        const size_t head = head_.load(std::memory_order_relaxed);
        const size_t next = advance(head);
        if (next == tail_.load(std::memory_order_acquire)) return false;
        slots_[head] = value;
        head_.store(next, std::memory_order_release);
        return true;
    }

    // Thread-safe: yes, from the one consumer thread. Realtime-safe: yes.
    bool pop(T& out) noexcept {
        const size_t tail = tail_.load(std::memory_order_relaxed);
        if (tail == head_.load(std::memory_order_acquire)) return false;
        out = slots_[tail];
        tail_.store(advance(tail), std::memory_order_release);
        return true;
    }

    // Thread-safe: yes, from the producer thread (a free slot stays free until it pushes). Realtime-safe: yes.
    bool full() const noexcept {
        return advance(head_.load(std::memory_order_relaxed)) == tail_.load(std::memory_order_acquire);
    }

    // How many values push() can take now (at least; the consumer may free more meanwhile).
    // Thread-safe: yes, from the producer thread. Realtime-safe: yes.
    size_t writable() const noexcept {
        const size_t head = head_.load(std::memory_order_relaxed);
        const size_t tail = tail_.load(std::memory_order_acquire);
        return (tail + slots_.size() - head - 1) % slots_.size();
    }

    // Thread-safe: yes, from the consumer thread. Realtime-safe: yes.
    bool empty() const noexcept {
        return tail_.load(std::memory_order_relaxed) == head_.load(std::memory_order_acquire);
    }

private:
    size_t advance(size_t i) const noexcept { return i + 1 == slots_.size() ? 0 : i + 1; }

    std::vector<T> slots_;
    alignas(64) std::atomic<size_t> head_{0};
    alignas(64) std::atomic<size_t> tail_{0};
};

}  // namespace vcpi
