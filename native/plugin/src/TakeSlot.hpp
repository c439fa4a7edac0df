// Hands a take from the JS thread to the audio thread without the audio thread allocating, locking or freeing: the
// JS thread allocates it (exactly the take's length) and publishes it through an atomic slot; the audio thread
// adopts it at its next block and hands the previous one back through a queue, to be freed on the JS thread.
#pragma once

#include <atomic>
#include <memory>

#include "SpscQueue.hpp"
#include "TakeBuffer.hpp"

namespace vcpi::capture {

class TakeSlot {
public:
    TakeSlot() = default;
    // Thread-safe: no (after both threads stopped). Realtime-safe: no.
    ~TakeSlot() {
        collect();
        delete pending_.exchange(nullptr);
        delete current_;
    }
    TakeSlot(const TakeSlot&) = delete;
    TakeSlot& operator=(const TakeSlot&) = delete;

    // Replaces the take the audio thread plays from its next block on. Thread-safe: JS thread only. Realtime-safe: no.
    void publish(std::unique_ptr<TakeBuffer> take) {
        delete pending_.exchange(take.release(), std::memory_order_acq_rel);  // one never adopted: ours to free
        collect();
    }

    // Frees the takes the audio thread has let go of. Thread-safe: JS thread only. Realtime-safe: no.
    void collect() {
        TakeBuffer* old = nullptr;
        while (retired_.pop(old)) delete old;
    }

    // The take to play (nullptr when none), adopting a newly published one when the hand-back queue has room.
    // Thread-safe: audio thread only. Realtime-safe: yes.
    const TakeBuffer* current() noexcept {
        if (pending_.load(std::memory_order_acquire) != nullptr && !retired_.full()) {
            TakeBuffer* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
            if (next != nullptr) {
                if (current_ != nullptr) retired_.push(current_);  // cannot fail: checked full() and only we push
                current_ = next;
            }
        }
        return current_;
    }

private:
    std::atomic<TakeBuffer*> pending_{nullptr};
    TakeBuffer* current_ = nullptr;
    SpscQueue<TakeBuffer*> retired_{8};
};

}  // namespace vcpi::capture
