#include "JackMidiInput.hpp"

#include <jack/midiport.h>

#include "JackFrameClock.hpp"
#include "JackMidiClient.hpp"

namespace vcpi {

JackMidiInput::~JackMidiInput() { closeJackMidiClient(client_); }

std::string JackMidiInput::open(const std::string& clientName, const std::string& portName, const std::string& source) {
    std::string error = openJackMidiClient(clientName, portName, JackMidiDirection::input, client_, port_);
    if (error.empty()) error = activateJackMidiClient(client_, port_, JackMidiDirection::input, processCallback, this, source);
    return error;
}

std::string JackMidiInput::fullName() const { return port_ != nullptr ? jack_port_name(port_) : std::string(); }

int JackMidiInput::processCallback(jack_nframes_t frames, void* self) {
    return static_cast<JackMidiInput*>(self)->process(frames);
}

int JackMidiInput::process(jack_nframes_t frames) noexcept {
    void* buffer = jack_port_get_buffer(port_, frames);
    const uint32_t count = jack_midi_get_event_count(buffer);
    if (count == 0) return 0;
    JackCycle cycle;
    if (!currentJackCycle(client_, frames, cycle)) {
        // No map yet: the cycle's start as JACK's clock reads it now, converted (rare: the first cycles).
        cycle.startNs = static_cast<int64_t>(jack_get_time()) * 1000 + monotonicMinusRawNs();
        cycle.nsPerFrame = 0.0;
        unmapped_.fetch_add(count, std::memory_order_relaxed);
    }
    for (uint32_t i = 0; i < count; ++i) {
        jack_midi_event_t event;
        if (jack_midi_event_get(&event, buffer, i) != 0 || event.size == 0) continue;
        const uint8_t status = event.buffer[0];
        if (event.size == 1 && (status == 0xF8 || status == 0xFE)) continue;
        if (status == 0xF1) continue;
        sink_(user_, event.buffer, event.size, cycle.timeOf(event.time));
    }
    return 0;
}

}  // namespace vcpi
