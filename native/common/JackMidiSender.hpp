// A JACK MIDI output port of a client of its own (libjack directly) that writes each message at the frame of the
// time it is due (steady clock, JackFrameClock.hpp), so its delay is exactly known — unlike RtMidi's JACK output,
// which writes at frame 0 of the next cycle, 0..1 period after the send. send() now + periodNs() is the earliest
// due time every cycle can honour (a cycle's messages are taken when it starts); the VintageCapture plugin's Arp
// port sends everything exactly one period after the call; the engine's JACK outputs (MidiOutputPort) use it too.
//
// Messages cross from the one sender thread to JACK's process thread through an SpscQueue of fixed-size chunks;
// they leave in the order they were sent (a later message is never written at an earlier frame).
#pragma once

#include <jack/jack.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "SpscQueue.hpp"

namespace vcpi {

class JackMidiSender {
public:
    static constexpr size_t kChunkBytes = 48;
    static constexpr size_t kMaxMessage = 65536;

    // Thread-safe: no (construct before sharing). Realtime-safe: no.
    JackMidiSender();
    // Deactivates and closes the client unless abandoned. Thread-safe: no (the owner). Realtime-safe: no.
    ~JackMidiSender();
    JackMidiSender(const JackMidiSender&) = delete;
    JackMidiSender& operator=(const JackMidiSender&) = delete;

    // Opens client `clientName` with output port `portName`, activates it and connects it to `destination` (a full
    // JACK port name; empty: a virtual port). Returns "" or what failed, naming the step and the port.
    // Thread-safe: no (before sharing). Realtime-safe: no.
    std::string open(const std::string& clientName, const std::string& portName, const std::string& destination);
    // Queues one complete message due at dueNs (steady clock). False when it is longer than kMaxMessage or the queue
    // is full (counted in dropped()). Thread-safe: one sender thread. Realtime-safe: yes.
    bool send(const uint8_t* data, size_t size, int64_t dueNs) noexcept;
    // One JACK period, ns (nominal: buffer size / rate, read at open). Thread-safe: yes. Realtime-safe: yes.
    int64_t periodNs() const noexcept { return periodNs_; }
    // Forgets the client without closing it (its server died). Thread-safe: no (the owner). Realtime-safe: no.
    void abandon() noexcept { client_ = nullptr; }
    // Counters: written, written after their frame had passed (at the cycle's first frame), dropped.
    // Thread-safe: yes. Realtime-safe: yes.
    uint64_t written() const noexcept { return written_.load(std::memory_order_relaxed); }
    uint64_t late() const noexcept { return late_.load(std::memory_order_relaxed); }
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    struct Chunk {
        int64_t dueNs;
        uint32_t size;   // the whole message's size (in every chunk)
        uint8_t length;  // bytes in this chunk
        uint8_t bytes[kChunkBytes];
    };
    static_assert(std::is_trivially_copyable_v<Chunk>);

    static int processCallback(jack_nframes_t frames, void* self);
    int process(jack_nframes_t frames) noexcept;
    bool takeMessage() noexcept;

    jack_client_t* client_ = nullptr;
    jack_port_t* port_ = nullptr;
    int64_t periodNs_ = 0;
    SpscQueue<Chunk> queue_{4096};
    std::atomic<uint64_t> written_{0}, late_{0}, dropped_{0};

    // JACK's process thread's: the message being assembled or waiting for its cycle
    uint8_t message_[kMaxMessage];
    size_t have_ = 0, size_ = 0;
    int64_t due_ = 0;
    bool ready_ = false;
};

}  // namespace vcpi
