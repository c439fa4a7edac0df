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

    // VST3: grows the per-instance event list JUCE's VST3 host fills from each block's MIDI to `events` entries,
    // so the audio thread never does. JUCE 7.0.5 (VST3PluginInstance::associateWith, juce_VST3PluginFormat.cpp)
    // converts a block's MidiBuffer into a MidiEventList (juce_VST3Common.h): a juce::Array of Vst::Event that a
    // new instance has with no storage, grows with realloc whenever a block brings more events than any before,
    // and is emptied with clearQuick() at every block, which keeps its storage. One zero-length processBlock with
    // `events` note-offs gives it its working size (JUCE converts the MIDI before it calls the plugin, whatever the
    // length); then the instance is reset (VST3: setActive(false)/(true)). Zero frames: VST3 defines such a call
    // (a parameter flush), it renders nothing and advances no time; DPF-built plugins return before their run() and
    // never see the events; others (JUCE-built ones) may. Note-offs at velocity 0 because they are the kind that is
    // harmless to a fresh instance: no note sounds yet, so they end nothing, and every synth already copes with a
    // note-off for a note it does not play (a dropped note-on leaves one). JUCE makes each a kNoteOffEvent list
    // entry; controllers could instead become parameter changes (its MIDI-CC mapping), and pitch bend, programs
    // and pressure are state a reset may keep. One (channel, note) pair each: channels 1..16, notes 0 upwards.
    // LV2: nothing — JUCE's LV2 host writes a block's MIDI into atom buffers sized when the plugin is instantiated
    // (LV2PluginInstance::preparePortsForRun); it has no list of its own to grow.
    // Call after prepare() and before the node is published or given a play head (the call runs without one).
    // Thread-safe: no (message thread, while no audio thread runs this node). Realtime-safe: no.
    void warmUpMidi(int events);

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
