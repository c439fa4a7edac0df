// Which plugin the user means (a .vst3 bundle, an .lv2 bundle, or an LV2 URI) and how JUCE instantiates it.
#pragma once

#include <memory>
#include <set>
#include <string>

#include <juce_audio_processors/juce_audio_processors.h>

#include "Status.hpp"

namespace vcpi {

enum class PluginFormatKind { vst3, lv2 };

// "VST3" or "LV2": the prefix of every error about a plugin of that format. Thread-safe: yes. Realtime-safe: yes.
const char* formatLabel(PluginFormatKind kind) noexcept;

struct PluginSpec {
    PluginFormatKind format = PluginFormatKind::vst3;
    std::string input;        // what the caller gave, for messages
    std::string identifier;   // VST3: absolute bundle path; LV2: plugin URI
    std::string lv2Bundle;    // LV2 given as a bundle path: that bundle (absolute), else empty
};

// Interprets a path or URI. Checks the file system only (no plugin code runs). Error codes: ERR_BAD_ARGUMENT,
// ERR_PLUGIN_NOT_FOUND, ERR_NOT_A_PLUGIN.
// Thread-safe: yes. Realtime-safe: no.
Status parsePluginSpec(const std::string& input, PluginSpec& out);

// Cache key of a plugin's probe: format, identifier and the bundle's modification time, so a rebuilt or updated
// plugin is probed again. Thread-safe: yes. Realtime-safe: no.
std::string probeKey(const PluginSpec& spec);

// JUCE's VST3 and LV2 formats. Message thread only (JUCE's rule for scanning and instantiating).
class PluginFormats {
public:
    // Thread-safe: no (message thread). Realtime-safe: no.
    PluginFormats();

    // Finds the plugin and creates an instance prepared for nothing yet. Error codes: ERR_PLUGIN_NOT_FOUND,
    // ERR_NOT_A_PLUGIN, ERR_PLUGIN_LOAD (message: "<FORMAT>: cannot load <input>: <JUCE's text>").
    // Thread-safe: no (message thread). Realtime-safe: no.
    Status instantiate(const PluginSpec& spec, double sampleRate, int blockSize,
                       std::unique_ptr<juce::AudioPluginInstance>& instance, juce::PluginDescription& description);

private:
    juce::AudioPluginFormatManager manager_;
    juce::VST3PluginFormat* vst3_ = nullptr;
    juce::LV2PluginFormat* lv2_ = nullptr;
    std::set<std::string> lv2Searched_;  // folders of LV2 bundles loaded by path that lilv has already scanned
};

}  // namespace vcpi
