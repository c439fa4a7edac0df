// Opening and closing the JACK client behind one MIDI port (JackMidiInput, JackMidiSender): a client of its own with
// one port, so each port's process callback sees only its own events. Errors name the step, the client and the port.
#pragma once

#include <jack/jack.h>

#include <string>

namespace vcpi {

enum class JackMidiDirection { input, output };

// Opens client `clientName` (JACK renames it when taken, JackNoStartServer) and registers MIDI port `portName` on
// it. On failure `client` may be set (close it). Returns "" or what failed.
// Thread-safe: yes (separate clients). Realtime-safe: no.
std::string openJackMidiClient(const std::string& clientName, const std::string& portName, JackMidiDirection direction,
                               jack_client_t*& client, jack_port_t*& port);

// Sets the process callback, activates the client, and connects `peer` (a full JACK port name: the source of an
// input, the destination of an output) when not empty. Returns "" or what failed.
// Thread-safe: yes (separate clients). Realtime-safe: no.
std::string activateJackMidiClient(jack_client_t* client, jack_port_t* port, JackMidiDirection direction,
                                   JackProcessCallback callback, void* arg, const std::string& peer);

// Deactivates and closes a client (no process callback runs after this returns); null: nothing.
// Thread-safe: no (the owner). Realtime-safe: no.
void closeJackMidiClient(jack_client_t* client) noexcept;

}  // namespace vcpi
