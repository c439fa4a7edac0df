#include "JackMidiOutput.hpp"

#include <jack/midiport.h>
#include <time.h>

#include <algorithm>
#include <cstring>

namespace vcpi {

namespace {
constexpr int64_t kLeadMarginNs = 1'000'000;  // beyond one period: the clock thread's wake-up and JACK's scheduling

int64_t monotonicMinusRawNs() noexcept {
    timespec mono{}, raw{};
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_MONOTONIC_RAW, &raw);
    return (static_cast<int64_t>(mono.tv_sec) - raw.tv_sec) * 1'000'000'000LL + (mono.tv_nsec - raw.tv_nsec);
}
}  // namespace

JackMidiOutput::JackMidiOutput() = default;

JackMidiOutput::~JackMidiOutput() {
    if (client_ == nullptr) return;
    jack_deactivate(client_);
    jack_client_close(client_);
}

Status JackMidiOutput::open(const std::string& clientName, const std::string& portName, const std::string& destination) {
    jack_status_t status{};
    client_ = jack_client_open(clientName.c_str(), static_cast<jack_options_t>(JackNoStartServer), &status);
    if (client_ == nullptr)
        return Status::error("ERR_MIDI_PORT", "jack MIDI: cannot open a client for output '" + portName + "' (jack status 0x" +
                                                  std::to_string(static_cast<int>(status)) + "): is a JACK server running?");
    port_ = jack_port_register(client_, portName.c_str(), JACK_DEFAULT_MIDI_TYPE, JackPortIsOutput, 0);
    if (port_ == nullptr) return Status::error("ERR_MIDI_PORT", "jack MIDI: cannot register output port '" + portName + "'");
    const double rate = jack_get_sample_rate(client_);
    const double period = jack_get_buffer_size(client_);
    periodNs_.store(static_cast<int64_t>(period * 1e9 / rate));
    leadNs_.store(periodNs_.load() + kLeadMarginNs);
    if (jack_set_process_callback(client_, processCallback, this) != 0 || jack_activate(client_) != 0)
        return Status::error("ERR_MIDI_PORT", "jack MIDI: cannot activate the client of output '" + portName + "'");
    if (!destination.empty() && jack_connect(client_, jack_port_name(port_), destination.c_str()) != 0)
        return Status::error("ERR_MIDI_PORT", "jack MIDI: cannot connect output '" + std::string(jack_port_name(port_)) + "' to '" + destination + "'");
    return Status::success();
}

bool JackMidiOutput::push(const uint8_t* data, size_t size, int64_t dueNs) noexcept {
    const size_t chunks = (size + kChunkBytes - 1) / kChunkBytes;
    if (size == 0 || size > kMaxMessage || queue_.writable() < chunks) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    for (size_t offset = 0; offset < size; offset += kChunkBytes) {
        Chunk c{};
        c.dueNs = dueNs;
        c.size = static_cast<uint32_t>(size);
        c.length = static_cast<uint8_t>(std::min(kChunkBytes, size - offset));
        std::memcpy(c.bytes, data + offset, c.length);
        queue_.push(c);  // cannot fail: writable() said there is room, and only this sender pushes
    }
    return true;
}

// Assembles the next message from the queue (possibly over several calls while its chunks arrive).
bool JackMidiOutput::takeMessage() noexcept {
    Chunk c;
    while (!ready_ && queue_.pop(c)) {
        if (have_ == 0) {
            size_ = c.size;
            due_ = c.dueNs;
        }
        std::memcpy(message_ + have_, c.bytes, c.length);
        have_ += c.length;
        ready_ = have_ >= size_;
    }
    return ready_;
}

int JackMidiOutput::processCallback(jack_nframes_t frames, void* self) {
    return static_cast<JackMidiOutput*>(self)->process(frames);
}

int JackMidiOutput::process(jack_nframes_t frames) noexcept {
    void* buffer = jack_port_get_buffer(port_, frames);
    jack_midi_clear_buffer(buffer);
    jack_nframes_t cycleFrame = 0;
    jack_time_t startUs = 0, nextUs = 0;
    float periodUs = 0;
    if (jack_get_cycle_times(client_, &cycleFrame, &startUs, &nextUs, &periodUs) != 0 || nextUs <= startUs) return 0;
    // The same conversion a receiver makes: frame f of this cycle is at cycleNs + f × nsPerFrame on the engine clock.
    const int64_t cycleNs = static_cast<int64_t>(startUs) * 1000 + monotonicMinusRawNs();
    const double nsPerFrame = static_cast<double>(nextUs - startUs) * 1000.0 / frames;
    const int64_t endNs = cycleNs + static_cast<int64_t>(frames * nsPerFrame);
    jack_nframes_t last = 0;
    while (takeMessage()) {
        if (due_ >= endNs) break;  // a later cycle's: it waits, and so does everything queued after it
        jack_nframes_t frame = 0;
        if (due_ != 0) {
            if (due_ < cycleNs) late_.fetch_add(1, std::memory_order_relaxed);
            else frame = std::min<jack_nframes_t>(frames - 1, static_cast<jack_nframes_t>((due_ - cycleNs) / nsPerFrame));
        }
        frame = std::max(frame, last);
        if (jack_midi_event_write(buffer, frame, message_, size_) == 0) written_.fetch_add(1, std::memory_order_relaxed);
        else dropped_.fetch_add(1, std::memory_order_relaxed);
        last = frame;
        ready_ = false;
        have_ = 0;
    }
    return 0;
}

}  // namespace vcpi
