#include "CaptureParameters.hpp"

#include <cmath>

namespace vcpi::capture {

namespace {

juce::AudioParameterFloat* result(const char* id, const char* name, float lo, float hi, const char* unit, int decimals) {
    auto attributes = juce::AudioParameterFloatAttributes()
                          .withLabel(unit)
                          .withStringFromValueFunction([decimals](float v, int) { return juce::String(v, decimals); });
    return new juce::AudioParameterFloat(juce::ParameterID{id, 1}, name, juce::NormalisableRange<float>(lo, hi), 0.0f, attributes);
}

juce::AudioParameterBool* button(const char* id, const char* name) {
    return new juce::AudioParameterBool(juce::ParameterID{id, 1}, name, false);
}

using Changed = std::function<void(juce::AudioProcessorParameter&)>;

void setIfChanged(juce::AudioParameterBool* p, bool v, const Changed& changed) {
    if (p->get() == v) return;
    *p = v;
    changed(*p);
}

void setIfChanged(ChoiceParameter* p, int index, const Changed& changed) {
    if (p->getIndex() == index) return;
    p->choose(index);
    changed(*p);
}

void setResult(juce::AudioParameterFloat* p, double v, const Changed& changed) {
    const auto& range = p->getNormalisableRange();
    const float value = std::isfinite(v) ? juce::jlimit(range.start, range.end, static_cast<float>(v)) : 0.0f;
    if (std::abs(p->get() - value) <= 1e-6f * (range.end - range.start)) return;
    *p = value;
    changed(*p);
}

}  // namespace

const juce::StringArray& CaptureParameters::errorCodes() {
    static const juce::StringArray codes{"none", "NO_ACK", "NO_ONSET", "NOT_SILENT", "INCONSISTENT", "ABORTED",
                                         "ARP_REFUSED", "TRANSFER_FAILED", "NO_CALIBRATION", "EMPTY_TAKE", "BUSY",
                                         "INVALID_ARGUMENT", "BAD_PROFILE", "OTHER"};
    return codes;
}

CaptureParameters CaptureParameters::addTo(juce::AudioProcessor& processor) {
    CaptureParameters p;
    p.mode = new ChoiceParameter(juce::ParameterID{"p01_mode", 1}, "Mode", juce::StringArray{"idle", "calibrating", "recording", "playing", "sending"});
    p.calibrate = button("p02_calibrate", "Calibrate");
    p.record = button("p03_record", "Record");
    p.play = button("p04_play", "Play");
    p.abort = button("p05_abort", "Abort");
    p.monitor = new juce::AudioParameterFloat(
        juce::ParameterID{"p06_monitor", 1}, "Monitor", juce::NormalisableRange<float>(0.0f, 1.0f), 1.0f,
        juce::AudioParameterFloatAttributes().withStringFromValueFunction([](float v, int) { return juce::String(v, 2); }));
    p.latency = result("p07_latency", "Latency", 0.0f, 1000.0f, "ms", 3);
    p.drift = result("p08_drift", "Drift", -1000.0f, 1000.0f, "ppm", 2);
    p.takeError = result("p09_take_error", "Take error", 0.0f, 100.0f, "ms", 3);
    p.progress = result("p10_progress", "Progress", 0.0f, 100.0f, "%", 0);
    p.arp = new juce::AudioParameterBool(juce::ParameterID{"p11_arp", 1}, "Arp", false);
    p.error = new ChoiceParameter(juce::ParameterID{"p12_error", 1}, "Error", errorCodes());
    p.send = button("p13_send", "Send");  // last: the parameters before it keep their indices
    for (juce::AudioProcessorParameter* param :
         std::initializer_list<juce::AudioProcessorParameter*>{p.mode, p.calibrate, p.record, p.play, p.abort, p.monitor, p.latency,
                                                               p.drift, p.takeError, p.progress, p.arp, p.error, p.send})
        processor.addParameter(param);
    return p;
}

void CaptureParameters::publish(const CoreStatus& status, bool arpConnected, const Changed& changed) const {
    const int modeIndex = mode->choices().indexOf(juce::String(status.mode));
    setIfChanged(mode, modeIndex < 0 ? 0 : modeIndex, changed);
    setResult(latency, status.latencyMs, changed);
    setResult(drift, status.driftPpm, changed);
    setResult(takeError, status.takeErrorMs, changed);
    setResult(progress, status.progress * 100.0, changed);
    setIfChanged(arp, arpConnected, changed);
    int errorIndex = 0;
    if (!status.errorCode.empty()) {
        errorIndex = errorCodes().indexOf(juce::String(status.errorCode));
        if (errorIndex <= 0) errorIndex = errorCodes().size() - 1;
    }
    setIfChanged(error, errorIndex, changed);
}

}  // namespace vcpi::capture
