// The transport every hosted plugin sees: one juce::AudioPlayHead per engine, set on each plugin when it is loaded
// (slot instruments, inserts, master chain). The audio thread computes one PositionInfo at the start of each
// processed block (beginBlock) and the plugins read it through getPosition() while that block runs: no lock, no
// allocation, nothing shared with other threads but atomics.
//
// Source of the position, per block:
//  - live, Link enabled: Link's timeline — ppq = Link's beat at the time the block's first sample is heard (its
//    anchored time + the device's output latency), read from the audio session state LiveAudio captured for this
//    callback; tempo = the session's.
//  - otherwise (Link disabled or absent, and every offline render): the engine's internal tempo (the tempo Link's
//    local timeline and the MIDI clock use when Link is off: `tempo`/engine.link.setTempo set it) advancing with the
//    samples processed — ppq grows by n × bpm / 60 / sampleRate per block, from 0 at the engine's first sample.
// Bar: numerator = the quantum (Link's bar length in beats, rounded to a whole number for the signature),
// denominator 4; the last bar start is floor(ppq / quantum) × quantum with the exact quantum.
//
// isPlaying follows the rule the MIDI clock follows: with Link enabled and start/stop sync on, the Link session's
// playing state; otherwise the engine's own transport, which plays from the start and is stopped/started by the
// clock's Stop/Start (set when the clock sends them, or at once when the clock has no output to send them to).
#pragma once

#include <atomic>
#include <cstdint>

#include <juce_audio_basics/juce_audio_basics.h>

namespace vcpi {

class LinkSession;

// What the audio thread last handed the plugins (for status; fields are read one by one, not as a unit).
struct TransportSnapshot {
    double bpm = 120.0, ppq = 0.0, barStartPpq = 0.0, quantum = 4.0;
    int64_t bar = 0, timeInSamples = 0, hostTimeNs = 0;
    bool playing = true, link = false;
    uint64_t blocks = 0;  // blocks positioned so far (0: none yet)
};

class Transport : public juce::AudioPlayHead {
public:
    // Thread-safe: no (construct before sharing). Realtime-safe: no.
    explicit Transport(double sampleRate) : sampleRate_(sampleRate) {}

    // The internal tempo (bpm 20..999, checked by the caller) and the bar length in beats (1..64).
    // Thread-safe: yes. Realtime-safe: yes.
    void setTempo(double bpm) noexcept { tempo_.store(bpm, std::memory_order_relaxed); }
    void setQuantum(double beats) noexcept { quantum_.store(beats, std::memory_order_relaxed); }
    double tempo() const noexcept { return tempo_.load(std::memory_order_relaxed); }
    double quantum() const noexcept { return quantum_.load(std::memory_order_relaxed); }
    // The engine's own playing state (used unless Link drives it). Thread-safe: yes. Realtime-safe: yes.
    void setPlaying(bool playing) noexcept { playing_.store(playing, std::memory_order_relaxed); }
    bool ownPlaying() const noexcept { return playing_.load(std::memory_order_relaxed); }
    // The Link session whose audio view live blocks read (null: none). The session must outlive the attachment;
    // detach before destroying it, with no audio running. Thread-safe: yes. Realtime-safe: yes.
    void attachLink(LinkSession* link) noexcept { link_.store(link, std::memory_order_release); }
    // The output latency of the running device, added to a block's time to find the beat it is heard at.
    // Thread-safe: yes. Realtime-safe: yes.
    void setOutputLatencyNs(int64_t ns) noexcept { latencyNs_.store(ns, std::memory_order_relaxed); }

    // Positions the block that starts at samplePosition (n frames) anchored at blockNs on the engine clock.
    // offline: a render (Link is not read). Thread-safe: no (the audio thread). Realtime-safe: yes.
    void beginBlock(int64_t samplePosition, int n, int64_t blockNs, bool offline) noexcept;
    // The current block's position. Thread-safe: no (the audio thread, inside a plugin's process). Realtime-safe: yes.
    juce::Optional<PositionInfo> getPosition() const override { return position_; }

    // Thread-safe: yes. Realtime-safe: yes.
    TransportSnapshot snapshot() const noexcept;

private:
    void publish(double bpm, double ppq, double barStart, double quantum, int64_t bar, int64_t samples, int64_t ns,
                 bool playing, bool link) noexcept;

    const double sampleRate_;
    std::atomic<double> tempo_{120.0}, quantum_{4.0};
    std::atomic<bool> playing_{true};
    std::atomic<LinkSession*> link_{nullptr};
    std::atomic<int64_t> latencyNs_{0};

    // audio-thread state
    PositionInfo position_;
    double nextPpq_ = 0.0;  // the internal timeline's ppq at the next block's first sample

    // published for status
    std::atomic<double> pubBpm_{120.0}, pubPpq_{0.0}, pubBarStart_{0.0}, pubQuantum_{4.0};
    std::atomic<int64_t> pubBar_{0}, pubSamples_{0}, pubHostNs_{0};
    std::atomic<bool> pubPlaying_{true}, pubLink_{false};
    std::atomic<uint64_t> pubBlocks_{0};
};

}  // namespace vcpi
