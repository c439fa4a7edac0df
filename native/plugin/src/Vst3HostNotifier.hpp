// Tells a VST3 host the value of a parameter the plugin changed itself (IComponentHandler::performEdit), so that
// the host reports it. The results the JS thread writes also reach a VST3 host as output parameter changes, but
// JUCE's hosting — the vcpi engine's — passes those to the edit controller only, not to the values it reports.
// Unused outside the VST3 wrapper (nothing hands it a component handler there).
#pragma once

#include <mutex>

namespace Steinberg {
class FUnknown;
}

namespace juce {
class String;
}

namespace vcpi::capture {

class Vst3HostNotifier {
public:
    Vst3HostNotifier() = default;
    ~Vst3HostNotifier();
    Vst3HostNotifier(const Vst3HostNotifier&) = delete;
    Vst3HostNotifier& operator=(const Vst3HostNotifier&) = delete;

    // The host's component handler, as JUCE's VST3 wrapper hands it over (VST3ClientExtensions). Thread-safe: yes.
    // Realtime-safe: no.
    void setHandler(Steinberg::FUnknown* handler);

    // performEdit for the parameter with JUCE id `parameterId` (its VST3 id is JUCE's: the id's hash, top bit
    // cleared). VST3 wants this on the host's UI thread; a headless host gives the plugin none, so it comes from
    // the JS thread (JUCE's hosting takes it from any thread). Thread-safe: yes. Realtime-safe: no.
    void valueChanged(const juce::String& parameterId, float normalised);

private:
    std::mutex mutex_;
    void* handler_ = nullptr;  // Steinberg::Vst::IComponentHandler*, referenced
};

}  // namespace vcpi::capture
