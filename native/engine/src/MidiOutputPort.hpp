// One opened MIDI output (RtMidi, ALSA or JACK API), connected to a system port or created as a virtual port.
// Two threads send through it: the JS thread (any bytes, SysEx included) and the MIDI clock thread (ticks,
// Start/Stop). RtMidi's senders are not safe for concurrent use, so a mutex serialises them; each send holds it
// for a few microseconds (ALSA: one sequencer event; JACK: a ring-buffer write, sent at the next JACK cycle).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "MidiPortInfo.hpp"
#include "Status.hpp"

class RtMidiOut;

namespace vcpi {

class MidiOutputPort {
public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no.
    MidiOutputPort(uint32_t id, MidiApi api);
    // Thread-safe: no. Realtime-safe: no.
    ~MidiOutputPort();

    // Connects to the system port named exactly `portName` (as listed). ERR_MIDI_PORT(_NOT_FOUND).
    // Thread-safe: no (before sharing). Realtime-safe: no.
    Status open(const std::string& portName);
    // Creates a virtual port others can connect to. ERR_MIDI_PORT. Thread-safe: no. Realtime-safe: no.
    Status openVirtual(const std::string& portName);

    // Sends one complete message (checked: a status byte first; SysEx F0 … F7). ERR_BAD_MIDI, ERR_MIDI_PORT.
    // Thread-safe: yes. Realtime-safe: no (a short lock and a system call).
    Status send(const uint8_t* data, size_t size);
    // Checks one complete outgoing message. Thread-safe: yes. Realtime-safe: no.
    static Status check(const uint8_t* data, size_t size);

    // Forgets the RtMidi port without closing it (its JACK server died: closing would crash in libjack).
    // Thread-safe: yes. Realtime-safe: no.
    void abandon() noexcept {
        std::lock_guard<std::mutex> lock(sendMutex_);
        (void)out_.release();
    }
    // The JACK server generation it was opened in (JackWatch). Thread-safe: yes. Realtime-safe: yes.
    uint64_t generation = 0;

    // Thread-safe: yes. Realtime-safe: yes.
    uint32_t id() const noexcept { return id_; }
    MidiApi api() const noexcept { return api_; }
    const std::string& name() const noexcept { return name_; }
    bool isVirtual() const noexcept { return virtual_; }
    uint64_t sent() const noexcept { return sent_.load(); }

private:
    Status create(const std::string& what);

    uint32_t id_;
    MidiApi api_;
    std::unique_ptr<RtMidiOut> out_;
    std::string name_;
    std::string lastError_;
    bool virtual_ = false;
    std::mutex sendMutex_;
    std::atomic<uint64_t> sent_{0};
};

}  // namespace vcpi
