#include "JackMidiSender.hpp"

#include <jack/midiport.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "JackFrameClock.hpp"
#include "JackMidiClient.hpp"

namespace vcpi {

JackMidiSender::JackMidiSender() = default;

JackMidiSender::~JackMidiSender() { closeJackMidiClient(client_); }

std::string JackMidiSender::open(const std::string& clientName, const std::string& portName, const std::string& destination) {
    std::string error = openJackMidiClient(clientName, portName, JackMidiDirection::output, client_, port_);
    if (!error.empty()) return error;
    periodNs_ = static_cast<int64_t>(std::llround(jack_get_buffer_size(client_) * 1e9 / jack_get_sample_rate(client_)));
    return activateJackMidiClient(client_, port_, JackMidiDirection::output, processCallback, this, destination);
}

bool JackMidiSender::send(const uint8_t* data, size_t size, int64_t dueNs) noexcept {
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

bool JackMidiSender::takeMessage() noexcept {
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

int JackMidiSender::processCallback(jack_nframes_t frames, void* self) {
    return static_cast<JackMidiSender*>(self)->process(frames);
}

int JackMidiSender::process(jack_nframes_t frames) noexcept {
    void* buffer = jack_port_get_buffer(port_, frames);
    jack_midi_clear_buffer(buffer);
    JackCycle cycle;
    if (!currentJackCycle(client_, frames, cycle)) return 0;
    jack_nframes_t last = 0;
    while (takeMessage()) {
        if (due_ >= cycle.endNs) break;  // a later cycle's: it waits, and so does everything sent after it
        jack_nframes_t frame = 0;
        if (due_ < cycle.startNs) late_.fetch_add(1, std::memory_order_relaxed);
        else frame = std::min<jack_nframes_t>(frames - 1, static_cast<jack_nframes_t>(std::llround((due_ - cycle.startNs) / cycle.nsPerFrame)));
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
