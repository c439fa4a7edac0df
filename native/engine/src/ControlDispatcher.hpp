// The non-real-time thread that carries control MIDI (MIDI Mix faders, the Arp's SysEx, a Beatstep's transport)
// to JS. RtMidi threads only push chunks into their port's bounded SPSC queue and wake this thread; it reassembles
// messages, batches them and hands each batch to a sink (the addon's N-API thread-safe function, which queues
// without blocking). A slow JS therefore never blocks a MIDI or audio thread: a full port queue or a full JS
// queue drops, and both are counted.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "ControlChunk.hpp"
#include "SpscQueue.hpp"

namespace vcpi {

struct ControlMessage {
    uint32_t port = 0;
    int64_t timeNs = 0;
    std::vector<uint8_t> bytes;
};

class ControlDispatcher {
public:
    // Returns false when the batch could not be queued (it is then dropped and counted).
    using Sink = std::function<bool(std::vector<ControlMessage>&&)>;

    // Starts the thread. Thread-safe: no. Realtime-safe: no.
    explicit ControlDispatcher(Sink sink);
    // Stops and joins the thread. Thread-safe: no. Realtime-safe: no.
    ~ControlDispatcher();
    // Stops and joins the thread: no batch reaches the sink after this returns. Idempotent.
    // Thread-safe: yes (not from the dispatcher thread). Realtime-safe: no.
    void stop();

    // Starts reading a port's queue. Thread-safe: yes. Realtime-safe: no.
    void add(uint32_t port, SpscQueue<ControlChunk>* queue);
    // Stops reading it: when this returns the thread no longer touches the queue. Thread-safe: yes (not from the
    // dispatcher thread). Realtime-safe: no.
    void remove(uint32_t port);
    // Tells the thread there is something to read (a missed wake-up costs at most 2 ms).
    // Thread-safe: yes. Realtime-safe: yes (never blocks).
    void wake() noexcept { wakeup_.notify_one(); }

    // Thread-safe: yes. Realtime-safe: yes.
    uint64_t delivered() const noexcept { return delivered_.load(); }
    uint64_t dropped() const noexcept { return dropped_.load(); }

private:
    void run();
    void drain(std::vector<ControlMessage>& batch);

    struct Source {
        SpscQueue<ControlChunk>* queue = nullptr;
        ControlMessage partial;
    };
    Sink sink_;
    std::mutex mutex_, stopMutex_;
    std::condition_variable wakeup_;
    std::map<uint32_t, Source> sources_;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> delivered_{0}, dropped_{0};
    std::thread thread_;
};

}  // namespace vcpi
