// Splits a byte stream into whole MIDI messages, for ports that take one message per send (RtMidi's JACK and ALSA
// outputs): SysEx F0…F7 kept whole, running status expanded, real-time bytes (F8-FF) alone wherever they fall.
// Stray data bytes and an unfinished last message are dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vcpi::capture {

// Data bytes after a status byte (0 for SysEx, which ends at F7, and for undefined statuses).
inline int midiDataBytes(uint8_t status) noexcept {
    if (status < 0xF0) return (status & 0xE0) == 0xC0 ? 1 : 2;
    if (status == 0xF1 || status == 0xF3) return 1;
    if (status == 0xF2) return 2;
    return 0;
}

// Thread-safe: yes (no shared state). Realtime-safe: no (allocates).
template <typename Fn>
void forEachMidiMessage(const uint8_t* bytes, size_t size, Fn&& fn) {
    std::vector<uint8_t> message;
    uint8_t running = 0;
    bool inSysex = false;
    for (size_t i = 0; i < size; ++i) {
        const uint8_t b = bytes[i];
        if (b >= 0xF8) {  // real-time: a message of its own, even inside another
            fn(&b, 1);
            continue;
        }
        if (inSysex) {
            if (b == 0xF7) {
                message.push_back(b);
                fn(message.data(), message.size());
                message.clear();
                inSysex = false;
                continue;
            }
            if (b < 0x80) {
                message.push_back(b);
                continue;
            }
            message.clear();  // a status byte cuts an unfinished SysEx short: drop it
            inSysex = false;
        }
        if (b == 0xF7) {  // an end of SysEx with no start: stray
            message.clear();
            continue;
        }
        if (b == 0xF0) {
            message.assign(1, b);
            inSysex = true;
            running = 0;
            continue;
        }
        if (b >= 0x80) {
            message.assign(1, b);
            running = b < 0xF0 ? b : 0;  // system common messages cancel running status
        } else if (message.empty()) {
            if (running == 0) continue;  // stray data byte
            message.assign({running, b});
        } else {
            message.push_back(b);
        }
        if (static_cast<int>(message.size()) == 1 + midiDataBytes(message[0])) {
            fn(message.data(), message.size());
            message.clear();
        }
    }
}

}  // namespace vcpi::capture
