// The Arp's USB MIDI port, on the ALSA sequencer or JACK MIDI, whichever is running: opened by a name (part of the
// port's name, case-insensitive) or found by the Universal Device Inquiry reply (PROTOCOL.md §4.5: manufacturer 7D,
// family 1); watched once a second, closed when the port goes away, reopened when it comes back. Ports are listed
// through RtMidi. ALSA: RtMidi's ports; bytes from the Arp are stamped on arrival on RtMidi's input thread, bytes to
// it leave at once. JACK: clients of the plugin's own (libjack: JackMidiInput, JackMidiSender), so both directions
// have an exactly known delay — bytes to the Arp are written at the frame one JACK period after their send time,
// bytes from it are stamped with the time of the frame they were written at (JACK's cycle times on the host clock).
// Either way they cross to the JS thread through an SPSC queue.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "BridgeEvents.hpp"
#include "SpscQueue.hpp"

class RtMidiIn;
class RtMidiOut;

namespace vcpi {
class JackMidiInput;
class JackMidiSender;
}  // namespace vcpi

namespace vcpi::capture {

class ArpPort {
public:
    // An open input port and its queue (RtMidi's input thread or JACK's process thread pushes, the JS thread pops).
    struct Input {
        Input();
        ~Input();  // closes the port (stopping its callbacks) before the queue goes
        std::unique_ptr<RtMidiIn> midi;          // ALSA
        std::unique_ptr<JackMidiInput> jack;     // JACK
        SpscQueue<ArpBytes> queue;
        std::atomic<uint64_t> drops{0};
    };
    // An open output port. Thread-safe: no (the JS thread). Realtime-safe: no.
    struct Output {
        Output();
        ~Output();
        // One whole message, leaving one JACK period after fromUs (host µs) on JACK, at once on ALSA.
        void send(const uint8_t* message, size_t size, double fromUs);
        std::unique_ptr<RtMidiOut> midi;       // ALSA
        std::unique_ptr<JackMidiSender> jack;  // JACK
    };

    using Log = std::function<void(const std::string&)>;  // must be thread-safe (RtMidi reports from its threads)

    // Thread-safe: no (the JS thread owns the port). Realtime-safe: no.
    explicit ArpPort(Log log);
    ~ArpPort();
    ArpPort(const ArpPort&) = delete;
    ArpPort& operator=(const ArpPort&) = delete;

    // A name (substring) to open instead of searching; empty: find the Arp by its identity reply. Reconnects when
    // it changes. Thread-safe: no (JS thread). Realtime-safe: no.
    void setPreferred(const std::string& name);
    // No port at all (VCPI_ARP_PORT=off). Thread-safe: no (JS thread). Realtime-safe: no.
    void setDisabled(bool disabled);

    // Checks the connected ports still exist (closing them when gone), else connects: to the preferred port, or by
    // asking each output for its identity when the port list changed since the last search or `search` is set. A
    // search blocks up to ~250 ms per candidate output. Thread-safe: no (JS thread). Realtime-safe: no.
    void poll(bool search = false);

    bool connected() const noexcept { return out_ != nullptr; }
    // The name to keep in the state (a part of the port names that finds them again) of the current or last
    // connection; empty before the first.
    const std::string& name() const noexcept { return name_; }
    // One line for the status: which ports, or why there are none. Thread-safe: no (JS thread). Realtime-safe: no.
    std::string describe() const;
    // Bytes from the Arp that were dropped because the JS thread was behind. Thread-safe: yes. Realtime-safe: yes.
    uint64_t drops() const noexcept;

    // Sends bytes (one or more whole messages) to the Arp; dropped when not connected. fromUs: the host time the
    // sender stamped the send with (HostClock.hpp); on JACK the bytes are written at the frame of fromUs + one period
    // (a fixed delay, and a wire time the sender knows), on ALSA they leave at once. Thread-safe: no (JS thread).
    // Realtime-safe: no.
    void send(const uint8_t* bytes, size_t size, double fromUs);

    // Hands every received chunk, in arrival order, to fn(const ArpBytes&). Thread-safe: no (JS thread).
    // Realtime-safe: yes.
    template <typename Fn>
    void drain(Fn&& fn) {
        if (in_ == nullptr) return;
        ArpBytes chunk;
        while (in_->queue.pop(chunk)) fn(chunk);
    }

    // The names the search skips: this plugin's own ports and ALSA's "Midi Through". Thread-safe: yes. Realtime-safe: no.
    static bool isOwnOrThrough(const std::string& portName);
    // The part of an input's and an output's names that finds both again: the whole name when they are the same
    // (ALSA, its client:port numbers dropped: they change on replug), else their longest common part ("arp-sim" of
    // "arp-sim:out" and "arp-sim:in"), else the input's name. Thread-safe: yes. Realtime-safe: no.
    static std::string commonName(const std::string& input, const std::string& output);
    // Whether a byte stream holds the Arp's identity reply. Thread-safe: yes. Realtime-safe: yes.
    static bool holdsArpIdentity(const uint8_t* bytes, size_t size) noexcept;

private:
    struct Api;  // one MIDI system (ALSA or JACK) and the clients that list its ports
    void refreshApis();
    bool openPreferred();
    bool search();
    void connect(int api, std::unique_ptr<Input> in, std::unique_ptr<Output> out, const std::string& outName);
    void disconnect(const std::string& why);
    void abandonJack();
    bool stillPresent();
    std::string portListSignature();

    Log log_;
    std::vector<std::unique_ptr<Api>> apis_;
    std::string preferred_;
    bool disabled_ = false;
    std::unique_ptr<Input> in_;
    std::unique_ptr<Output> out_;
    int api_ = 0;
    std::string inName_, outName_, name_;
    std::string searchedSignature_;
    std::string jackServer_;  // the running JACK server's identity (its socket's inode and time), empty: none
    std::string lastProblem_ = "no Arp port found yet";
    std::atomic<uint64_t> closedDrops_{0};
};

}  // namespace vcpi::capture
