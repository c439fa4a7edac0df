// What the MIDI port layer says about a port, independent of RtMidi: which system it belongs to (ALSA sequencer or
// JACK MIDI), its index in the combined list (ALSA ports first, then JACK) and its name as the system shows it.
#pragma once

#include <cstdint>
#include <string>

namespace vcpi {

enum class MidiApi : int { alsa = 0, jack = 1 };

inline const char* midiApiName(MidiApi api) noexcept { return api == MidiApi::alsa ? "alsa" : "jack"; }

// instrument: channel messages go into the engine's MIDI scheduler (stamped on arrival, sample-accurate, never
// through JS); anything else (SysEx, system messages) goes to JS like control traffic.
// control: every message goes to JS through the dispatcher thread.
enum class MidiInputMode : int { instrument = 0, control = 1 };

struct MidiPortInfo {
    MidiApi api = MidiApi::alsa;
    int index = 0;          // in the combined list (ALSA, then JACK), as "open by index" uses it
    int apiIndex = 0;       // RtMidi's port number within its API at listing time
    std::string name;
};

// How a caller names a port: by index in the combined list, or by a case-insensitive name substring, optionally
// restricted to one API.
struct MidiPortSelector {
    int index = -1;         // >= 0: by index
    std::string name;       // non-empty: by substring
    bool anyApi = true;
    MidiApi api = MidiApi::alsa;
};

// An opened port as status reports it.
struct MidiPortState {
    uint32_t id = 0;
    bool input = true, isVirtual = false, present = true;
    MidiApi api = MidiApi::alsa;
    MidiInputMode mode = MidiInputMode::control;
    std::string name;       // the port connected to, or the virtual port's own name
    uint64_t received = 0, toEngine = 0, toControl = 0, dropped = 0, sent = 0;
};

}  // namespace vcpi
