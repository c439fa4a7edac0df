#include "PluginParameters.hpp"

#include <cmath>
#include <cstdlib>
#include <regex>

namespace vcpi {

namespace {

bool isHostInternal(const juce::String& name) {
    static const std::regex emulatedCc(R"(^(MIDI CC |MIDI Ch\. ?\d+ CC ).*)");
    if (std::regex_match(name.toStdString(), emulatedCc)) return true;
    return name == "Buffer Size" || name == "Sample Rate" || name == "Bypass" || name == "bypass" ||
           name == "Program" || name == "Current Program";
}

// The leading number of a plugin's value text ("-6.0 dB" -> -6), if it starts with one.
bool leadingNumber(const juce::String& text, double& out) {
    const auto s = text.trim().toStdString();
    if (s.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

int stepCount(juce::AudioProcessorParameter& p) {
    const int steps = p.getNumSteps();
    if (p.isBoolean()) return 2;
    return (p.isDiscrete() || steps < juce::AudioProcessor::getDefaultNumParameterSteps()) && steps > 1 ? steps : 0;
}

// Native value at a normalised position: the plugin's own number when its text is numeric, else the step index
// (named choices such as "Sine"/"Saw"), else the normalised value itself.
double nativeAt(juce::AudioProcessorParameter& p, float normalised) {
    if (p.isBoolean()) return normalised >= 0.5f ? 1.0 : 0.0;
    double v = 0.0;
    if (leadingNumber(p.getText(normalised, 64), v)) return v;
    const int steps = stepCount(p);
    if (steps > 1) return std::round(normalised * (steps - 1));
    return normalised;
}

bool textIsNumeric(juce::AudioProcessorParameter& p) {
    double v = 0.0;
    return !p.isBoolean() && leadingNumber(p.getText(0.0f, 64), v) && leadingNumber(p.getText(1.0f, 64), v);
}

}  // namespace

std::vector<juce::AudioProcessorParameter*> PluginParameters::userFacing(juce::AudioPluginInstance& plugin) {
    std::vector<juce::AudioProcessorParameter*> out;
    for (auto* p : plugin.getParameters()) {
        // Not automatable: read-only outputs (meters such as "Gain Reduction") and host-internal values.
        if (p == nullptr || p->isMetaParameter() || !p->isAutomatable()) continue;
        const auto name = p->getName(256);
        if (name.isEmpty() || isHostInternal(name)) continue;
        if (p == plugin.getBypassParameter()) continue;
        out.push_back(p);
    }
    return out;
}

ParameterInfo PluginParameters::describe(juce::AudioProcessorParameter& p, int index) {
    ParameterInfo info;
    info.index = index;
    info.name = p.getName(256).toStdString();
    info.unit = p.getLabel().toStdString();
    info.normalised = p.getValue();
    info.text = p.getCurrentValueAsText().toStdString();
    info.value = nativeAt(p, static_cast<float>(info.normalised));
    info.min = nativeAt(p, 0.0f);
    info.max = nativeAt(p, 1.0f);
    info.steps = stepCount(p);
    return info;
}

Status PluginParameters::findByName(juce::AudioPluginInstance& plugin, const std::string& name, int& index) {
    const auto params = userFacing(plugin);
    for (size_t i = 0; i < params.size(); ++i)
        if (params[i]->getName(256).toStdString() == name) { index = static_cast<int>(i); return Status::success(); }
    for (size_t i = 0; i < params.size(); ++i)
        if (params[i]->getName(256).equalsIgnoreCase(juce::String(name))) { index = static_cast<int>(i); return Status::success(); }
    std::string names;
    for (auto* p : params) names += (names.empty() ? "" : ", ") + p->getName(256).toStdString();
    return Status::error("ERR_UNKNOWN_PARAMETER", "parameter '" + name + "' not found in " + plugin.getName().toStdString() +
                                                      " (its parameters: " + (names.empty() ? "none" : names) + ")");
}

Status PluginParameters::set(juce::AudioProcessorParameter& p, double value, bool normalised) {
    const auto name = p.getName(256).toStdString();
    if (!std::isfinite(value)) return Status::error("ERR_BAD_VALUE", "parameter '" + name + "': value must be a finite number");
    float target = 0.0f;
    if (normalised) {
        if (value < 0.0 || value > 1.0)
            return Status::error("ERR_BAD_VALUE", "parameter '" + name + "': normalised value " + std::to_string(value) + " is outside 0..1");
        target = static_cast<float>(value);
    } else {
        const double lo = nativeAt(p, 0.0f), hi = nativeAt(p, 1.0f);
        const double eps = 1e-6 * std::max(1.0, std::abs(hi - lo));
        if (value < std::min(lo, hi) - eps || value > std::max(lo, hi) + eps)
            return Status::error("ERR_BAD_VALUE", "parameter '" + name + "': value " + juce::String(value).toStdString() +
                                                      " is outside its range " + juce::String(lo).toStdString() + ".." +
                                                      juce::String(hi).toStdString());
        const int steps = stepCount(p);
        if (p.isBoolean()) target = value >= 0.5 ? 1.0f : 0.0f;
        else if (textIsNumeric(p)) target = p.getValueForText(juce::String(value, 6));
        else if (steps > 1) target = static_cast<float>(std::round(value) / (steps - 1));
        else target = static_cast<float>(value);
    }
    p.setValueNotifyingHost(juce::jlimit(0.0f, 1.0f, target));
    return Status::success();
}

}  // namespace vcpi
