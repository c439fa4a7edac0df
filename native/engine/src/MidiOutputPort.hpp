// One opened MIDI output, connected to a system port or created as a virtual port: ALSA through RtMidi; JACK
// through a JACK client of the engine's own (common/JackMidiSender: a message due at a time is written at its frame) or,
// when asked for (JackDelivery::rtmidi, kept for comparison), RtMidi's JACK output (the next cycle's frame 0).
// Two threads send through it: the JS thread (any bytes, SysEx included) and the MIDI clock thread (ticks,
// Start/Stop). RtMidi's senders are not safe for concurrent use and the JACK queue has one producer, so a mutex
// serialises them; each send holds it for a few microseconds (ALSA: one sequencer event; JACK: a queue write).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "MidiPortInfo.hpp"
#include "Status.hpp"

class RtMidiOut;

namespace vcpi {

class JackMidiSender;

// How a JACK output delivers: frame-accurate (the engine's own client) or RtMidi's (next cycle, frame 0).
enum class JackDelivery { frame, rtmidi };

class MidiOutputPort {
public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no.
    MidiOutputPort(uint32_t id, MidiApi api, JackDelivery delivery = JackDelivery::frame);
    // Thread-safe: no. Realtime-safe: no.
    ~MidiOutputPort();

    // Connects to the system port named exactly `portName` (as listed). ERR_MIDI_PORT(_NOT_FOUND).
    // Thread-safe: no (before sharing). Realtime-safe: no.
    Status open(const std::string& portName);
    // Creates a virtual port others can connect to. ERR_MIDI_PORT. Thread-safe: no. Realtime-safe: no.
    Status openVirtual(const std::string& portName);

    // Sends one complete message (checked: a status byte first; SysEx F0 … F7). A frame-accurate JACK output writes
    // it exactly one JACK period after fromNs (engine clock; 0: now, the call), at that time's frame: a delay a
    // receiver can count on (RtMidi's next-cycle delivery varies by 0..1 period). Any other output sends it now.
    // ERR_BAD_MIDI, ERR_MIDI_PORT. Thread-safe: yes. Realtime-safe: no (a short lock and a system call).
    Status send(const uint8_t* data, size_t size, int64_t fromNs = 0);
    // Sends one complete message due at dueNs (engine clock): a frame-accurate JACK output writes it at that time's
    // frame (hand it over at least leadNs() early); any other output sends it now. ERR_BAD_MIDI, ERR_MIDI_PORT.
    // Thread-safe: yes. Realtime-safe: no (a short lock).
    Status sendAt(const uint8_t* data, size_t size, int64_t dueNs);
    // True for a frame-accurate JACK output. Thread-safe: yes. Realtime-safe: yes.
    bool frameAccurate() const noexcept { return jack_ != nullptr; }
    // How early sendAt() needs a message (0 unless frame-accurate). Thread-safe: yes. Realtime-safe: yes.
    int64_t leadNs() const noexcept;
    // One JACK period, ns (0 unless frame-accurate). Thread-safe: yes. Realtime-safe: yes.
    int64_t periodNs() const noexcept;
    // Messages a frame-accurate output wrote after their frame had passed (handed over too late).
    // Thread-safe: yes. Realtime-safe: yes.
    uint64_t late() const noexcept;
    // Checks one complete outgoing message. Thread-safe: yes. Realtime-safe: no.
    static Status check(const uint8_t* data, size_t size);

    // Forgets the RtMidi port without closing it (its JACK server died: closing would crash in libjack).
    // Thread-safe: yes. Realtime-safe: no.
    void abandon() noexcept;
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
    bool nativeJack() const noexcept;

    uint32_t id_;
    MidiApi api_;
    JackDelivery delivery_;
    std::unique_ptr<RtMidiOut> out_;
    std::unique_ptr<JackMidiSender> jack_;  // set at open, kept until destruction
    bool gone_ = false;                      // abandoned (guarded by sendMutex_)
    std::string name_;
    std::string lastError_;
    bool virtual_ = false;
    std::mutex sendMutex_;
    std::atomic<uint64_t> sent_{0};
};

}  // namespace vcpi
