// One opened MIDI input (RtMidi, ALSA or JACK API), connected to a system port or created as a virtual port.
// RtMidi calls onMessage() on its own thread (ALSA: the input thread; JACK: the client's process thread). There,
// each message is stamped with Engine::nowNs() and goes either into the engine's MIDI scheduler (instrument
// mode, channel messages) or into this port's control queue for the dispatcher thread. Nothing there blocks,
// allocates or calls JS.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "ControlChunk.hpp"
#include "MidiPortInfo.hpp"
#include "SpscQueue.hpp"
#include "Status.hpp"

class RtMidiIn;

namespace vcpi {

class Engine;
class ControlDispatcher;

class MidiInputPort {
public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no. schedulerInput: 1..7 in instrument mode.
    MidiInputPort(uint32_t id, MidiApi api, MidiInputMode mode, Engine& engine, int schedulerInput,
                  ControlDispatcher& dispatcher);
    // Closes the port (RtMidi stops calling back before this returns). Thread-safe: no. Realtime-safe: no.
    ~MidiInputPort();

    // Connects to the system port whose name is `portName` (exact, as listed). ERR_MIDI_PORT.
    // Thread-safe: no (before use). Realtime-safe: no.
    Status open(const std::string& portName);
    // Creates a virtual port others can connect to. ERR_MIDI_PORT. Thread-safe: no. Realtime-safe: no.
    Status openVirtual(const std::string& portName);

    // Forgets the RtMidi port without closing it: its JACK server died, and closing it would crash in libjack.
    // Thread-safe: no. Realtime-safe: no.
    void abandon() noexcept { (void)in_.release(); }
    // The JACK server generation it was opened in (JackWatch). Thread-safe: yes. Realtime-safe: yes.
    uint64_t generation = 0;

    // Accessors and counters. Thread-safe: yes. Realtime-safe: yes.
    uint32_t id() const noexcept { return id_; }
    MidiApi api() const noexcept { return api_; }
    MidiInputMode mode() const noexcept { return mode_; }
    int schedulerInput() const noexcept { return schedulerInput_; }
    const std::string& name() const noexcept { return name_; }
    bool isVirtual() const noexcept { return virtual_; }
    SpscQueue<ControlChunk>* controlQueue() noexcept { return &control_; }
    uint64_t received() const noexcept { return received_.load(); }
    uint64_t toEngine() const noexcept { return toEngine_.load(); }
    uint64_t toControl() const noexcept { return toControl_.load(); }
    uint64_t dropped() const noexcept { return dropped_.load(); }

private:
    static void onMessage(double deltaSeconds, std::vector<unsigned char>* message, void* self);
    void handle(const unsigned char* data, size_t size) noexcept;
    bool pushControl(int64_t timeNs, const unsigned char* data, size_t size) noexcept;
    Status create(const char* what);

    uint32_t id_;
    MidiApi api_;
    MidiInputMode mode_;
    Engine& engine_;
    int schedulerInput_;
    ControlDispatcher& dispatcher_;
    std::unique_ptr<RtMidiIn> in_;
    std::string name_;
    std::string lastError_;  // RtMidi's last error text (its error callback writes it)
    bool virtual_ = false;
    SpscQueue<ControlChunk> control_{2048};
    std::atomic<uint64_t> received_{0}, toEngine_{0}, toControl_{0}, dropped_{0};
};

}  // namespace vcpi
