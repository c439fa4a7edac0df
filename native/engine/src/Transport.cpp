#include "Transport.hpp"

#include <algorithm>
#include <cmath>

#include "LinkSession.hpp"

namespace vcpi {

void Transport::beginBlock(int64_t samplePosition, int n, int64_t blockNs, bool offline) noexcept {
    const double quantum = quantum_.load(std::memory_order_relaxed);
    double bpm = tempo_.load(std::memory_order_relaxed);
    bool playing = playing_.load(std::memory_order_relaxed);
    double ppq = nextPpq_;
    bool fromLink = false;
    if (!offline) {
        if (LinkSession* link = link_.load(std::memory_order_acquire)) {
            const LinkAudioBeat b = link->audioBeatAt(blockNs + latencyNs_.load(std::memory_order_relaxed), quantum);
            if (b.valid) {
                // Link's tempo is the engine's tempo, shared or local (with Link off, its local timeline is the
                // internal tempo the MIDI clock runs at): keep it, so a render afterwards continues at it.
                bpm = b.tempo;
                tempo_.store(bpm, std::memory_order_relaxed);
                if (b.enabled) {
                    ppq = b.beat;
                    fromLink = true;
                    if (b.startStopSync) playing = b.playing;
                }
            }
        }
    }
    nextPpq_ = ppq + static_cast<double>(n) * bpm / 60.0 / sampleRate_;

    const double bar = std::floor(ppq / quantum + 1e-9);
    const double barStart = bar * quantum;
    const int numerator = std::max(1, static_cast<int>(std::lround(quantum)));
    position_ = PositionInfo();
    position_.setBpm(bpm);
    position_.setTimeSignature(TimeSignature{numerator, 4});
    position_.setPpqPosition(ppq);
    position_.setPpqPositionOfLastBarStart(barStart);
    position_.setBarCount(static_cast<int64_t>(bar));
    position_.setIsPlaying(playing);
    position_.setTimeInSamples(samplePosition);
    position_.setTimeInSeconds(static_cast<double>(samplePosition) / sampleRate_);
    if (blockNs >= 0) position_.setHostTimeNs(static_cast<uint64_t>(blockNs));
    publish(bpm, ppq, barStart, quantum, static_cast<int64_t>(bar), samplePosition, blockNs, playing, fromLink);
}

void Transport::publish(double bpm, double ppq, double barStart, double quantum, int64_t bar, int64_t samples, int64_t ns,
                        bool playing, bool link) noexcept {
    pubBpm_.store(bpm, std::memory_order_relaxed);
    pubPpq_.store(ppq, std::memory_order_relaxed);
    pubBarStart_.store(barStart, std::memory_order_relaxed);
    pubQuantum_.store(quantum, std::memory_order_relaxed);
    pubBar_.store(bar, std::memory_order_relaxed);
    pubSamples_.store(samples, std::memory_order_relaxed);
    pubHostNs_.store(ns, std::memory_order_relaxed);
    pubPlaying_.store(playing, std::memory_order_relaxed);
    pubLink_.store(link, std::memory_order_relaxed);
    pubBlocks_.fetch_add(1, std::memory_order_release);
}

TransportSnapshot Transport::snapshot() const noexcept {
    TransportSnapshot s;
    s.blocks = pubBlocks_.load(std::memory_order_acquire);
    s.bpm = s.blocks == 0 ? tempo() : pubBpm_.load(std::memory_order_relaxed);
    s.ppq = pubPpq_.load(std::memory_order_relaxed);
    s.barStartPpq = pubBarStart_.load(std::memory_order_relaxed);
    s.quantum = s.blocks == 0 ? quantum() : pubQuantum_.load(std::memory_order_relaxed);
    s.bar = pubBar_.load(std::memory_order_relaxed);
    s.timeInSamples = pubSamples_.load(std::memory_order_relaxed);
    s.hostTimeNs = pubHostNs_.load(std::memory_order_relaxed);
    s.playing = s.blocks == 0 ? ownPlaying() : pubPlaying_.load(std::memory_order_relaxed);
    s.link = pubLink_.load(std::memory_order_relaxed);
    return s;
}

}  // namespace vcpi
