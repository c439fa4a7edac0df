#include "JackMidiClient.hpp"

namespace vcpi {

namespace {
const char* name(JackMidiDirection direction) { return direction == JackMidiDirection::input ? "input" : "output"; }
}  // namespace

std::string openJackMidiClient(const std::string& clientName, const std::string& portName, JackMidiDirection direction,
                               jack_client_t*& client, jack_port_t*& port) {
    jack_status_t status{};
    client = jack_client_open(clientName.c_str(), static_cast<jack_options_t>(JackNoStartServer), &status);
    if (client == nullptr)
        return "jack MIDI: cannot open client '" + clientName + "' for " + name(direction) + " '" + portName +
               "' (jack status 0x" + std::to_string(static_cast<int>(status)) + "): is a JACK server running?";
    const unsigned long flags = direction == JackMidiDirection::input ? JackPortIsInput : JackPortIsOutput;
    port = jack_port_register(client, portName.c_str(), JACK_DEFAULT_MIDI_TYPE, flags, 0);
    if (port == nullptr) return std::string("jack MIDI: cannot register ") + name(direction) + " port '" + portName + "'";
    return {};
}

std::string activateJackMidiClient(jack_client_t* client, jack_port_t* port, JackMidiDirection direction,
                                   JackProcessCallback callback, void* arg, const std::string& peer) {
    const std::string own = jack_port_name(port);
    if (jack_set_process_callback(client, callback, arg) != 0 || jack_activate(client) != 0)
        return std::string("jack MIDI: cannot activate the client of ") + name(direction) + " '" + jack_port_short_name(port) + "'";
    if (peer.empty()) return {};
    if (direction == JackMidiDirection::input) {
        if (jack_connect(client, peer.c_str(), own.c_str()) != 0)
            return "jack MIDI: cannot connect '" + peer + "' to input '" + own + "'";
    } else if (jack_connect(client, own.c_str(), peer.c_str()) != 0) {
        return "jack MIDI: cannot connect output '" + own + "' to '" + peer + "'";
    }
    return {};
}

void closeJackMidiClient(jack_client_t* client) noexcept {
    if (client == nullptr) return;
    jack_deactivate(client);
    jack_client_close(client);
}

}  // namespace vcpi
