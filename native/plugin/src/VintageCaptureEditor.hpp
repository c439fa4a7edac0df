// A small editor: what the core is doing (message, progress, error and what to do about it), the Arp's port, the
// results, the last take, and the actions as buttons. Everything here is also reachable through parameters: the
// buttons and the slider only set them.
#pragma once

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include "StatusBoard.hpp"

namespace vcpi::capture {

class VintageCaptureProcessor;

class VintageCaptureEditor : public juce::AudioProcessorEditor, private juce::Timer {
public:
    // Thread-safe: no (message thread). Realtime-safe: no.
    explicit VintageCaptureEditor(VintageCaptureProcessor& processor);
    ~VintageCaptureEditor() override;

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    void timerCallback() override;
    void press(juce::AudioParameterBool& button);

    VintageCaptureProcessor& processor_;
    double progress_ = 0.0;  // read by the progress bar
    juce::Label title_, message_, error_, arp_, results_, take_;
    juce::ProgressBar progressBar_{progress_};
    juce::TextButton calibrate_{"Calibrate"}, send_{"Send"}, play_{"Play"}, abort_{"Abort"};
    juce::ToggleButton record_{"Record"};
    juce::Slider monitor_;
    juce::Label monitorLabel_;
    std::unique_ptr<juce::ButtonParameterAttachment> recordAttachment_;
    std::unique_ptr<juce::SliderParameterAttachment> monitorAttachment_;
};

}  // namespace vcpi::capture
