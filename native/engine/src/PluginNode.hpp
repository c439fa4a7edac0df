// One hosted plugin instance with what the audio thread needs to run it on the engine's stereo bus: a scratch
// buffer sized at prepare time and the channel mapping (mono plugins take (L+R)/2 and their output goes to both
// sides; extra outputs are ignored, extra inputs get silence).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <juce_audio_processors/juce_audio_processors.h>

#include "PluginFormats.hpp"

namespace vcpi {

class PluginNode {
public:
    // Thread-safe: no (message thread). Realtime-safe: no.
    // `live` (optional, must outlive the node) counts the instances in existence: +1 here, -1 when destroyed.
    PluginNode(std::unique_ptr<juce::AudioPluginInstance> instance, const juce::PluginDescription& description,
               const PluginSpec& spec, std::atomic<int64_t>* live = nullptr);
    // Destroys the instance. Thread-safe: no (message thread: JUCE's rule). Realtime-safe: no.
    ~PluginNode();

    // Chooses a stereo layout where the plugin allows one, prepares it and allocates the scratch buffer.
    // Thread-safe: no (message thread, while no audio thread runs this node). Realtime-safe: no.
    void prepare(double sampleRate, int maxBlockSize);

    // Runs the plugin in place on left/right (n <= maxBlockSize). Returns the ns spent inside the plugin when
    // measure is true, else 0. Thread-safe: no (the audio thread). Realtime-safe: yes (as far as the plugin is).
    int64_t process(float* left, float* right, int n, juce::MidiBuffer& midi, bool measure) noexcept;

    // LV2: delivers queued parameter changes to the plugin with a zero-length run (LV2 requires plugins to accept
    // sample_count 0), so a state read right after a change includes it. VST3: nothing — VST3 defines
    // numSamples == 0 for this too, but DPF-built VST3s (all of zam-plugins) drop the changes of such a call, so
    // changes reach a VST3 with the next processed block. Advances no audio.
    // Thread-safe: no (whoever holds the engine's audio role). Realtime-safe: yes.
    void flushParameters() noexcept;

    // Thread-safe: no (message thread). Realtime-safe: no.
    int latencySamples() const;

    // Accessors. Thread-safe: yes (fixed after prepare; instance() for message-thread use). Realtime-safe: yes.
    juce::AudioPluginInstance& instance() noexcept { return *instance_; }
    const std::string& name() const noexcept { return name_; }
    const char* format() const noexcept { return formatLabel(spec_.format); }
    const std::string& identifier() const noexcept { return spec_.identifier; }
    const PluginSpec& spec() const noexcept { return spec_; }
    bool isInstrument() const noexcept { return isInstrument_; }
    int inputChannels() const noexcept { return inputs_; }
    int outputChannels() const noexcept { return outputs_; }

private:
    std::unique_ptr<juce::AudioPluginInstance> instance_;
    PluginSpec spec_;
    std::string name_;
    bool isInstrument_ = false;
    int inputs_ = 0;
    int outputs_ = 0;
    juce::AudioBuffer<float> scratch_;
    juce::MidiBuffer flushMidi_;
    std::atomic<int64_t>* live_ = nullptr;
};

}  // namespace vcpi
