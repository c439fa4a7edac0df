#include "Vst3HostNotifier.hpp"

#include <juce_core/juce_core.h>
#include <pluginterfaces/vst/ivsteditcontroller.h>

namespace vcpi::capture {

namespace {
// IComponentHandler's IID (pluginterfaces/vst/ivsteditcontroller.h), spelled out: its FUID object is defined only in
// the VST3 wrapper's translation unit, which the LV2 and standalone builds of this code do not link.
const Steinberg::TUID kComponentHandlerIid = INLINE_UID(0x93A0BEA3, 0x0BD045DB, 0x8E890B0C, 0xC1E46AC6);
}  // namespace

Vst3HostNotifier::~Vst3HostNotifier() { setHandler(nullptr); }

void Vst3HostNotifier::setHandler(Steinberg::FUnknown* handler) {
    void* next = nullptr;
    if (handler != nullptr && handler->queryInterface(kComponentHandlerIid, &next) != Steinberg::kResultOk) next = nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    if (handler_ != nullptr) static_cast<Steinberg::Vst::IComponentHandler*>(handler_)->release();
    handler_ = next;  // queryInterface added a reference
}

void Vst3HostNotifier::valueChanged(const juce::String& parameterId, float normalised) {
    // juce_VST3_Wrapper.cpp, generateVSTParamIDForParam (JUCE_USE_STUDIO_ONE_COMPATIBLE_PARAMETERS: top bit cleared)
    const auto id = static_cast<Steinberg::Vst::ParamID>(parameterId.hashCode()) & 0x7fffffffu;
    std::lock_guard<std::mutex> lock(mutex_);
    if (handler_ != nullptr) static_cast<Steinberg::Vst::IComponentHandler*>(handler_)->performEdit(id, normalised);
}

}  // namespace vcpi::capture
