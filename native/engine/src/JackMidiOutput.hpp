// A JACK MIDI output port of the engine's own (libjack directly), for JACK outputs: each message carries the time it
// is due on the engine clock, and the port's process callback writes it at the frame of the cycle that time falls
// in (jack_get_cycle_times, converted from JACK's CLOCK_MONOTONIC_RAW microseconds to the engine's CLOCK_MONOTONIC),
// so a receiver sees it at its time, not at the next cycle's frame 0 as RtMidi's JACK output delivers. A message
// due "now" (dueNs 0: the JS thread's sends) goes out at frame 0 of the next cycle, like RtMidi's.
//
// A sender hands a timed message over at least one period (leadNs()) before it is due; the MIDI clock does that.
// Messages cross from the senders to JACK's process thread through an SpscQueue of fixed-size chunks; senders are
// serialised by the owner (MidiOutputPort's mutex), so the queue has one producer at a time. Messages leave in the
// order they were queued (a later message is never written at an earlier frame).
#pragma once

#include <jack/jack.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "SpscQueue.hpp"
#include "Status.hpp"

namespace vcpi {

class JackMidiOutput {
public:
    static constexpr size_t kChunkBytes = 48;
    static constexpr size_t kMaxMessage = 65536;

    // Thread-safe: no. Realtime-safe: no.
    JackMidiOutput();
    // Closes the client unless abandoned. Thread-safe: no. Realtime-safe: no.
    ~JackMidiOutput();

    // Opens a client named `clientName` with an output port `portName`, activates it and connects it to
    // `destination` (a full JACK port name; empty: a virtual port others connect to). ERR_MIDI_PORT naming the step.
    // Thread-safe: no (before sharing). Realtime-safe: no.
    Status open(const std::string& clientName, const std::string& portName, const std::string& destination);
    // Queues one complete message due at dueNs (engine clock; 0: the next cycle's first frame). False when the queue
    // is full or the message too long (counted in dropped()). Thread-safe: one sender at a time. Realtime-safe: yes.
    bool push(const uint8_t* data, size_t size, int64_t dueNs) noexcept;
    // How early a timed message must be queued to be written at its frame: one JACK period and a margin.
    // Thread-safe: yes. Realtime-safe: yes.
    int64_t leadNs() const noexcept { return leadNs_.load(std::memory_order_relaxed); }
    // One JACK period, ns (buffer size / rate, read at open): a message due now + periodNs() is written at its frame.
    // Thread-safe: yes. Realtime-safe: yes.
    int64_t periodNs() const noexcept { return periodNs_.load(std::memory_order_relaxed); }
    // Forgets the client without closing it (its server died: libjack would crash). Thread-safe: no (the owner,
    // with senders stopped). Realtime-safe: no.
    void abandon() noexcept { client_ = nullptr; }
    // Counters. Thread-safe: yes. Realtime-safe: yes.
    uint64_t written() const noexcept { return written_.load(std::memory_order_relaxed); }
    uint64_t late() const noexcept { return late_.load(std::memory_order_relaxed); }
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    struct Chunk {
        int64_t dueNs;
        uint32_t size;    // the whole message's size (in every chunk)
        uint8_t length;   // bytes in this chunk
        uint8_t bytes[kChunkBytes];
    };
    static_assert(std::is_trivially_copyable_v<Chunk>);

    static int processCallback(jack_nframes_t frames, void* self);
    int process(jack_nframes_t frames) noexcept;
    bool takeMessage() noexcept;

    jack_client_t* client_ = nullptr;
    jack_port_t* port_ = nullptr;
    SpscQueue<Chunk> queue_{4096};
    std::atomic<int64_t> leadNs_{0}, periodNs_{0};
    std::atomic<uint64_t> written_{0}, late_{0}, dropped_{0};

    // JACK's process thread's: the message being assembled or waiting for its cycle
    uint8_t message_[kMaxMessage];
    size_t have_ = 0, size_ = 0;
    int64_t due_ = 0;
    bool ready_ = false;
};

}  // namespace vcpi
