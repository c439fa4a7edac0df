// Everything an engine needs to run live, created on first use and closed in a safe order: the audio device
// (LiveAudio), the MIDI ports and their control dispatcher, Ableton Link and the MIDI clock. Offline-only engines
// never create it (no threads, no sockets).
#pragma once

#include <memory>
#include <mutex>

#include "ControlDispatcher.hpp"
#include "LinkSession.hpp"
#include "LiveAudio.hpp"
#include "MidiClock.hpp"
#include "MidiPorts.hpp"

namespace vcpi {

class Engine;

class LiveSession {
public:
    // Starts the dispatcher thread; control batches go to sink. Thread-safe: no. Realtime-safe: no.
    LiveSession(Engine& engine, ControlDispatcher::Sink sink);
    // close() must have run. Thread-safe: no. Realtime-safe: no.
    ~LiveSession();

    // Thread-safe: yes (the objects themselves say what may be called where). Realtime-safe: no.
    LiveAudio& audio() noexcept { return *audio_; }
    MidiPorts& midi() noexcept { return *midi_; }
    ControlDispatcher& dispatcher() noexcept { return *dispatcher_; }
    // Created on first use (Link's network thread starts then, disabled). Thread-safe: yes. Realtime-safe: no.
    LinkSession& link();
    MidiClock& clock();
    // The clock if it was created, else null. Thread-safe: yes. Realtime-safe: no.
    MidiClock* clockIfCreated() {
        std::lock_guard<std::mutex> lock(mutex_);
        return clock_.get();
    }
    // Stops the clock, the device, closes the ports, stops the dispatcher and leaves Link, in that order.
    // Idempotent. Thread-safe: no (message thread: JUCE devices). Realtime-safe: no.
    void close();
    // Thread-safe: yes. Realtime-safe: no.
    bool closed() {
        std::lock_guard<std::mutex> lock(mutex_);
        return closed_;
    }

private:
    Engine& engine_;
    std::mutex mutex_;
    std::unique_ptr<ControlDispatcher> dispatcher_;
    std::unique_ptr<MidiPorts> midi_;
    std::unique_ptr<LiveAudio> audio_;
    std::unique_ptr<LinkSession> link_;
    std::unique_ptr<MidiClock> clock_;
    bool closed_ = false;
};

}  // namespace vcpi
