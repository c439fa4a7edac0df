// A hosted plugin's real, user-facing parameters: what to list, how to show them in native units, how to set them.
// JUCE- and DPF-built VST3s expose ~2000 emulated "MIDI CC" parameters, and DPF adds host-internal ones ("Buffer
// Size", "Sample Rate"); those are hidden, so index 0..2 are the plugin's first three real controls.
#pragma once

#include <string>
#include <vector>

#include <juce_audio_processors/juce_audio_processors.h>

#include "Status.hpp"

namespace vcpi {

struct ParameterInfo {
    int index = 0;             // among the user-facing parameters
    std::string name;
    std::string unit;          // the plugin's label, e.g. "dB", "ms"; may be empty
    double value = 0.0;        // native units (the plugin's own number; a step index for named choices)
    std::string text;          // the plugin's own text for the current value
    double min = 0.0;          // native value at normalised 0
    double max = 1.0;          // native value at normalised 1
    double normalised = 0.0;   // 0..1
    int steps = 0;             // number of discrete values, 0 when continuous
};

class PluginParameters {
public:
    // The user-facing parameters, in the plugin's order.
    // Thread-safe: no (message thread: VST3 text conversion takes JUCE's message lock). Realtime-safe: no.
    static std::vector<juce::AudioProcessorParameter*> userFacing(juce::AudioPluginInstance& plugin);

    // Thread-safe: no (message thread). Realtime-safe: no.
    static ParameterInfo describe(juce::AudioProcessorParameter& parameter, int index);

    // Finds by exact name (then case-insensitively). ERR_UNKNOWN_PARAMETER names the plugin and lists the names.
    // Thread-safe: no (message thread). Realtime-safe: no.
    static Status findByName(juce::AudioPluginInstance& plugin, const std::string& name, int& index);

    // Sets a value in native units (checked against the range) or normalised (0..1). ERR_BAD_VALUE when outside.
    // Thread-safe: no (message thread). Realtime-safe: no.
    static Status set(juce::AudioProcessorParameter& parameter, double value, bool normalised);
};

}  // namespace vcpi
