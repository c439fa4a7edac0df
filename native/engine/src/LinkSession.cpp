#include "LinkSession.hpp"

#include <cmath>

namespace vcpi {

namespace {
std::chrono::microseconds micros(int64_t ns) { return std::chrono::microseconds(ns / 1000); }
int64_t nanos(std::chrono::microseconds us) { return static_cast<int64_t>(us.count()) * 1000; }
}  // namespace

LinkSession::LinkSession(double bpm) : link_(bpm) {}

LinkSession::~LinkSession() { link_.enable(false); }

void LinkSession::enable(bool on) { link_.enable(on); }

void LinkSession::enableStartStopSync(bool on) {
    link_.enableStartStopSync(on);
    startStopSync_.store(on);
}

void LinkSession::setTempo(double bpm) {
    auto state = link_.captureAppSessionState();
    state.setTempo(bpm, link_.clock().micros());
    link_.commitAppSessionState(state);
}

void LinkSession::setPlaying(bool playing) {
    auto state = link_.captureAppSessionState();
    const auto now = link_.clock().micros();
    if (playing) state.setIsPlayingAndRequestBeatAtTime(true, now, 0.0, quantum());
    else state.setIsPlaying(false, now);
    link_.commitAppSessionState(state);
}

LinkSnapshot LinkSession::snapshot(int64_t timeNs) const {
    const auto state = link_.captureAppSessionState();
    const auto at = timeNs == 0 ? link_.clock().micros() : micros(timeNs);
    LinkSnapshot s;
    s.enabled = link_.isEnabled();
    s.startStopSync = link_.isStartStopSyncEnabled();
    s.peers = link_.numPeers();
    s.quantum = quantum();
    s.tempo = state.tempo();
    s.beat = state.beatAtTime(at, s.quantum);
    s.phase = state.phaseAtTime(at, s.quantum);
    s.playing = state.isPlaying();
    s.timeNs = nanos(at);
    return s;
}

int64_t LinkSession::timeAtBeat(double beat) const {
    return nanos(link_.captureAppSessionState().timeAtBeat(beat, quantum()));
}

double LinkSession::beatAtTime(int64_t timeNs) const {
    return link_.captureAppSessionState().beatAtTime(micros(timeNs), quantum());
}

void LinkSession::onAudioCallback(int64_t heardAtNs) noexcept {
    audioState_.emplace(link_.captureAudioSessionState());
    audioEnabled_ = link_.isEnabled();
    audioStartStopSync_ = startStopSync_.load(std::memory_order_relaxed);  // Link's own getter is not realtime-safe
    const auto& state = *audioState_;
    const double q = quantum_.load(std::memory_order_relaxed);
    audioBeat_.store(state.beatAtTime(micros(heardAtNs), q), std::memory_order_relaxed);
    audioPhase_.store(state.phaseAtTime(micros(heardAtNs), q), std::memory_order_relaxed);
    audioTempo_.store(state.tempo(), std::memory_order_relaxed);
    audioPlaying_.store(state.isPlaying(), std::memory_order_relaxed);
    audioTime_.store(heardAtNs, std::memory_order_release);
}

LinkAudioBeat LinkSession::audioBeatAt(int64_t heardAtNs, double quantum) const noexcept {
    LinkAudioBeat b;
    if (!audioState_.has_value()) return b;
    b.valid = true;
    b.enabled = audioEnabled_;
    b.startStopSync = audioStartStopSync_;
    b.playing = audioState_->isPlaying();
    b.tempo = audioState_->tempo();
    b.beat = audioState_->beatAtTime(micros(heardAtNs), quantum);
    return b;
}

LinkSnapshot LinkSession::audioView() const noexcept {
    LinkSnapshot s;
    s.timeNs = audioTime_.load(std::memory_order_acquire);
    s.enabled = link_.isEnabled();
    s.quantum = quantum();
    s.beat = audioBeat_.load(std::memory_order_relaxed);
    s.phase = audioPhase_.load(std::memory_order_relaxed);
    s.tempo = audioTempo_.load(std::memory_order_relaxed);
    s.playing = audioPlaying_.load(std::memory_order_relaxed);
    return s;
}

}  // namespace vcpi
