// A named-choice parameter whose value range is the normalised 0..1 itself. JUCE 7.0.5's LV2 wrapper writes a
// ranged choice (AudioParameterChoice: 0..N-1) with scale points at normalised values, so LV2 hosts (JUCE's
// included) name every choice past the first after the last one; without a range of its own, the two agree.
#pragma once

#include <atomic>
#include <cmath>

#include <juce_audio_processors/juce_audio_processors.h>

namespace vcpi::capture {

class ChoiceParameter : public juce::AudioProcessorParameterWithID {
public:
    ChoiceParameter(const juce::ParameterID& id, const juce::String& name, juce::StringArray choices)
        : juce::AudioProcessorParameterWithID(id, name), choices_(std::move(choices)) {}

    // The chosen index. Thread-safe: yes. Realtime-safe: yes.
    int getIndex() const noexcept { return indexOf(value_.load(std::memory_order_relaxed)); }

    // Chooses `index`, telling the host. Thread-safe: yes (JUCE's wrappers accept it from any thread). Realtime-safe: no.
    void choose(int index) { setValueNotifyingHost(valueOf(index)); }

    const juce::StringArray& choices() const noexcept { return choices_; }

    float getValue() const override { return value_.load(std::memory_order_relaxed); }
    void setValue(float newValue) override { value_.store(valueOf(indexOf(newValue)), std::memory_order_relaxed); }
    float getDefaultValue() const override { return 0.0f; }
    int getNumSteps() const override { return choices_.size(); }
    bool isDiscrete() const override { return true; }
    juce::String getText(float normalised, int maximumLength) const override {
        return choices_[indexOf(normalised)].substring(0, maximumLength);
    }
    float getValueForText(const juce::String& text) const override { return valueOf(choices_.indexOf(text)); }
    juce::StringArray getAllValueStrings() const override { return choices_; }

private:
    int indexOf(float normalised) const noexcept {
        return juce::jlimit(0, choices_.size() - 1, static_cast<int>(std::lround(normalised * (choices_.size() - 1))));
    }
    float valueOf(int index) const noexcept {
        return choices_.size() > 1 ? static_cast<float>(juce::jlimit(0, choices_.size() - 1, index)) / static_cast<float>(choices_.size() - 1) : 0.0f;
    }

    const juce::StringArray choices_;
    std::atomic<float> value_{0.0f};
};

}  // namespace vcpi::capture
