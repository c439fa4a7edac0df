#include "LiveSession.hpp"

#include "Engine.hpp"

namespace vcpi {

LiveSession::LiveSession(Engine& engine, ControlDispatcher::Sink sink)
    : engine_(engine), dispatcher_(std::make_unique<ControlDispatcher>(std::move(sink))),
      midi_(std::make_unique<MidiPorts>(engine, *dispatcher_)), audio_(std::make_unique<LiveAudio>(engine, nullptr)) {}

LiveSession::~LiveSession() = default;

LinkSession& LiveSession::link() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (link_ == nullptr) {
        // Link's local timeline starts at the engine's tempo and quantum; from now on Link's tempo is the engine's.
        link_ = std::make_unique<LinkSession>(engine_.transport().tempo());
        link_->setQuantum(engine_.transport().quantum());
        audio_->setLink(link_.get());
        engine_.transport().attachLink(link_.get());
    }
    return *link_;
}

MidiClock& LiveSession::clock() {
    LinkSession& session = link();
    std::lock_guard<std::mutex> lock(mutex_);
    if (clock_ == nullptr) clock_ = std::make_unique<MidiClock>(session, engine_.transport());
    return *clock_;
}

void LiveSession::close() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (closed_) return;
        closed_ = true;
    }
    if (clock_ != nullptr) clock_->shutdown();
    audio_->stop();
    audio_->tap().stop();
    audio_->setLink(nullptr);
    engine_.transport().attachLink(nullptr);
    midi_->closeAll();
    dispatcher_->stop();  // joins the thread: no batch reaches JS after this
    if (link_ != nullptr) link_->enable(false);
}

}  // namespace vcpi
