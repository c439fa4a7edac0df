// What crosses from the audio thread (and the Arp port's MIDI thread) to the JS thread: plain, trivially copyable
// values carried by preallocated SPSC queues (SpscQueue static_asserts it). Absolute sample positions count from the
// plugin's first processed sample; host times are hostNowUs().
#pragma once

#include <cstdint>
#include <type_traits>

namespace vcpi::capture {

// A piece of the synth's return, mono: (L + R) / 2 of the input bus (a one-channel bus as it is). A host block longer
// than kFrames is split into several chunks, the first flagged `blockStart`; `hostUs` is when the block's first
// sample was being processed, advanced by the sample rate for the later chunks.
struct AudioChunk {
    static constexpr int kFrames = 256;
    int64_t startSample;
    double hostUs;
    int32_t frames;
    bool blockStart;
    float samples[kFrames];
};

// One performance message (channel voice or system common/real-time, 1-3 bytes) at an absolute sample position.
struct MidiItem {
    int64_t sample;
    uint8_t size;
    uint8_t data[3];
};

// The host's transport while it plays: tempo (quarter notes a minute), bar length in quarter notes (numerator · 4 /
// denominator), and where beat 0 falls on the plugin's sample line (originSample = block start − ppq · samples a
// beat). Sent when it changes.
struct TransportItem {
    double bpm;
    double beatsPerBar;
    double originSample;
};

// A user action seen on the audio thread as a parameter edge (a host's automation, linkvst's `set`, the editor).
enum class Action : uint8_t { calibrate, recordOn, recordOff, play, abort, send };

struct ActionItem {
    Action action;
    int64_t sample;
};

// Bytes from the Arp's port as they arrived (one MIDI message, or part of a long SysEx), stamped on arrival.
struct ArpBytes {
    static constexpr int kBytes = 246;
    double hostUs;
    uint16_t size;
    uint8_t data[kBytes];
};

static_assert(std::is_trivially_copyable_v<AudioChunk> && std::is_trivially_copyable_v<MidiItem> &&
              std::is_trivially_copyable_v<TransportItem> && std::is_trivially_copyable_v<ActionItem> &&
              std::is_trivially_copyable_v<ArpBytes>);

}  // namespace vcpi::capture
