// One opened MIDI input, connected to a system port or created as a virtual port: ALSA through RtMidi, JACK through
// a JACK client of the engine's own (JackMidiInput). ALSA: RtMidi calls onMessage() on its input thread and the
// message is stamped with Engine::nowNs() on arrival. JACK: JACK's process thread hands over each event stamped with
// its frame's time (JACK's cycle times converted to the Engine::nowNs() clock: the time the sender wrote it at,
// not when the cycle ran). Each message then goes either into the engine's MIDI scheduler (instrument mode,
// channel messages, that time as its arrival) or into this port's control queue for the dispatcher thread (the
// timeNs JS receives). Nothing there blocks, allocates or calls JS.
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

class JackMidiInput;

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

    // Forgets the port without closing it: its JACK server died, and closing it would crash in libjack.
    // Thread-safe: no. Realtime-safe: no.
    void abandon() noexcept;
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
    static void onJackMessage(void* self, const uint8_t* data, size_t size, int64_t timeNs) noexcept;
    void handle(const unsigned char* data, size_t size, int64_t timeNs) noexcept;
    Status openJack(const std::string& portName, const std::string& source);
    bool pushControl(int64_t timeNs, const unsigned char* data, size_t size) noexcept;
    Status create(const char* what);

    uint32_t id_;
    MidiApi api_;
    MidiInputMode mode_;
    Engine& engine_;
    int schedulerInput_;
    ControlDispatcher& dispatcher_;
    std::unique_ptr<RtMidiIn> in_;         // ALSA
    std::unique_ptr<JackMidiInput> jack_;  // JACK
    std::string name_;
    std::string lastError_;  // RtMidi's last error text (its error callback writes it)
    bool virtual_ = false;
    SpscQueue<ControlChunk> control_{2048};
    std::atomic<uint64_t> received_{0}, toEngine_{0}, toControl_{0}, dropped_{0};
};

}  // namespace vcpi
