// A JACK MIDI input port of a client of its own (libjack directly), for inputs whose messages must carry the time
// they were written at: each event is stamped with its frame's time on the steady clock (JackFrameClock.hpp), not
// the time the process callback happened to run — RtMidi's JACK input stamps with jack_get_time() at process time,
// 0..1 period after the event. Connected from a source port, or virtual (others connect to it).
// The sink runs on JACK's process thread: it must not allocate, lock, block or do I/O. Timing clock (F8), MTC
// quarter frames (F1) and active sensing (FE) are dropped, as the engine and the plugin asked RtMidi to.
#pragma once

#include <jack/jack.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace vcpi {

class JackMidiInput {
public:
    // One message (a JACK event: whole, SysEx F0…F7 included) and its frame's steady-clock ns.
    using Sink = void (*)(void* user, const uint8_t* data, size_t size, int64_t timeNs) noexcept;

    // Thread-safe: no (construct before sharing). Realtime-safe: no.
    JackMidiInput(Sink sink, void* user) : sink_(sink), user_(user) {}
    // Deactivates and closes the client (no sink call runs after this returns) unless abandoned.
    // Thread-safe: no (the owner). Realtime-safe: no.
    ~JackMidiInput();
    JackMidiInput(const JackMidiInput&) = delete;
    JackMidiInput& operator=(const JackMidiInput&) = delete;

    // Opens client `clientName` (JACK renames it when taken) with input port `portName`, activates it and connects
    // `source` (a full JACK port name) to it; empty source: a virtual port. Returns "" or what failed, naming the
    // step and the port. Thread-safe: no (before sharing). Realtime-safe: no.
    std::string open(const std::string& clientName, const std::string& portName, const std::string& source);
    // The port's full JACK name ("client:port"), empty before open. Thread-safe: no (the owner). Realtime-safe: no.
    std::string fullName() const;
    // Forgets the client without closing it (its server died: libjack would crash). Thread-safe: no (the owner).
    // Realtime-safe: no.
    void abandon() noexcept { client_ = nullptr; }
    // Events received whose cycle had no time map (stamped at the cycle's JACK time instead). Thread-safe: yes.
    // Realtime-safe: yes.
    uint64_t unmapped() const noexcept { return unmapped_.load(std::memory_order_relaxed); }

private:
    static int processCallback(jack_nframes_t frames, void* self);
    int process(jack_nframes_t frames) noexcept;

    Sink sink_;
    void* user_;
    jack_client_t* client_ = nullptr;
    jack_port_t* port_ = nullptr;
    std::atomic<uint64_t> unmapped_{0};
};

}  // namespace vcpi
