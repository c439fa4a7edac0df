// VintageCapture's parameters, in the order hosts list them (their IDs are numbered, "p01_mode" …, because LV2 hosts
// such as JUCE's sort parameters by URI: every format then lists them in the same order). Actions are buttons a host, linkvst's `set` or the
// editor turns on (the plugin turns calibrate/send/play/abort off again once it has acted; record stays on while
// recording); results are written by the plugin from the core's status. Every parameter is automatable so that
// hosts — the vcpi engine lists only automatable ones — show the results too; a value a host writes into a result is
// overwritten at the next status change.
#pragma once

#include <functional>

#include <juce_audio_processors/juce_audio_processors.h>

#include "ChoiceParameter.hpp"
#include "CoreStatus.hpp"

namespace vcpi::capture {

struct CaptureParameters {
    ChoiceParameter* mode = nullptr;                  // idle, calibrating, recording, playing, sending (result)
    juce::AudioParameterBool* calibrate = nullptr;    // button: runs the calibration wizard
    juce::AudioParameterBool* record = nullptr;       // toggle: records the performance from the next bar
    juce::AudioParameterBool* play = nullptr;         // button: sends the take, plays it on a bar, captures it
    juce::AudioParameterBool* abort = nullptr;        // button: stops the running operation
    juce::AudioParameterFloat* monitor = nullptr;     // 0..1: how much of the input is heard at the output
    juce::AudioParameterFloat* latency = nullptr;     // ms (result)
    juce::AudioParameterFloat* drift = nullptr;       // ppm (result)
    juce::AudioParameterFloat* takeError = nullptr;   // ms, the last take's p99 timing error (result)
    juce::AudioParameterFloat* progress = nullptr;    // % of the running operation (result)
    juce::AudioParameterBool* arp = nullptr;          // the Arp's port is open (result)
    ChoiceParameter* error = nullptr;                 // the last failure's code, "none" (result)
    juce::AudioParameterBool* send = nullptr;         // button: sends the take to the Arp (verified) without playing it

    // The error codes of capture-plugin/src/errors.ts, in the Error parameter's order after "none"; "OTHER" last.
    static const juce::StringArray& errorCodes();

    // Creates the parameters and adds them to the processor. Thread-safe: no (constructor). Realtime-safe: no.
    static CaptureParameters addTo(juce::AudioProcessor& processor);

    // Writes the results from a status (NaN shows as 0), calling `changed` for each value that changed.
    // Thread-safe: yes (JUCE's parameters notify the host from any thread). Realtime-safe: no.
    void publish(const CoreStatus& status, bool arpConnected, const std::function<void(juce::AudioProcessorParameter&)>& changed) const;
};

}  // namespace vcpi::capture
