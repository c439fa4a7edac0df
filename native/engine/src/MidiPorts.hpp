// The engine's MIDI ports: lists the system's ports (ALSA sequencer and JACK MIDI, through RtMidi), opens inputs
// (instrument or control mode) and outputs by index or name substring, creates virtual ports, sends bytes, and
// tells which opened ports are still present (for unplug/replug). RtMidi stays behind MidiInputPort and
// MidiOutputPort. Instrument inputs each get one of the MIDI scheduler's port inputs (1..7).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "MidiInputPort.hpp"
#include "MidiOutputPort.hpp"
#include "JackWatch.hpp"
#include "MidiPortInfo.hpp"
#include "Status.hpp"

namespace vcpi {

class Engine;
class ControlDispatcher;

struct MidiPortList {
    std::vector<MidiPortInfo> inputs, outputs;
    std::vector<std::string> problems;  // per API that could not be listed, e.g. "alsa: cannot open the sequencer …"
};

class MidiPorts {
public:
    // Thread-safe: no. Realtime-safe: no.
    MidiPorts(Engine& engine, ControlDispatcher& dispatcher);
    // Closes every port. Thread-safe: no. Realtime-safe: no.
    ~MidiPorts();

    // Everything below: Thread-safe: yes (any non-audio thread; a mutex guards the open ports, never held while
    // listing). Realtime-safe: no.

    // The system's ports now (opens a short-lived RtMidi client per API). Never fails: problems say what is missing.
    MidiPortList list() const;
    // ERR_MIDI_PORT_NOT_FOUND (with the ports there are), ERR_MIDI_PORT, ERR_TOO_MANY_PORTS (instrument inputs).
    Status openInput(const MidiPortSelector& selector, MidiInputMode mode, MidiPortState& opened);
    Status openOutput(const MidiPortSelector& selector, MidiPortState& opened, JackDelivery delivery = JackDelivery::frame);
    Status createVirtualInput(MidiApi api, const std::string& name, MidiInputMode mode, MidiPortState& opened);
    Status createVirtualOutput(MidiApi api, const std::string& name, MidiPortState& opened, JackDelivery delivery = JackDelivery::frame);
    // MidiOutputPort::send (fromNs: engine clock, 0: now). ERR_MIDI_PORT_NOT_OPEN, ERR_BAD_MIDI, ERR_MIDI_PORT.
    Status send(uint32_t id, const uint8_t* data, size_t size, int64_t fromNs = 0);
    // ERR_MIDI_PORT_NOT_OPEN.
    Status close(uint32_t id);
    void closeAll();
    // The opened ports, with `present` refreshed from a new listing.
    std::vector<MidiPortState> states() const;
    // The output for the clock thread (null when not open).
    std::shared_ptr<MidiOutputPort> output(uint32_t id) const;

private:
    Status resolve(const MidiPortSelector& selector, bool input, MidiPortInfo& found) const;
    int freeSchedulerInput() const;
    MidiPortState describe(const MidiInputPort& port) const;
    MidiPortState describe(const MidiOutputPort& port) const;

    bool stale(MidiApi api, uint64_t generation) const noexcept {
        return api == MidiApi::jack && (generation != jack_.generation() || !jack_.connected());
    }

    Engine& engine_;
    ControlDispatcher& dispatcher_;
    JackWatch& jack_ = JackWatch::instance();
    mutable std::mutex mutex_;
    uint32_t nextId_ = 1;
    std::map<uint32_t, std::unique_ptr<MidiInputPort>> inputs_;
    std::map<uint32_t, std::shared_ptr<MidiOutputPort>> outputs_;
};

}  // namespace vcpi
