#include "MidiInputPort.hpp"

#include <algorithm>

#include <rtmidi/RtMidi.h>

#include "ControlDispatcher.hpp"
#include "Engine.hpp"
#include "JackMidiInput.hpp"

namespace vcpi {

namespace {
RtMidi::Api rtApi(MidiApi api) { return api == MidiApi::alsa ? RtMidi::LINUX_ALSA : RtMidi::UNIX_JACK; }

// RtMidi reports run-time errors here instead of throwing or printing; the last one is kept for the caller.
void quietError(RtMidiError::Type, const std::string& text, void* last) { *static_cast<std::string*>(last) = text; }

size_t channelMessageLength(uint8_t status) {
    const uint8_t kind = status & 0xF0;
    if (status < 0x80 || status >= 0xF0) return 0;
    return kind == 0xC0 || kind == 0xD0 ? 2 : 3;
}
}  // namespace

MidiInputPort::MidiInputPort(uint32_t id, MidiApi api, MidiInputMode mode, Engine& engine, int schedulerInput,
                             ControlDispatcher& dispatcher)
    : id_(id), api_(api), mode_(mode), engine_(engine), schedulerInput_(schedulerInput), dispatcher_(dispatcher) {}

MidiInputPort::~MidiInputPort() {
    if (in_ != nullptr) {
        in_->cancelCallback();
        in_->closePort();
    }
    in_.reset();
    jack_.reset();  // deactivates its client: no callback runs after this
}

void MidiInputPort::abandon() noexcept {
    (void)in_.release();
    if (jack_ != nullptr) jack_->abandon();  // kept: its destructor then leaves the dead server's client alone
}

Status MidiInputPort::openJack(const std::string& portName, const std::string& source) {
    jack_ = std::make_unique<JackMidiInput>(&MidiInputPort::onJackMessage, this);
    const std::string problem = jack_->open("vcpi", portName, source);
    return problem.empty() ? Status::success() : Status::error("ERR_MIDI_PORT", problem);
}

Status MidiInputPort::create(const char* what) {
    try {
        in_ = std::make_unique<RtMidiIn>(rtApi(api_), "vcpi");
    } catch (const RtMidiError& e) {
        return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: cannot " + what + ": " + e.getMessage());
    }
    lastError_.clear();
    in_->setErrorCallback(quietError, &lastError_);
    in_->ignoreTypes(false, true, true);  // keep SysEx; drop timing clock and active sensing
    in_->setCallback(&MidiInputPort::onMessage, this);
    return Status::success();
}

Status MidiInputPort::open(const std::string& portName) {
    if (api_ == MidiApi::jack) {
        Status status = openJack("midi_in", portName);
        if (status.ok()) name_ = portName;
        return status;
    }
    Status status = create(("open input '" + portName + "'").c_str());
    if (!status.ok()) return status;
    const unsigned count = in_->getPortCount();
    for (unsigned i = 0; i < count; ++i) {
        if (in_->getPortName(i) != portName) continue;
        lastError_.clear();
        in_->openPort(i, "midi_in");
        if (!in_->isPortOpen())
            return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: cannot open input '" + portName +
                                                      "': " + (lastError_.empty() ? "RtMidi refused" : lastError_));
        name_ = portName;
        return Status::success();
    }
    return Status::error("ERR_MIDI_PORT_NOT_FOUND", std::string(midiApiName(api_)) + " MIDI: input '" + portName + "' disappeared before it could be opened");
}

Status MidiInputPort::openVirtual(const std::string& portName) {
    if (api_ == MidiApi::jack) {
        Status status = openJack(portName, "");
        if (!status.ok()) return status;
        name_ = portName;
        virtual_ = true;
        return Status::success();
    }
    Status status = create(("create virtual input '" + portName + "'").c_str());
    if (!status.ok()) return status;
    lastError_.clear();
    in_->openVirtualPort(portName);
    if (!lastError_.empty())
        return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: cannot create virtual input '" + portName + "': " + lastError_);
    name_ = portName;
    virtual_ = true;
    return Status::success();
}

void MidiInputPort::onMessage(double, std::vector<unsigned char>* message, void* self) {
    if (message != nullptr && !message->empty()) static_cast<MidiInputPort*>(self)->handle(message->data(), message->size(), Engine::nowNs());
}

void MidiInputPort::onJackMessage(void* self, const uint8_t* data, size_t size, int64_t timeNs) noexcept {
    static_cast<MidiInputPort*>(self)->handle(data, size, timeNs);
}

void MidiInputPort::handle(const unsigned char* data, size_t size, int64_t now) noexcept {
    received_.fetch_add(1, std::memory_order_relaxed);
    const size_t length = channelMessageLength(data[0]);
    if (mode_ == MidiInputMode::instrument && length != 0 && length == size) {
        MidiEvent event;
        event.time = now;
        for (size_t i = 0; i < size; ++i) event.data[i] = data[i];
        event.size = static_cast<uint8_t>(size);
        if (engine_.pushMidi(schedulerInput_, event)) toEngine_.fetch_add(1, std::memory_order_relaxed);
        else dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    if (pushControl(now, data, size)) {
        toControl_.fetch_add(1, std::memory_order_relaxed);
        dispatcher_.wake();
    } else {
        dropped_.fetch_add(1, std::memory_order_relaxed);
    }
}

bool MidiInputPort::pushControl(int64_t timeNs, const unsigned char* data, size_t size) noexcept {
    const size_t chunks = (size + ControlChunk::kPayload - 1) / ControlChunk::kPayload;
    if (control_.writable() < chunks) return false;  // all or nothing: a message is never cut
    for (size_t c = 0; c < chunks; ++c) {
        ControlChunk chunk;
        chunk.timeNs = timeNs;
        chunk.port = id_;
        const size_t from = c * ControlChunk::kPayload;
        const size_t n = std::min<size_t>(ControlChunk::kPayload, size - from);
        std::copy(data + from, data + from + n, chunk.data);
        chunk.size = static_cast<uint8_t>(n);
        chunk.last = c + 1 == chunks ? 1 : 0;
        control_.push(chunk);
    }
    return true;
}

}  // namespace vcpi
