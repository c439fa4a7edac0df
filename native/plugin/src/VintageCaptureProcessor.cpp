#include "VintageCaptureProcessor.hpp"

#include <cmath>

#include "HostClock.hpp"
#include "VintageCaptureEditor.hpp"

namespace vcpi::capture {

namespace {
constexpr auto kStateTimeout = std::chrono::milliseconds(2000);
}

VintageCaptureProcessor::VintageCaptureProcessor()
    : juce::AudioProcessor(BusesProperties()
                               .withInput("Synth return", juce::AudioChannelSet::stereo(), true)
                               .withOutput("Output", juce::AudioChannelSet::stereo(), true)),
      parameters_(CaptureParameters::addTo(*this)),
      js_(bridge_, takes_, parameters_, board_, [this](juce::AudioProcessorParameter& p) {
          if (auto* withId = dynamic_cast<juce::AudioProcessorParameterWithID*>(&p)) vst3Host_.valueChanged(withId->paramID, p.getValue());
      }) {
    setLatencySamples(0);  // no delay of our own: the Arp's start is scheduled so the synth is heard on the bar
    js_.start(sampleRate_);
}

VintageCaptureProcessor::~VintageCaptureProcessor() = default;

void VintageCaptureProcessor::prepareToPlay(double sampleRate, int) {
    sampleRate_ = sampleRate;
    monitorGain_.reset(sampleRate, 0.02);
    monitorGain_.setCurrentAndTargetValue(parameters_.monitor->get());
    js_.configure(sampleRate);
}

bool VintageCaptureProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const {
    const auto in = layouts.getMainInputChannelSet();
    const auto out = layouts.getMainOutputChannelSet();
    const bool inOk = in == juce::AudioChannelSet::mono() || in == juce::AudioChannelSet::stereo();
    const bool outOk = out == juce::AudioChannelSet::mono() || out == juce::AudioChannelSet::stereo();
    return inOk && outOk;
}

// --- the audio thread ----------------------------------------------------------------------------------------------

void VintageCaptureProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) {
    juce::ScopedNoDenormals noDenormals;
    const int frames = buffer.getNumSamples();
    const int64_t blockStart = sampleCounter_;
    const int inputs = std::min(getTotalNumInputChannels(), buffer.getNumChannels());
    const int outputs = std::min(getTotalNumOutputChannels(), buffer.getNumChannels());
    const Position position = readPosition();
    // The block's time: the host's own when it gives one on this clock (the vcpi engine on JACK: JACK's cycle time,
    // the map every client of the server shares, so the synth's placement and these samples agree to the frame);
    // else when this call runs, which lags the block's start by the host's wake-up and work before this plugin.
    const double hostUs = position.hostUs >= 0.0 ? position.hostUs : hostNowUs();

    sendTransport(position, blockStart);
    sendActions(blockStart);
    sendMidi(midi, blockStart);
    if (frames > 0) {
        sendInput(buffer, inputs, frames, blockStart, hostUs);
        renderOutput(buffer, inputs, outputs, frames, blockStart, position);
    }
    midi.clear();
    sampleCounter_ += frames;
}

VintageCaptureProcessor::Position VintageCaptureProcessor::readPosition() noexcept {
    Position p;
    auto* playHead = getPlayHead();
    if (playHead == nullptr) return p;
    const auto info = playHead->getPosition();
    if (!info.hasValue()) return p;
    if (const auto hostNs = info->getHostTimeNs()) {
        // Only a time on this plugin's clock (steady_clock) is usable: a host on another clock is far from now.
        constexpr double kSameClockUs = 100'000.0;
        const double us = static_cast<double>(*hostNs) * 1e-3;
        if (std::abs(us - hostNowUs()) < kSameClockUs) p.hostUs = us;
    }
    const auto ppq = info->getPpqPosition();
    const auto bpm = info->getBpm();
    if (!ppq.hasValue() || !bpm.hasValue() || *bpm <= 0.0) return p;
    p.hasPpq = true;
    p.ppq = *ppq;
    p.bpm = *bpm;
    p.playing = info->getIsPlaying();
    if (const auto sig = info->getTimeSignature(); sig.hasValue() && sig->numerator > 0 && sig->denominator > 0)
        p.beatsPerBar = sig->numerator * 4.0 / sig->denominator;
    return p;
}

void VintageCaptureProcessor::sendTransport(const Position& p, int64_t blockStart) noexcept {
    if (!p.hasPpq) return;
    TransportItem t;
    t.bpm = p.bpm;
    t.beatsPerBar = p.beatsPerBar;
    // A playing transport puts its bar grid on the sample line. A stopped one has no grid, but its tempo and meter
    // still hold (a take recorded "from the next bar" counts bars at the host's tempo): keep the last grid's origin.
    t.originSample = p.playing ? static_cast<double>(blockStart) - p.ppq * 60.0 / p.bpm * sampleRate_
                               : (transportSent_ ? lastTransport_.originSample : 0.0);
    if (transportSent_ && t.bpm == lastTransport_.bpm && t.beatsPerBar == lastTransport_.beatsPerBar &&
        std::abs(t.originSample - lastTransport_.originSample) < 0.5)
        return;
    if (!bridge_.transport.push(t)) {
        bridge_.transportDrops.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    lastTransport_ = t;
    transportSent_ = true;
}

void VintageCaptureProcessor::sendActions(int64_t blockStart) noexcept {
    auto push = [&](Action a) {
        if (!bridge_.actions.push(ActionItem{a, blockStart})) bridge_.actionDrops.fetch_add(1, std::memory_order_relaxed);
    };
    const bool calibrate = parameters_.calibrate->get();
    const bool record = parameters_.record->get();
    const bool play = parameters_.play->get();
    const bool abort = parameters_.abort->get();
    const bool send = parameters_.send->get();
    if (abort && !lastAbort_) push(Action::abort);  // first: an abort and a new action in one block mean "restart"
    if (calibrate && !lastCalibrate_) push(Action::calibrate);
    if (record != lastRecord_) push(record ? Action::recordOn : Action::recordOff);
    if (send && !lastSend_) push(Action::send);
    if (play && !lastPlay_) push(Action::play);
    lastCalibrate_ = calibrate;
    lastRecord_ = record;
    lastPlay_ = play;
    lastAbort_ = abort;
    lastSend_ = send;
}

void VintageCaptureProcessor::sendMidi(const juce::MidiBuffer& midi, int64_t blockStart) noexcept {
    for (const auto event : midi) {
        if (event.numBytes < 1 || event.numBytes > 3) continue;  // SysEx is not part of a performance
        MidiItem item{};
        item.sample = blockStart + event.samplePosition;
        item.size = static_cast<uint8_t>(event.numBytes);
        std::copy(event.data, event.data + event.numBytes, item.data);
        if (!bridge_.midi.push(item)) bridge_.midiDrops.fetch_add(1, std::memory_order_relaxed);
    }
}

void VintageCaptureProcessor::sendInput(const juce::AudioBuffer<float>& buffer, int inputs, int frames, int64_t blockStart,
                                        double hostUs) noexcept {
    for (int offset = 0; offset < frames; offset += AudioChunk::kFrames) {
        AudioChunk chunk;
        chunk.startSample = blockStart + offset;
        chunk.hostUs = hostUs + offset * 1e6 / sampleRate_;
        chunk.frames = std::min(AudioChunk::kFrames, frames - offset);
        chunk.blockStart = offset == 0;
        if (inputs >= 2) {
            const float* l = buffer.getReadPointer(0, offset);
            const float* r = buffer.getReadPointer(1, offset);
            for (int i = 0; i < chunk.frames; ++i) chunk.samples[i] = 0.5f * (l[i] + r[i]);
        } else if (inputs == 1) {
            std::copy_n(buffer.getReadPointer(0, offset), chunk.frames, chunk.samples);
        } else {
            std::fill_n(chunk.samples, chunk.frames, 0.0f);
        }
        if (!bridge_.audio.push(chunk)) bridge_.audioDrops.fetch_add(1, std::memory_order_relaxed);
    }
}

void VintageCaptureProcessor::renderOutput(juce::AudioBuffer<float>& buffer, int inputs, int outputs, int frames,
                                           int64_t blockStart, const Position& p) noexcept {
    monitorGain_.setTargetValue(parameters_.monitor->get());
    // Where this block starts in the take: by musical position when the host has a transport (it may loop or
    // jump), by the plugin's own sample line when it has none; nothing while a host transport is stopped.
    const TakeBuffer* take = takes_.current();
    bool playTake = take != nullptr && !take->audio.empty();
    int64_t takeIndex = 0;
    if (playTake) {
        if (p.hasPpq && take->hasBarPpq) takeIndex = std::llround((p.ppq - take->barPpq) * 60.0 / p.bpm * sampleRate_);
        else takeIndex = blockStart - take->barSample;
        if (p.hasPpq && !p.playing) playTake = false;
    }
    const int64_t takeLength = playTake ? static_cast<int64_t>(take->audio.size()) : 0;
    float in[2] = {0.0f, 0.0f};
    for (int i = 0; i < frames; ++i) {
        const float gain = monitorGain_.getNextValue();
        const int64_t k = takeIndex + i;
        const float t = playTake && k >= 0 && k < takeLength ? take->audio[static_cast<size_t>(k)] : 0.0f;
        for (int c = 0; c < std::min(inputs, 2); ++c) in[c] = buffer.getSample(c, i);
        for (int c = 0; c < outputs; ++c) {
            const float x = inputs == 0 ? 0.0f : in[std::min(c, std::min(inputs, 2) - 1)];
            buffer.setSample(c, i, gain * x + t);
        }
    }
}

// --- the message thread ------------------------------------------------------------------------------------------

void VintageCaptureProcessor::getStateInformation(juce::MemoryBlock& destData) {
    const std::string json = js_.getState(kStateTimeout);
    destData.replaceAll(json.data(), json.size());
}

void VintageCaptureProcessor::setStateInformation(const void* data, int sizeInBytes) {
    if (data == nullptr || sizeInBytes <= 0) return;
    js_.setState(std::string(static_cast<const char*>(data), static_cast<size_t>(sizeInBytes)), kStateTimeout);
}

juce::AudioProcessorEditor* VintageCaptureProcessor::createEditor() { return new VintageCaptureEditor(*this); }

}  // namespace vcpi::capture

// JUCE's plugin wrappers create the processor through this.
juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() { return new vcpi::capture::VintageCaptureProcessor(); }
