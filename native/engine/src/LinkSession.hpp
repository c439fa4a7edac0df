// Ableton Link inside the engine (Debian's header-only ableton-link-dev). Link runs on the engine's own clock
// (CLOCK_MONOTONIC, the clock of Engine::nowNs() and of JACK), so Link times and MIDI arrival times need no
// conversion. Disabled, it is still a local timeline: the MIDI clock follows it at the internal tempo.
//
// Two views: the application view (captureAppSessionState: tempo/beat/phase now, start/stop, used by the JS
// thread and the MIDI clock thread) and the audio view (captureAudioSessionState in the device callback, at the
// time the block is heard: callback time + output latency), published through atomics for status.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include <ableton/Link.hpp>
#include <ableton/platforms/linux/Clock.hpp>

namespace vcpi {

struct LinkSnapshot {
    bool enabled = false, startStopSync = false, playing = false;
    double tempo = 120.0, beat = 0.0, phase = 0.0, quantum = 4.0;
    uint64_t peers = 0;
    int64_t timeNs = 0;  // the time these beat/phase values are for
};

// Link's timeline at one time, as the audio thread sees it (valid false before the first onAudioCallback).
struct LinkAudioBeat {
    bool valid = false, enabled = false, startStopSync = false, playing = false;
    double tempo = 120.0, beat = 0.0;
};

class LinkSession {
public:
    using Link = ableton::BasicLink<ableton::platforms::linux::ClockMonotonic>;

    // Starts Link's own network thread (disabled: no traffic). Thread-safe: no. Realtime-safe: no.
    explicit LinkSession(double bpm = 120.0);
    ~LinkSession();

    // Joins/leaves the session. Thread-safe: yes. Realtime-safe: no.
    void enable(bool on);
    // Thread-safe: yes. Realtime-safe: yes.
    bool enabled() const { return link_.isEnabled(); }
    // Start/stop sync with peers. Thread-safe: yes. Realtime-safe: no.
    void enableStartStopSync(bool on);
    // Sets the tempo now (peers follow). bpm 20..999. Thread-safe: yes. Realtime-safe: no.
    void setTempo(double bpm);
    // Bar length in beats for phase and for Start on a bar; > 0. Thread-safe: yes. Realtime-safe: yes.
    void setQuantum(double beats) noexcept { quantum_.store(beats); }
    double quantum() const noexcept { return quantum_.load(); }
    // Starts/stops playing, sharing it with peers when start/stop sync is on. Starting maps beat 0 of a bar to the
    // next bar boundary, as Link's examples do. Thread-safe: yes. Realtime-safe: no.
    void setPlaying(bool playing);
    // The application view at timeNs (0: now). Thread-safe: yes. Realtime-safe: no.
    LinkSnapshot snapshot(int64_t timeNs = 0) const;
    // Time (engine ns) of `beat` on the current timeline, and beat at a time. Thread-safe: yes. Realtime-safe: no.
    int64_t timeAtBeat(double beat) const;
    double beatAtTime(int64_t timeNs) const;

    // Audio thread: captures the session at the time this block is heard and publishes beat/phase/tempo.
    // Thread-safe: no (the audio thread). Realtime-safe: yes (Link's audio-thread API).
    void onAudioCallback(int64_t heardAtNs) noexcept;
    // What the audio thread last saw (timeNs 0: no callback yet). Thread-safe: yes. Realtime-safe: yes.
    LinkSnapshot audioView() const noexcept;
    // Beat (for quantum), tempo and playing state at heardAtNs on the session state the last onAudioCallback
    // captured (a block of that callback asks for its own time). Thread-safe: no (the audio thread, after
    // onAudioCallback). Realtime-safe: yes.
    LinkAudioBeat audioBeatAt(int64_t heardAtNs, double quantum) const noexcept;

private:
    Link link_;
    std::atomic<double> quantum_{4.0};
    std::atomic<bool> startStopSync_{false};
    std::atomic<double> audioBeat_{0.0}, audioPhase_{0.0}, audioTempo_{120.0};
    std::atomic<bool> audioPlaying_{false};
    std::atomic<int64_t> audioTime_{0};
    // the audio thread's own: the state captured at its last callback, and Link's flags then
    std::optional<Link::SessionState> audioState_;
    bool audioEnabled_ = false, audioStartStopSync_ = false;
};

}  // namespace vcpi
