// vcpi-plugin-probe PATH|URI: loads one plugin in this throw-away process and writes a JSON description of it to
// file descriptor 3 (stdout when 3 is not open): {"ok":true,"name":...} or {"ok":false,"code":...,"message":...}.
// Exit status 0 on success, 2 when the plugin cannot be loaded; a plugin that crashes kills this process, which
// is the point: the engine runs the probe before loading a plugin it has not seen.
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

#include <juce_audio_processors/juce_audio_processors.h>

#include "PluginFormats.hpp"
#include "PluginParameters.hpp"

namespace {

void emit(const juce::var& result) {
    const auto text = juce::JSON::toString(result, true).toStdString() + "\n";
    const int fd = ::fcntl(3, F_GETFD) != -1 ? 3 : 1;
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
}

juce::var failure(const vcpi::Status& status) {
    auto* object = new juce::DynamicObject();
    object->setProperty("ok", false);
    object->setProperty("code", juce::String(status.code));
    object->setProperty("message", juce::String(status.message));
    return juce::var(object);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: vcpi-plugin-probe PATH.vst3|PATH.lv2|LV2-URI\n");
        return 64;
    }
    juce::ScopedJuceInitialiser_GUI juce;
    vcpi::PluginSpec spec;
    vcpi::Status status = vcpi::parsePluginSpec(argv[1], spec);
    if (!status.ok()) { emit(failure(status)); return 2; }

    vcpi::PluginFormats formats;
    std::unique_ptr<juce::AudioPluginInstance> plugin;
    juce::PluginDescription description;
    status = formats.instantiate(spec, 48000.0, 512, plugin, description);
    if (!status.ok()) { emit(failure(status)); return 2; }
    plugin->prepareToPlay(48000.0, 512);

    auto* object = new juce::DynamicObject();
    object->setProperty("ok", true);
    object->setProperty("format", vcpi::formatLabel(spec.format));
    object->setProperty("identifier", juce::String(spec.identifier));
    object->setProperty("name", description.name);
    object->setProperty("manufacturer", description.manufacturerName);
    object->setProperty("version", description.version);
    object->setProperty("isInstrument", description.isInstrument);
    object->setProperty("inputs", plugin->getTotalNumInputChannels());
    object->setProperty("outputs", plugin->getTotalNumOutputChannels());
    object->setProperty("latency", plugin->getLatencySamples());
    juce::Array<juce::var> names;
    for (auto* p : vcpi::PluginParameters::userFacing(*plugin)) names.add(p->getName(256));
    object->setProperty("parameters", names);
    if (juce::SystemStats::getEnvironmentVariable("VCPI_PROBE_ALL_PARAMETERS", {}).isNotEmpty()) {
        juce::Array<juce::var> all;
        for (auto* p : plugin->getParameters())
            all.add(p->getName(256) + " auto=" + juce::String((int) p->isAutomatable()) + " meta=" +
                    juce::String((int) p->isMetaParameter()) + " steps=" + juce::String(p->getNumSteps()) +
                    " text=" + p->getCurrentValueAsText() + " label=" + p->getLabel());
        object->setProperty("allParameters", all);
    }
    plugin->releaseResources();
    plugin.reset();
    emit(juce::var(object));
    return 0;
}
