#include "PluginNode.hpp"

#include <chrono>

#include <juce_audio_processors/format_types/VST3_SDK/pluginterfaces/base/funknown.h>

namespace vcpi {

PluginNode::PluginNode(std::unique_ptr<juce::AudioPluginInstance> instance, const juce::PluginDescription& description,
                       const PluginSpec& spec, std::atomic<int64_t>* live)
    : instance_(std::move(instance)), spec_(spec), name_(description.name.toStdString()),
      isInstrument_(description.isInstrument), live_(live) {
    if (live_ != nullptr) live_->fetch_add(1);
}

PluginNode::~PluginNode() {
    if (live_ != nullptr) live_->fetch_sub(1);
    if (instance_ == nullptr) return;
    instance_->releaseResources();
    // JUCE 7.0.5's VST3 host (VST3PluginInstance::cleanup) releases the plugin's IComponent before its
    // IAudioProcessor, IEditController and connection points. DPF-built plugins (zam-plugins, ours) then find their
    // component "unclean" and park the whole instance in a global list freed only when the module unloads, which
    // never happens (JUCE caches modules): every unload leaked an instance with its buffers. One reference of ours
    // held across the destruction makes the component go last, when its parts are released, so it is freed.
    Steinberg::FUnknown* component = nullptr;
    if (spec_.format == PluginFormatKind::vst3) component = static_cast<Steinberg::FUnknown*>(instance_->getPlatformSpecificData());
    if (component != nullptr) component->addRef();
    instance_.reset();
    if (component != nullptr) component->release();
}

void PluginNode::prepare(double sampleRate, int maxBlockSize) {
    auto layout = instance_->getBusesLayout();
    bool changed = false;
    if (!layout.inputBuses.isEmpty() && layout.inputBuses[0] != juce::AudioChannelSet::stereo()) {
        layout.inputBuses.getReference(0) = juce::AudioChannelSet::stereo();
        changed = true;
    }
    if (!layout.outputBuses.isEmpty() && layout.outputBuses[0] != juce::AudioChannelSet::stereo()) {
        layout.outputBuses.getReference(0) = juce::AudioChannelSet::stereo();
        changed = true;
    }
    if (changed && instance_->checkBusesLayoutSupported(layout)) instance_->setBusesLayout(layout);
    instance_->setNonRealtime(false);
    instance_->setRateAndBufferSizeDetails(sampleRate, maxBlockSize);
    instance_->prepareToPlay(sampleRate, maxBlockSize);
    inputs_ = instance_->getTotalNumInputChannels();
    outputs_ = instance_->getTotalNumOutputChannels();
    scratch_.setSize(std::max({inputs_, outputs_, 2}), maxBlockSize);
    scratch_.clear();
}

void PluginNode::warmUpMidi(int events) {
    if (spec_.format != PluginFormatKind::vst3 || events <= 0) return;
    juce::MidiBuffer midi;
    for (int i = 0; i < events; ++i)
        midi.addEvent(juce::MidiMessage::noteOff(1 + i % 16, (i / 16) % 128, static_cast<juce::uint8>(0)), 0);
    const int channels = scratch_.getNumChannels();
    const int frames = scratch_.getNumSamples();  // the block size prepare() was given
    scratch_.setSize(channels, 0, false, false, true);
    instance_->processBlock(scratch_, midi);
    instance_->reset();
    scratch_.setSize(channels, frames, false, false, true);
    scratch_.clear();
}

void PluginNode::flushParameters() noexcept {
    if (spec_.format != PluginFormatKind::lv2) return;
    scratch_.setSize(scratch_.getNumChannels(), 0, false, false, true);
    flushMidi_.clear();
    instance_->processBlock(scratch_, flushMidi_);
}

int PluginNode::latencySamples() const { return instance_->getLatencySamples(); }

int64_t PluginNode::process(float* left, float* right, int n, juce::MidiBuffer& midi, bool measure) noexcept {
    const int channels = scratch_.getNumChannels();
    scratch_.setSize(channels, n, false, false, true);
    float* const* data = scratch_.getArrayOfWritePointers();
    if (inputs_ == 1) {
        for (int i = 0; i < n; ++i) data[0][i] = 0.5f * (left[i] + right[i]);
    } else if (inputs_ >= 2) {
        std::copy(left, left + n, data[0]);
        std::copy(right, right + n, data[1]);
    }
    for (int c = std::min(inputs_, 2); c < channels; ++c) juce::FloatVectorOperations::clear(data[c], n);

    int64_t elapsed = 0;
    if (measure) {
        const auto started = std::chrono::steady_clock::now();
        instance_->processBlock(scratch_, midi);
        elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count();
    } else {
        instance_->processBlock(scratch_, midi);
    }

    if (outputs_ == 1) {
        std::copy(data[0], data[0] + n, left);
        std::copy(data[0], data[0] + n, right);
    } else if (outputs_ >= 2) {
        std::copy(data[0], data[0] + n, left);
        std::copy(data[1], data[1] + n, right);
    }
    return elapsed;
}

}  // namespace vcpi
