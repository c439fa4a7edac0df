#include "MidiOutputPort.hpp"

#include <rtmidi/RtMidi.h>

#include <chrono>

#include "JackMidiSender.hpp"

namespace vcpi {

namespace {
// Beyond one period, how early the clock hands a JACK output a tick: its thread's wake-up and JACK's scheduling.
constexpr int64_t kLeadMarginNs = 1'000'000;

RtMidi::Api rtApi(MidiApi api) { return api == MidiApi::alsa ? RtMidi::LINUX_ALSA : RtMidi::UNIX_JACK; }
void quietError(RtMidiError::Type, const std::string& text, void* last) { *static_cast<std::string*>(last) = text; }

// Data bytes after each status byte (-1: variable, SysEx).
int dataBytes(uint8_t status) {
    if (status < 0xF0) return (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 1 : 2;
    switch (status) {
        case 0xF0: return -1;
        case 0xF1: case 0xF3: return 1;
        case 0xF2: return 2;
        default: return 0;  // F6, F8-FF (F4/F5/F7 are refused before this)
    }
}
}  // namespace

MidiOutputPort::MidiOutputPort(uint32_t id, MidiApi api, JackDelivery delivery) : id_(id), api_(api), delivery_(delivery) {}

MidiOutputPort::~MidiOutputPort() {
    std::lock_guard<std::mutex> lock(sendMutex_);
    if (out_ != nullptr) out_->closePort();
    out_.reset();
    jack_.reset();
}

void MidiOutputPort::abandon() noexcept {
    std::lock_guard<std::mutex> lock(sendMutex_);
    (void)out_.release();
    if (jack_ != nullptr) jack_->abandon();  // kept (accessors read it); its destructor then leaves the client alone
    gone_ = true;
}

int64_t MidiOutputPort::leadNs() const noexcept { return jack_ != nullptr ? jack_->periodNs() + kLeadMarginNs : 0; }

int64_t MidiOutputPort::periodNs() const noexcept { return jack_ != nullptr ? jack_->periodNs() : 0; }

uint64_t MidiOutputPort::late() const noexcept { return jack_ != nullptr ? jack_->late() : 0; }

bool MidiOutputPort::nativeJack() const noexcept { return api_ == MidiApi::jack && delivery_ == JackDelivery::frame; }

Status MidiOutputPort::create(const std::string& what) {
    try {
        out_ = std::make_unique<RtMidiOut>(rtApi(api_), "vcpi");
    } catch (const RtMidiError& e) {
        return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: cannot " + what + ": " + e.getMessage());
    }
    out_->setErrorCallback(quietError, &lastError_);
    return Status::success();
}

Status MidiOutputPort::open(const std::string& portName) {
    if (nativeJack()) {
        jack_ = std::make_unique<JackMidiSender>();
        if (const std::string failed = jack_->open("vcpi", "midi_out", portName); !failed.empty()) return Status::error("ERR_MIDI_PORT", failed);
        name_ = portName;
        return Status::success();
    }
    Status status = create("open output '" + portName + "'");
    if (!status.ok()) return status;
    const unsigned count = out_->getPortCount();
    for (unsigned i = 0; i < count; ++i) {
        if (out_->getPortName(i) != portName) continue;
        lastError_.clear();
        out_->openPort(i, "midi_out");
        if (!out_->isPortOpen())
            return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: cannot open output '" + portName +
                                                      "': " + (lastError_.empty() ? "RtMidi refused" : lastError_));
        name_ = portName;
        return Status::success();
    }
    return Status::error("ERR_MIDI_PORT_NOT_FOUND", std::string(midiApiName(api_)) + " MIDI: output '" + portName + "' disappeared before it could be opened");
}

Status MidiOutputPort::openVirtual(const std::string& portName) {
    if (nativeJack()) {
        jack_ = std::make_unique<JackMidiSender>();
        if (const std::string failed = jack_->open("vcpi", portName, ""); !failed.empty()) return Status::error("ERR_MIDI_PORT", failed);
        name_ = portName;
        virtual_ = true;
        return Status::success();
    }
    Status status = create("create virtual output '" + portName + "'");
    if (!status.ok()) return status;
    lastError_.clear();
    out_->openVirtualPort(portName);
    if (!lastError_.empty())
        return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: cannot create virtual output '" + portName + "': " + lastError_);
    name_ = portName;
    virtual_ = true;
    return Status::success();
}

Status MidiOutputPort::check(const uint8_t* data, size_t size) {
    if (size == 0) return Status::error("ERR_BAD_MIDI", "MIDI out: empty message");
    const uint8_t status = data[0];
    if (status < 0x80 || status == 0xF4 || status == 0xF5 || status == 0xF7)
        return Status::error("ERR_BAD_MIDI", "MIDI out: byte 0 (0x" + std::to_string(status) + ") is not a status byte that starts a message");
    const int expected = dataBytes(status);
    if (expected < 0) {
        if (size < 2 || data[size - 1] != 0xF7) return Status::error("ERR_BAD_MIDI", "MIDI out: a SysEx message must end with F7");
        for (size_t i = 1; i + 1 < size; ++i)
            if (data[i] > 0x7F) return Status::error("ERR_BAD_MIDI", "MIDI out: SysEx byte " + std::to_string(i) + " is above 127");
        return Status::success();
    }
    if (static_cast<int>(size) != expected + 1)
        return Status::error("ERR_BAD_MIDI", "MIDI out: status byte " + std::to_string(status) + " takes " + std::to_string(expected) +
                                                 " data byte(s), got " + std::to_string(size - 1));
    for (size_t i = 1; i < size; ++i)
        if (data[i] > 0x7F) return Status::error("ERR_BAD_MIDI", "MIDI out: data byte " + std::to_string(i) + " is above 127");
    return Status::success();
}

Status MidiOutputPort::send(const uint8_t* data, size_t size, int64_t fromNs) {
    if (jack_ == nullptr) return sendAt(data, size, 0);
    if (fromNs == 0)
        fromNs = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    return sendAt(data, size, fromNs + jack_->periodNs());
}

Status MidiOutputPort::sendAt(const uint8_t* data, size_t size, int64_t dueNs) {
    Status status = check(data, size);
    if (!status.ok()) return status;
    std::lock_guard<std::mutex> lock(sendMutex_);
    if (jack_ != nullptr && !gone_) {
        if (!jack_->send(data, size, dueNs))
            return Status::error("ERR_MIDI_PORT", "jack MIDI: send to '" + name_ + "' failed: its queue is full (" + std::to_string(size) + " bytes)");
        sent_.fetch_add(1, std::memory_order_relaxed);
        return Status::success();
    }
    if (nativeJack()) return Status::error("ERR_MIDI_PORT", "jack MIDI: '" + name_ + "' is gone (its JACK server stopped)");
    if (out_ == nullptr) return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: '" + name_ + "' is gone (its JACK server stopped)");
    lastError_.clear();
    out_->sendMessage(data, size);
    if (!lastError_.empty()) return Status::error("ERR_MIDI_PORT", std::string(midiApiName(api_)) + " MIDI: send to '" + name_ + "' failed: " + lastError_);
    sent_.fetch_add(1, std::memory_order_relaxed);
    return Status::success();
}

}  // namespace vcpi
