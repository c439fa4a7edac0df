#include "MidiPorts.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>

#include <unistd.h>

#include <rtmidi/RtMidi.h>

#include "ControlDispatcher.hpp"
#include "MidiScheduler.hpp"

namespace vcpi {

namespace {
void quietError(RtMidiError::Type, const std::string& text, void* last) { *static_cast<std::string*>(last) = text; }

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Lists one API's ports in one direction; returns a problem text when that API is unavailable.
std::string listApi(MidiApi api, bool input, std::vector<MidiPortInfo>& out, JackWatch& jack) {
    if (api == MidiApi::jack && !jack.poll())
        return "jack: no JACK server is running; start jackd (JACK_DEFAULT_SERVER names a non-default server)";
    const auto rt = api == MidiApi::alsa ? RtMidi::LINUX_ALSA : RtMidi::UNIX_JACK;
    // RtMidi prints to stderr when its ALSA client cannot be created: look before asking it.
    if (api == MidiApi::alsa && ::access("/dev/snd/seq", R_OK | W_OK) != 0)
        return "alsa: the ALSA sequencer is unavailable (/dev/snd/seq: " + std::string(std::strerror(errno)) + "); load snd-seq or check the user's audio group";
    std::string error;
    auto collect = [&](auto& lister) {
        lister.setErrorCallback(quietError, &error);
        const unsigned count = lister.getPortCount();
        for (unsigned i = 0; i < count; ++i) {
            MidiPortInfo info;
            info.api = api;
            info.apiIndex = static_cast<int>(i);
            info.name = lister.getPortName(i);
            if (!info.name.empty()) out.push_back(info);
        }
    };
    try {
        if (input) {
            RtMidiIn lister(rt, "vcpi-list");
            collect(lister);
        } else {
            RtMidiOut lister(rt, "vcpi-list");
            collect(lister);
        }
    } catch (const RtMidiError& e) {
        error = e.getMessage();
    }
    if (error.empty()) return {};
    if (api == MidiApi::jack) return "jack: no JACK server is running (" + error + "); start jackd or set JACK_DEFAULT_SERVER";
    return "alsa: the ALSA sequencer is unavailable (" + error + "); is snd-seq loaded and /dev/snd/seq present?";
}

std::string names(const std::vector<MidiPortInfo>& ports) {
    if (ports.empty()) return "none";
    std::string text;
    for (const auto& p : ports) text += (text.empty() ? "" : ", ") + std::to_string(p.index) + " '" + p.name + "' (" + midiApiName(p.api) + ")";
    return text;
}
}  // namespace

MidiPorts::MidiPorts(Engine& engine, ControlDispatcher& dispatcher) : engine_(engine), dispatcher_(dispatcher) {}

MidiPorts::~MidiPorts() { closeAll(); }

MidiPortList MidiPorts::list() const {
    MidiPortList list;
    for (bool input : {true, false}) {
        auto& out = input ? list.inputs : list.outputs;
        for (MidiApi api : {MidiApi::alsa, MidiApi::jack}) {
            const std::string problem = listApi(api, input, out, jack_);
            if (!problem.empty() && input) list.problems.push_back(problem);
        }
        for (size_t i = 0; i < out.size(); ++i) out[i].index = static_cast<int>(i);
    }
    return list;
}

Status MidiPorts::resolve(const MidiPortSelector& selector, bool input, MidiPortInfo& found) const {
    const MidiPortList all = list();
    std::vector<MidiPortInfo> ports = input ? all.inputs : all.outputs;
    if (!selector.anyApi)
        ports.erase(std::remove_if(ports.begin(), ports.end(), [&](const MidiPortInfo& p) { return p.api != selector.api; }), ports.end());
    const char* direction = input ? "input" : "output";
    if (selector.index >= 0) {
        for (const auto& p : ports)
            if (p.index == selector.index) {
                found = p;
                return Status::success();
            }
    } else {
        const std::string wanted = lower(selector.name);
        for (const auto& p : ports)
            if (lower(p.name).find(wanted) != std::string::npos) {
                found = p;
                return Status::success();
            }
    }
    std::string message = "MIDI: no " + std::string(direction) + " port " +
                          (selector.index >= 0 ? "with index " + std::to_string(selector.index) : "matching '" + selector.name + "'") +
                          "; " + direction + "s: " + names(ports);
    for (const auto& problem : all.problems) message += "; " + problem;
    return Status::error("ERR_MIDI_PORT_NOT_FOUND", message);
}

int MidiPorts::freeSchedulerInput() const {
    std::set<int> used;
    for (const auto& [id, port] : inputs_)
        if (port->mode() == MidiInputMode::instrument) used.insert(port->schedulerInput());
    for (int input = 1; input < MidiScheduler::kInputs; ++input)
        if (used.count(input) == 0) return input;
    return -1;
}

MidiPortState MidiPorts::describe(const MidiInputPort& port) const {
    MidiPortState s;
    s.id = port.id();
    s.input = true;
    s.isVirtual = port.isVirtual();
    s.api = port.api();
    s.mode = port.mode();
    s.name = port.name();
    s.received = port.received();
    s.toEngine = port.toEngine();
    s.toControl = port.toControl();
    s.dropped = port.dropped();
    return s;
}

MidiPortState MidiPorts::describe(const MidiOutputPort& port) const {
    MidiPortState s;
    s.id = port.id();
    s.input = false;
    s.isVirtual = port.isVirtual();
    s.api = port.api();
    s.name = port.name();
    s.sent = port.sent();
    return s;
}

Status MidiPorts::openInput(const MidiPortSelector& selector, MidiInputMode mode, MidiPortState& opened) {
    MidiPortInfo found;
    Status status = resolve(selector, true, found);
    if (!status.ok()) return status;
    std::lock_guard<std::mutex> lock(mutex_);
    const int input = mode == MidiInputMode::instrument ? freeSchedulerInput() : 0;
    if (input < 0)
        return Status::error("ERR_TOO_MANY_PORTS", "MIDI: at most " + std::to_string(MidiScheduler::kInputs - 1) + " instrument inputs can be open at once");
    const uint32_t id = nextId_++;
    auto port = std::make_unique<MidiInputPort>(id, found.api, mode, engine_, input, dispatcher_);
    port->generation = jack_.generation();
    dispatcher_.add(id, port->controlQueue());
    status = port->open(found.name);
    if (!status.ok()) {
        port.reset();
        dispatcher_.remove(id);
        return status;
    }
    opened = describe(*port);
    inputs_[id] = std::move(port);
    return Status::success();
}

Status MidiPorts::createVirtualInput(MidiApi api, const std::string& name, MidiInputMode mode, MidiPortState& opened) {
    if (name.empty()) return Status::error("ERR_BAD_ARGUMENT", "MIDI: a virtual port needs a name");
    std::lock_guard<std::mutex> lock(mutex_);
    const int input = mode == MidiInputMode::instrument ? freeSchedulerInput() : 0;
    if (input < 0)
        return Status::error("ERR_TOO_MANY_PORTS", "MIDI: at most " + std::to_string(MidiScheduler::kInputs - 1) + " instrument inputs can be open at once");
    const uint32_t id = nextId_++;
    if (api == MidiApi::jack && !jack_.poll()) return Status::error("ERR_MIDI_PORT", "jack MIDI: cannot create virtual input '" + name + "': no JACK server is running");
    auto port = std::make_unique<MidiInputPort>(id, api, mode, engine_, input, dispatcher_);
    port->generation = jack_.generation();
    dispatcher_.add(id, port->controlQueue());
    Status status = port->openVirtual(name);
    if (!status.ok()) {
        port.reset();
        dispatcher_.remove(id);
        return status;
    }
    opened = describe(*port);
    inputs_[id] = std::move(port);
    return Status::success();
}

Status MidiPorts::openOutput(const MidiPortSelector& selector, MidiPortState& opened, JackDelivery delivery) {
    MidiPortInfo found;
    Status status = resolve(selector, false, found);
    if (!status.ok()) return status;
    std::lock_guard<std::mutex> lock(mutex_);
    const uint32_t id = nextId_++;
    auto port = std::make_shared<MidiOutputPort>(id, found.api, delivery);
    port->generation = jack_.generation();
    status = port->open(found.name);
    if (!status.ok()) return status;
    opened = describe(*port);
    outputs_[id] = std::move(port);
    return Status::success();
}

Status MidiPorts::createVirtualOutput(MidiApi api, const std::string& name, MidiPortState& opened, JackDelivery delivery) {
    if (name.empty()) return Status::error("ERR_BAD_ARGUMENT", "MIDI: a virtual port needs a name");
    std::lock_guard<std::mutex> lock(mutex_);
    const uint32_t id = nextId_++;
    if (api == MidiApi::jack && !jack_.poll()) return Status::error("ERR_MIDI_PORT", "jack MIDI: cannot create virtual output '" + name + "': no JACK server is running");
    auto port = std::make_shared<MidiOutputPort>(id, api, delivery);
    port->generation = jack_.generation();
    Status status = port->openVirtual(name);
    if (!status.ok()) return status;
    opened = describe(*port);
    outputs_[id] = std::move(port);
    return Status::success();
}

std::shared_ptr<MidiOutputPort> MidiPorts::output(uint32_t id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = outputs_.find(id);
    return it == outputs_.end() ? nullptr : it->second;
}

Status MidiPorts::send(uint32_t id, const uint8_t* data, size_t size, int64_t fromNs) {
    auto port = output(id);
    if (port == nullptr) return Status::error("ERR_MIDI_PORT_NOT_OPEN", "MIDI: output " + std::to_string(id) + " is not open");
    return port->send(data, size, fromNs);
}

Status MidiPorts::close(uint32_t id) {
    std::unique_ptr<MidiInputPort> input;
    std::shared_ptr<MidiOutputPort> output;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = inputs_.find(id); it != inputs_.end()) {
            input = std::move(it->second);
            inputs_.erase(it);
        } else if (auto out = outputs_.find(id); out != outputs_.end()) {
            output = std::move(out->second);
            outputs_.erase(out);
        } else {
            return Status::error("ERR_MIDI_PORT_NOT_OPEN", "MIDI: port " + std::to_string(id) + " is not open");
        }
    }
    if (input != nullptr) {
        if (stale(input->api(), input->generation)) input->abandon();
        input.reset();  // RtMidi stops calling back first
        dispatcher_.remove(id);
    }
    if (output != nullptr && stale(output->api(), output->generation)) output->abandon();
    return Status::success();
}

void MidiPorts::closeAll() {
    std::vector<uint32_t> ids;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [id, port] : inputs_) ids.push_back(id);
        for (const auto& [id, port] : outputs_) ids.push_back(id);
    }
    for (uint32_t id : ids) close(id);
}

std::vector<MidiPortState> MidiPorts::states() const {
    const MidiPortList now = list();
    auto present = [&](const std::vector<MidiPortInfo>& ports, const MidiPortState& s) {
        for (const auto& p : ports) {
            if (p.api != s.api) continue;
            if (s.isVirtual ? p.name.find(":" + s.name) != std::string::npos : p.name == s.name) return true;
        }
        return false;
    };
    std::vector<MidiPortState> out;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, port] : inputs_) {
        MidiPortState s = describe(*port);
        // A virtual input is something others send to: it shows among the outputs' destinations, and vice versa.
        s.present = !stale(s.api, port->generation) && present(s.isVirtual ? now.outputs : now.inputs, s);
        out.push_back(s);
    }
    for (const auto& [id, port] : outputs_) {
        MidiPortState s = describe(*port);
        s.present = !stale(s.api, port->generation) && present(s.isVirtual ? now.inputs : now.outputs, s);
        out.push_back(s);
    }
    return out;
}

}  // namespace vcpi
