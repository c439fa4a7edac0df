#include "VintageCaptureEditor.hpp"

#include <cmath>

#include "VintageCaptureProcessor.hpp"

namespace vcpi::capture {

namespace {

juce::String number(double v, int decimals, const char* unit) {
    return std::isfinite(v) ? juce::String(v, decimals) + " " + unit : juce::String("–");
}

}  // namespace

VintageCaptureEditor::VintageCaptureEditor(VintageCaptureProcessor& processor)
    : juce::AudioProcessorEditor(processor), processor_(processor) {
    const auto& params = processor.parameters();
    title_.setText("VintageCapture", juce::dontSendNotification);
    title_.setFont(juce::Font(20.0f, juce::Font::bold));
    monitorLabel_.setText("Monitor", juce::dontSendNotification);
    error_.setColour(juce::Label::textColourId, juce::Colours::orange);
    for (juce::Component* c : std::initializer_list<juce::Component*>{&title_, &message_, &error_, &arp_, &results_, &take_, &progressBar_,
                                                                      &calibrate_, &record_, &send_, &play_, &abort_, &monitor_, &monitorLabel_})
        addAndMakeVisible(c);
    calibrate_.onClick = [this, &params] { press(*params.calibrate); };
    send_.onClick = [this, &params] { press(*params.send); };
    play_.onClick = [this, &params] { press(*params.play); };
    abort_.onClick = [this, &params] { press(*params.abort); };
    recordAttachment_ = std::make_unique<juce::ButtonParameterAttachment>(*params.record, record_);
    monitor_.setSliderStyle(juce::Slider::LinearHorizontal);
    monitor_.setTextBoxStyle(juce::Slider::TextBoxRight, false, 60, 20);
    monitorAttachment_ = std::make_unique<juce::SliderParameterAttachment>(*params.monitor, monitor_);
    setSize(520, 300);
    timerCallback();
    startTimerHz(10);
}

VintageCaptureEditor::~VintageCaptureEditor() { stopTimer(); }

void VintageCaptureEditor::press(juce::AudioParameterBool& button) {
    button.beginChangeGesture();
    button.setValueNotifyingHost(1.0f);  // the plugin turns it off again once it has acted
    button.endChangeGesture();
}

void VintageCaptureEditor::timerCallback() {
    const auto s = processor_.board().snapshot();
    const auto& c = s.core;
    message_.setText(juce::String(c.mode) + ": " + juce::String(c.message), juce::dontSendNotification);
    error_.setText(c.errorCode.empty() ? juce::String() : juce::String(c.errorCode) + ": " + juce::String(c.errorMessage) +
                                                              (c.errorHint.empty() ? juce::String() : " — " + juce::String(c.errorHint)),
                   juce::dontSendNotification);
    arp_.setText(juce::String(s.arp) + (s.drops > 0 ? "   (dropped: " + juce::String(s.drops) + ")" : juce::String()),
                 juce::dontSendNotification);
    results_.setText("latency " + number(c.latencyMs, 3, "ms") + "   drift " + number(c.driftPpm, 1, "ppm") + "   last take " +
                         number(c.takeErrorMs, 3, "ms"),
                     juce::dontSendNotification);
    take_.setText(c.takes.empty() ? juce::String("no take yet") : "take: " + juce::String(c.takes.back()), juce::dontSendNotification);
    progress_ = c.mode == "idle" ? 0.0 : juce::jlimit(0.0, 1.0, c.progress);
}

void VintageCaptureEditor::paint(juce::Graphics& g) { g.fillAll(getLookAndFeel().findColour(juce::ResizableWindow::backgroundColourId)); }

void VintageCaptureEditor::resized() {
    auto area = getLocalBounds().reduced(12);
    title_.setBounds(area.removeFromTop(28));
    message_.setBounds(area.removeFromTop(22));
    progressBar_.setBounds(area.removeFromTop(18));
    area.removeFromTop(4);
    error_.setBounds(area.removeFromTop(36));
    arp_.setBounds(area.removeFromTop(22));
    results_.setBounds(area.removeFromTop(22));
    take_.setBounds(area.removeFromTop(22));
    area.removeFromTop(8);
    auto buttons = area.removeFromTop(30);
    const int w = buttons.getWidth() / 5;
    calibrate_.setBounds(buttons.removeFromLeft(w).reduced(2));
    record_.setBounds(buttons.removeFromLeft(w).reduced(2));
    send_.setBounds(buttons.removeFromLeft(w).reduced(2));
    play_.setBounds(buttons.removeFromLeft(w).reduced(2));
    abort_.setBounds(buttons.reduced(2));
    area.removeFromTop(8);
    auto row = area.removeFromTop(26);
    monitorLabel_.setBounds(row.removeFromLeft(70));
    monitor_.setBounds(row);
}

}  // namespace vcpi::capture
